/** What the loopback stand-ins for Slack and Microsoft share: reading a request body, waiting for calls. */
import type { IncomingMessage } from 'node:http';

/** The body as JSON or as a form (`formValue` may decode a field, as Slack's JSON-in-form fields). */
export async function requestBody(
  request: IncomingMessage,
  formValue: (value: string) => unknown = (value) => value,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((request.headers['content-type'] ?? '').includes('json'))
    return JSON.parse(text) as Record<string, unknown>;
  const form: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) form[key] = formValue(value);
  return form;
}

/** Resolves with the matching calls once there are `count`; fails after `timeoutMs` saying what came. */
export async function waitForCalls<Call>(
  calls: Call[],
  matches: (call: Call) => boolean,
  options: { count: number; timeoutMs: number; describe: (found: number) => string },
): Promise<Call[]> {
  const until = Date.now() + options.timeoutMs;
  for (;;) {
    const found = calls.filter(matches);
    if (found.length >= options.count) return found;
    if (Date.now() > until) throw new Error(options.describe(found.length));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
