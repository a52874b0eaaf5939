/**
 * The dashboard's one way to the API: typed from the service's OpenAPI document (`api-schema.ts`,
 * generated), with the session's CSRF token on unsafe requests and RFC 9457 problems as `ApiError`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api-schema';

export type Schemas = components['schemas'];

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** A refused request: its problem document, and what went wrong per field. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
  /** The server's message for one field (`name`, `contacts.0.email`), if it named that field. */
  field(path: string): string | undefined {
    return this.problem.errors?.find((error) => fieldPath(error.path) === path)?.message;
  }
}

/** `body.title` and `query.limit` name the field `title`, `limit`: forms know their fields by those. */
function fieldPath(path: string): string {
  return path.replace(/^(body|query|params)\./, '');
}

const CSRF_KEY = 'closer.csrf';
let csrfToken: string | null =
  typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(CSRF_KEY);

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

/** The token unsafe requests carry (the outbox hands it to the service worker for replays). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

/** A signed-out caller goes to the sign-in page and comes back here afterwards. */
export function toSignIn(): never {
  const next = location.pathname + location.search;
  location.assign(`/login?next=${encodeURIComponent(next)}`);
  throw new ApiError({ title: 'Signed out', status: 401 });
}

function problemOf(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'status' in error && 'title' in error) return error as Problem;
  return { title: response.statusText || 'Request failed', status: response.status };
}

/**
 * The data of an openapi-fetch answer, or an `ApiError`; 401 sends the person to sign in.
 * `await unwrap(api.GET('/api/v1/tasks', { params: { query } }))`.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  { redirectOn401 = true } = {},
): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch {
    throw new ApiError({
      title: 'Offline',
      status: 0,
      detail: 'Closer cannot be reached. Check your connection.',
    });
  }
  const { data, error, response } = answer;
  if (response.ok) return data as T;
  if (response.status === 401 && redirectOn401) toSignIn();
  throw new ApiError(problemOf(error, response));
}

/** A human sentence for any error a call can throw. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.problem.errors?.map((item) => `${fieldPath(item.path)}: ${item.message}`).join('; ');
    return fields || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Follows `nextCursor` until the list ends or `cap` items are read; `capped` says the list went on. */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  cap: number,
): Promise<{ items: T[]; capped: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const answer = await page(cursor);
    items.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
  } while (cursor && items.length < cap);
  return { items: items.slice(0, cap), capped: !!cursor || items.length > cap };
}
