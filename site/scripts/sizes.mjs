// The JavaScript each dashboard page loads before it can be used, gzipped: its module scripts, island
// components and renderers, and everything they import statically. Lazy imports (the chart library)
// are listed apart. `npm run sizes -w site` after a build; the budget test reads `pageSizes`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const BUDGET_BYTES = 100 * 1024;

const STATIC_IMPORT = /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /import\(\s*["'](\.{1,2}\/[^"']+\.js)["']\s*\)/g;
const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;
const ENTRY = /(?:src|component-url|renderer-url)="(\/_astro\/[^"]+\.js)"/g;

function gzipped(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** Every module `entry` loads before running (static imports, transitively), and its lazy imports. */
function closure(dist, entries) {
  const eager = new Set();
  const lazy = new Set();
  const visit = (file) => {
    if (eager.has(file)) return;
    eager.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(STATIC_IMPORT)) visit(path.resolve(path.dirname(file), spec));
    for (const [, spec] of source.matchAll(DYNAMIC_IMPORT)) lazy.add(path.resolve(path.dirname(file), spec));
  };
  for (const entry of entries) visit(path.join(dist, entry));
  for (const file of eager) lazy.delete(file);
  return { eager, lazy };
}

/** Per page: gzipped bytes of the JavaScript it needs at load, and of what it loads later on demand. */
export function pageSizes(dist) {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => {
      const html = readFileSync(path.join(dist, file), 'utf8');
      const entries = [...new Set([...html.matchAll(ENTRY)].map((match) => match[1]))];
      const { eager, lazy } = closure(dist, entries);
      const sum = (files) => [...files].reduce((total, name) => total + gzipped(name), 0);
      const inline = [...html.matchAll(INLINE_SCRIPT)].map((match) => match[1]).join('\n');
      const inlineBytes = inline.trim() ? gzipSync(inline, { level: 9 }).length : 0;
      return {
        page: file.replace(/\.html$/, ''),
        bytes: sum(eager) + inlineBytes,
        lazyBytes: sum(lazy),
        modules: eager.size,
      };
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.env.CLOSER_SITE_DIST || fileURLToPath(new URL('../dist', import.meta.url));
  if (!existsSync(dist)) {
    console.error(`${dist} does not exist: build the site first (npm run build)`);
    process.exit(1);
  }
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('page                 JS at load (gzip)   loaded on demand   modules');
  for (const row of pageSizes(dist)) {
    const flag = row.bytes > BUDGET_BYTES ? '  OVER BUDGET' : '';
    console.log(
      `${row.page.padEnd(20)} ${kb(row.bytes).padStart(17)}   ${kb(row.lazyBytes).padStart(16)}   ${String(row.modules).padStart(7)}${flag}`,
    );
  }
}
