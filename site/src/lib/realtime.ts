/**
 * One WebSocket per page to `/ws`: events by name to whoever listens, reconnecting with backoff and
 * resuming after the last event seen (`?lastEventId=`), so a blip loses nothing.
 */
export interface RealtimeMessage {
  id: number | null;
  name: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

type Listener = (message: RealtimeMessage) => void;

const listeners = new Map<string, Set<Listener>>();
let socket: WebSocket | undefined;
let lastEventId: number | null = null;
let retry = 0;
let started = false;

function dispatch(message: RealtimeMessage): void {
  for (const key of [message.name, '*']) for (const listener of listeners.get(key) ?? []) listener(message);
}

function connect(): void {
  const url = new URL('/ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (lastEventId !== null) url.searchParams.set('lastEventId', String(lastEventId));
  socket = new WebSocket(url);
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as RealtimeMessage;
    if (message.id !== null) lastEventId = message.id;
    retry = 0;
    dispatch(message);
  });
  socket.addEventListener('close', (event) => {
    // 4401/4403: signed out or no access; reconnecting would be refused again.
    if (event.code === 4401 || event.code === 4403) return;
    // 4409: the resume point is gone; start afresh (listeners reload what they show on `connection.ready`).
    if (event.code === 4409) lastEventId = null;
    const delay = Math.min(30_000, 500 * 2 ** retry++) * (0.75 + Math.random() / 2);
    setTimeout(connect, delay);
  });
}

/** Listens to one event name (or `*`); returns the function that stops listening. */
export function onRealtime(name: string, listener: Listener): () => void {
  if (!started) {
    started = true;
    connect();
  }
  const set = listeners.get(name) ?? new Set<Listener>();
  set.add(listener);
  listeners.set(name, set);
  return () => set.delete(listener);
}

/** Whether the socket is open now (tests and the status dot read it). */
export function realtimeOpen(): boolean {
  return socket?.readyState === WebSocket.OPEN;
}
