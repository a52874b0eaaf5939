/** A browser-like client for tests: keeps the session cookie and sends the CSRF token on unsafe requests. */
export class TestClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  bearer: string | undefined;

  constructor(readonly baseUrl: string) {}

  static withKey(baseUrl: string, key: string): TestClient {
    const client = new TestClient(baseUrl);
    client.bearer = key;
    return client;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const init: RequestInit = { method, headers: { ...headers } };
    const allHeaders = init.headers as Record<string, string>;
    if (this.cookie) allHeaders.cookie = this.cookie;
    if (this.bearer) allHeaders.authorization = `Bearer ${this.bearer}`;
    if (this.csrfToken && method !== 'GET') allHeaders['x-csrf-token'] = this.csrfToken;
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof FormData || body instanceof Uint8Array)
        init.body = body as NonNullable<RequestInit['body']>;
      else {
        allHeaders['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
    }
    const response = await fetchOnce(`${this.baseUrl}${path}`, init);
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    return response;
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  patch = (path: string, body?: unknown) => this.request('PATCH', path, body ?? {});
  delete = (path: string) => this.request('DELETE', path);

  /** Signs in; keeps the cookie and CSRF token for the following requests. */
  async login(email: string, password: string): Promise<Record<string, unknown>> {
    const response = await this.post('/api/v1/auth/login', { email, password });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200)
      throw new Error(`login ${email} failed: ${response.status} ${JSON.stringify(body)}`);
    this.csrfToken = body.csrfToken as string;
    return body;
  }
}

/**
 * fetch, tried a second time when the first try died on a connection the server had closed. A test
 * that keeps the event loop busy for longer than the server's keep-alive timeout (seeding thousands
 * of rows into PGlite in the same process) can hand fetch a pooled socket the server has just closed:
 * reading from it fails with a reset, writing a request body to it with EPIPE. Either way the request
 * never reached the server, so sending it again is safe.
 */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
    if (!STALE_SOCKET.has(code ?? '')) throw error;
    return fetch(url, init);
  }
}

/** Parses a JSON response body, failing the test with the body text when it is not JSON. */
export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected JSON, got ${response.status}: ${text.slice(0, 300)}`);
  }
}
