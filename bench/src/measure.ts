import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** CPU time this process spent per request during the measured run (servers run in this process). */
  cpuMicrosPerRequest: number;
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

/**
 * Drives `url` with autocannon in its own process (so the load generator does not share the server's
 * event loop): a short warm-up, then the measured run.
 */
export async function load(
  url: string,
  options: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const args = ['-c', String(options.connections)];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}=${value}`);
  await runAutocannon(url, [...args, '-d', '1']);
  const cpuBefore = process.cpuUsage();
  const result = await runAutocannon(url, [...args, '-d', String(options.seconds)]);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    cpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, result.requests.total),
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export function formatRow(name: string, result: LoadResult): string {
  return `${name.padEnd(34)} ${result.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${result.p50Ms
    .toFixed(2)
    .padStart(6)} ms   p99 ${result.p99Ms.toFixed(2).padStart(6)} ms   cpu ${result.cpuMicrosPerRequest
    .toFixed(0)
    .padStart(4)} µs/req   errors ${result.errors + result.non2xx}`;
}
