import { pino, type Logger } from 'pino';
import { currentContext } from './context/request-context.js';

export type { Logger };

/** JSON logs; every line written during a request or job carries its request id and tenant. */
export function createLogger(options: { level: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['*.password', '*.token', '*.secret', 'req.headers.cookie', 'req.headers.authorization'],
      },
      mixin() {
        const context = currentContext();
        return context ? { requestId: context.requestId, tenantId: context.tenantId } : {};
      },
    },
    options.destination ?? process.stdout,
  );
}
