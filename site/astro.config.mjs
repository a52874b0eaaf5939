// The dashboard: static pages served by the service at `/`, Preact islands, a Workbox service worker.
import preact from '@astrojs/preact';
import AstroPWA from '@vite-pwa/astro';
import { defineConfig } from 'astro/config';

// CLOSER_SITE_DIST builds elsewhere than site/dist (several checkouts or builds side by side); the
// service reads the same variable.
const outDir = process.env.CLOSER_SITE_DIST;

export default defineConfig({
  output: 'static',
  ...(outDir && { outDir }),
  // `/pipeline` is `pipeline.html`: the service serves it without a trailing slash or a redirect.
  build: { format: 'file', inlineStylesheets: 'never' },
  trailingSlash: 'never',
  devToolbar: { enabled: false },
  server: { port: 4321 },
  vite: {
    server: {
      proxy: { '/api': 'http://localhost:3000', '/ws': { target: 'ws://localhost:3000', ws: true } },
    },
  },
  integrations: [
    preact(),
    AstroPWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'autoUpdate',
      ...(outDir && { outDir }),
      injectRegister: false,
      manifest: {
        name: 'Closer',
        short_name: 'Closer',
        description: 'The chat-first sales CRM: pipeline, tasks and customers.',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#0f172a',
        theme_color: '#1d4ed8',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        shortcuts: [
          { name: 'Pipeline', url: '/pipeline' },
          { name: 'Tasks', url: '/tasks' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{html,js,css,svg,png,webmanifest}'],
        ...(outDir && { globDirectory: outDir }),
      },
      devOptions: { enabled: false },
    }),
  ],
});
