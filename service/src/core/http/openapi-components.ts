import type { JsonSchema } from './openapi-schemas.js';

export const RESPONSE_REF = '#/components/responses/';

/** `components.schemas.Problem`: the RFC 9457 body `writeProblem` sends (see `problem.ts`). */
export const problemSchema: JsonSchema = {
  type: 'object',
  description: 'An RFC 9457 problem document; every error Closer answers has this shape.',
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      description: 'A stable URI per error code, e.g. `https://closer.dev/problems/validation-failed`.',
    },
    title: { type: 'string', description: 'The HTTP status text.' },
    status: { type: 'integer', description: 'The HTTP status code.' },
    detail: { type: 'string', description: 'What went wrong, for a developer.' },
    code: { type: 'string', description: 'The error code to branch on, e.g. `validation_failed`.' },
    requestId: { type: 'string', description: 'The request id to quote when reporting a problem.' },
    errors: {
      type: 'array',
      description: 'Each invalid field, for validation failures.',
      items: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
            description: 'Where the field came from and its dotted path, e.g. `body.email`.',
          },
          message: { type: 'string' },
        },
        required: ['path', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
  examples: [
    {
      type: 'https://closer.dev/problems/validation-failed',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'body.email: Invalid email address',
      code: 'validation_failed',
      requestId: '0195f2c1-7d3a-7c4e-9a51-3f0e8b1d2c4a',
      errors: [{ path: 'body.email', message: 'Invalid email address' }],
    },
  ],
};

interface SharedProblem {
  name: string;
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

/** Error responses described once in `components.responses`; operations reference them by status. */
export const PROBLEM_RESPONSES: Partial<Record<number, SharedProblem>> = {
  400: { name: 'BadRequest', description: 'The request body is not valid JSON.' },
  401: { name: 'Unauthorized', description: 'No valid session cookie or API key was sent.' },
  403: {
    name: 'Forbidden',
    description:
      'The caller lacks the required permission, or a cookie-authenticated unsafe request has no valid `X-CSRF-Token`.',
  },
  404: { name: 'NotFound', description: 'No such record in your organization.' },
  409: { name: 'Conflict', description: 'The request conflicts with the current state of the record.' },
  422: {
    name: 'ValidationFailed',
    description: 'The body, query or path parameters are invalid; `errors` lists each field with its path.',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many attempts; retry after the number of seconds in `Retry-After`.',
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before retrying.',
        schema: { type: 'integer', minimum: 0 },
      },
    },
  },
  500: {
    name: 'InternalError',
    description: 'Something went wrong on our side; it was logged with the request id.',
  },
};

export function problemResponseComponents(): Record<
  string,
  { description: string; headers?: SharedProblem['headers']; content: Record<string, { schema: JsonSchema }> }
> {
  return Object.fromEntries(
    Object.values(PROBLEM_RESPONSES)
      .filter((problem) => problem !== undefined)
      .map((problem) => [
        problem.name,
        {
          description: problem.description,
          ...(problem.headers ? { headers: problem.headers } : {}),
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      ]),
  );
}

/** How a caller proves who they are; operations list the combinations they accept. */
export const SECURITY_SCHEMES = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'closer_session',
    description: 'The HttpOnly session cookie set by `POST /api/v1/auth/login`.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: 'The `csrfToken` returned at sign-in; required with the session cookie on unsafe methods.',
  },
  bearerApiKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key: `Authorization: Bearer <key>`. Keys hold a subset of their creator’s permissions.',
  },
};
