import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ACCESS_CHANNEL, type CallerResolver } from '../../core/auth/callers.js';
import { SESSION_COOKIE } from '../../core/auth/session-token.js';
import type { Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import type { Logger } from '../../core/logger.js';
import { createChannels, type Connection } from './realtime.channels.js';
import { connectionClosed, connectionOpened } from './realtime.commands.js';
import { REALTIME_CLOSE, type RealtimeCloseReason } from './realtime.errors.js';
import { accessDependencies, cookieOriginAllowed, sameAccess } from './realtime.policy.js';
import { touchPresence } from './realtime.repo.js';
import { parseResumePoint } from './realtime.schema.js';

/** The NOTIFY channel of migration 0015: `<tenant id>:<event id>` of each realtime event, at commit. */
export const REALTIME_CHANNEL = 'closer_realtime';
export const WEBSOCKET_PATH = '/ws';

export interface RealtimeGatewayOptions {
  db: Database;
  logger: Logger;
  callers: CallerResolver;
  /** Pages of this origin may open a socket with their cookie. */
  publicUrl: string;
  /** Ping (and re-check the caller) this often; a socket that missed the last pong is cut. */
  pingIntervalMs?: number;
}

export interface RealtimeGateway {
  /** This process's name in `presence` rows. */
  readonly instanceId: string;
  /** Serves `/ws` on the server (API processes); resolves to the function that stops it. */
  attach(server: Server): Promise<() => Promise<void>>;
  /** Open connections on this process. */
  connectionCount(): number;
}

type Credential = Connection['credential'];
type Decision = { actor: TenantActor; credential: Credential } | { refuse: RealtimeCloseReason };

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** Authorization (API keys, any client) before the cookie (browsers on Closer's own origin only). */
function credentialOf(request: IncomingMessage, publicUrl: string): Credential | RealtimeCloseReason {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? { kind: 'apiKey', value: match[1]! } : 'unauthenticated';
  }
  const token = cookieValue(request.headers.cookie, SESSION_COOKIE);
  if (!token || token.length > 100) return 'unauthenticated';
  if (!cookieOriginAllowed(request.headers.origin, publicUrl)) return 'forbidden';
  return { kind: 'session', value: token };
}

/** WebSockets at `/ws`: authentication at the upgrade, fan-out of realtime events, presence. */
export function createRealtimeGateway(options: RealtimeGatewayOptions): RealtimeGateway {
  const { db, logger, callers } = options;
  const instanceId = randomUUID();
  const connections = new Set<Connection>();
  const channels = createChannels({ db, logger });
  let stopping = false;

  async function resolve(credential: Credential): Promise<Decision> {
    try {
      const actor =
        credential.kind === 'apiKey'
          ? await callers.byApiKey(credential.value)
          : await callers.bySession(credential.value);
      if (!actor) return { refuse: 'unauthenticated' };
      if (!actor.tenantId) return { refuse: 'forbidden' };
      return { actor: actor as TenantActor, credential };
    } catch (error) {
      if (error instanceof AppError && error.code === 'tenant_suspended') return { refuse: 'forbidden' };
      if (error instanceof AppError && error.code === 'unauthenticated') return { refuse: 'unauthenticated' };
      throw error;
    }
  }

  async function decide(request: IncomingMessage): Promise<Decision> {
    const credential = credentialOf(request, options.publicUrl);
    if (typeof credential === 'string') return { refuse: credential };
    return resolve(credential);
  }

  const refuse = (ws: WebSocket, reason: RealtimeCloseReason) =>
    ws.close(REALTIME_CLOSE[reason].code, REALTIME_CLOSE[reason].reason);

  /**
   * Presence changes of one organization run one at a time on this process: they serialize on the
   * organization's lock anyway, and waiting here holds no pooled connection (a reconnect storm would
   * otherwise take them all while waiting for the lock).
   */
  const presenceQueues = new Map<string, Promise<void>>();
  const presence = (actor: TenantActor, opened: boolean): Promise<void> => {
    const previous = presenceQueues.get(actor.tenantId) ?? Promise.resolve();
    const next = previous.then(() =>
      db.transaction({ tenantId: actor.tenantId, userId: actor.userId }, (tx) => {
        const input = { tx, tenantId: actor.tenantId, userId: actor.userId, instanceId };
        return opened ? connectionOpened(input) : connectionClosed(input);
      }),
    );
    const settled = next.catch(() => undefined);
    presenceQueues.set(actor.tenantId, settled);
    void settled.then(() => {
      if (presenceQueues.get(actor.tenantId) === settled) presenceQueues.delete(actor.tenantId);
    });
    return next;
  };

  async function open(ws: WebSocket, decision: Extract<Decision, { actor: unknown }>, resumeFrom?: number) {
    const { actor, credential } = decision;
    const connection: Connection = {
      ws,
      actor,
      credential,
      dependencies: accessDependencies(actor),
      alive: true,
      live: false,
      closed: false,
    };
    connections.add(connection);
    const opened = presence(actor, true);
    ws.on('pong', () => (connection.alive = true));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      connection.closed = true;
      connections.delete(connection);
      channels.leave(connection);
      if (stopping) return;
      // After its own "opened" (or its failure): a quick close never counts before the open.
      opened
        .catch(() => undefined)
        .then(() => presence(actor, false))
        .catch((error: unknown) => logger.warn({ err: error }, 'presence update failed'));
    });
    await opened;
    if (!(await channels.join(connection, resumeFrom))) refuse(ws, 'resumeUnknown');
  }

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, wss: WebSocketServer) {
    const url = new URL(request.url ?? '/', 'http://closer.invalid');
    let decision: Decision;
    try {
      decision = await decide(request);
    } catch (error) {
      logger.error({ err: error }, 'websocket authentication failed');
      socket.destroy();
      return;
    }
    if (stopping) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if ('refuse' in decision) return refuse(ws, decision.refuse);
      const header = request.headers['last-event-id'];
      const resume = parseResumePoint(
        url.searchParams.get('lastEventId') ?? (typeof header === 'string' ? header : undefined),
      );
      if (resume === 'unknown') return refuse(ws, 'resumeUnknown');
      open(ws, decision, resume).catch((error: unknown) => {
        logger.error({ err: error }, 'websocket could not be opened');
        ws.close(1011, 'Internal error; reconnect');
      });
    });
  }

  /** Someone's access changed somewhere: re-check the connections that depended on that row. */
  async function recheck(connection: Connection, dependency?: string): Promise<void> {
    if (dependency) callers.forget(dependency);
    const decision = await resolve(connection.credential);
    if (connection.closed) return;
    if ('refuse' in decision) refuse(connection.ws, decision.refuse);
    else if (!sameAccess(connection.actor, decision.actor)) refuse(connection.ws, 'accessChanged');
  }

  const recheckAll = (dependency?: string) => {
    for (const connection of connections) {
      if (dependency && !connection.dependencies.includes(dependency)) continue;
      recheck(connection, dependency).catch((error: unknown) =>
        logger.warn({ err: error }, 'websocket re-check failed'),
      );
    }
  };

  function heartbeat(): void {
    for (const connection of connections) {
      if (!connection.alive) {
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
    recheckAll();
    for (const tenantId of channels.tenantIds()) {
      db.transaction({ tenantId }, (tx) => touchPresence(tx, instanceId)).catch((error: unknown) =>
        logger.warn({ err: error }, 'presence heartbeat failed'),
      );
    }
  }

  async function stop(wss: WebSocketServer): Promise<void> {
    stopping = true;
    const held = new Map<string, TenantActor>();
    for (const connection of connections) {
      held.set(`${connection.actor.tenantId}:${connection.actor.userId}`, connection.actor);
      refuse(connection.ws, 'goingAway');
    }
    const cut = setTimeout(() => wss.clients.forEach((ws) => ws.terminate()), 1_000);
    await Promise.all(
      [...held.values()].map((actor) =>
        db
          .transaction({ tenantId: actor.tenantId, userId: actor.userId }, (tx) =>
            connectionClosed({ tx, tenantId: actor.tenantId, userId: actor.userId, instanceId, all: true }),
          )
          .catch((error: unknown) => logger.warn({ err: error }, 'presence cleanup failed')),
      ),
    );
    await new Promise<void>((done) => wss.close(() => done()));
    clearTimeout(cut);
  }

  return {
    instanceId,
    connectionCount: () => connections.size,
    async attach(server) {
      const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024, clientTracking: true });
      const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        socket.on('error', () => socket.destroy());
        if (new URL(request.url ?? '/', 'http://closer.invalid').pathname !== WEBSOCKET_PATH) {
          socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        void upgrade(request, socket, head, wss);
      };
      const stopEvents = await db.listen(REALTIME_CHANNEL, {
        onMessage(payload) {
          const [tenantId, id] = payload.split(':');
          if (tenantId) channels.wake(tenantId, Number(id));
        },
        onLost: () => logger.warn('realtime listener lost; catching up when it is back'),
        onRestored: () => channels.wakeAll(),
      });
      const stopAccess = await db.listen(ACCESS_CHANNEL, {
        onMessage: (dependency) => recheckAll(dependency),
        onLost: () => undefined,
        onRestored: () => recheckAll(),
      });
      const timer = setInterval(heartbeat, options.pingIntervalMs ?? 30_000);
      timer.unref();
      server.on('upgrade', onUpgrade);
      let stopped: Promise<void> | undefined;
      return () =>
        (stopped ??= (async () => {
          server.off('upgrade', onUpgrade);
          clearInterval(timer);
          await stop(wss);
          await stopEvents();
          await stopAccess();
        })());
    },
  };
}
