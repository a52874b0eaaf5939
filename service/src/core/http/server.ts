import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../app.js';

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then cuts what is left at the deadline. */
  close(deadlineMs: number): Promise<void>;
}

/** Listens on `port` (0 = an ephemeral port, for tests), with the app's WebSockets at `/ws`. */
export async function listen(app: App, options: { host: string; port: number }): Promise<RunningServer> {
  const handler = app.koa.callback();
  const server = createServer((request, response) => void handler(request, response));
  server.keepAliveTimeout = 5_000;
  const stopRealtime = await app.realtime.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;

  return {
    server,
    url,
    async close(deadlineMs) {
      app.beginDraining();
      // WebSockets are told to reconnect elsewhere (1001) first: an open one would hold the server open.
      await stopRealtime();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), deadlineMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
