import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** What the load generator saw in one run. */
export interface LoadResult {
  requestsPerSecond: number;
  /** Requests autocannon saw answered in the run (it leaves the last in-flight ones uncounted). */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

function runAutocannon(url: string, args: string[]): Promise<AutocannonJson> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [autocannonBin, '--json', ...args, url], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output) as AutocannonJson)
        : reject(new Error(`autocannon exited ${code}`)),
    );
  });
}

export interface LoadOptions {
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
}

/**
 * Drives `url` with autocannon for `seconds`. Autocannon runs in its own process, so neither its event
 * loop nor its CPU time is the server's (run the server in another child process too, and read its
 * `process.cpuUsage()` around this call).
 */
export async function load(url: string, options: LoadOptions): Promise<LoadResult> {
  const args = ['-c', String(options.connections), '-d', String(options.seconds)];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}=${value}`);
  const result = await runAutocannon(url, args);
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors, // timeouts included
    non2xx: result.non2xx,
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
