/**
 * The bots, mounted: the composition root's (`main.ts`) second file, shared with the test app so tests
 * run the bots exactly as production does. The Slack and Teams adapters (`bots/`) get the service's chat
 * directory and nothing else; their notification channels are registered with the notifications module.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { createSlackBot, createTeamsBot, type HttpAnswer } from '@closer/bots';
import type { Config } from './core/config/config.js';
import type { Database } from './core/db/database.js';
import type { Logger } from './core/logger.js';
import { AppError } from './core/errors/app-error.js';
import { createChatDirectory } from './modules/integrations/chat-directory.js';
import { registerChatChannel } from './modules/notifications/chat-channel.js';

export interface MountedBots {
  routers: Router[];
  /** Waits for bot work still running after its acknowledgement. */
  settle(): Promise<void>;
  /** Unregisters the notification channels. */
  close(): Promise<void>;
}

const MAX_BOT_BODY = 1024 * 1024;

/** The exact bytes of the request: the JSON body parser keeps them; a form body is read here. */
async function rawBodyOf(ctx: Context): Promise<string> {
  const kept = (ctx.request as { rawBody?: string }).rawBody;
  if (typeof kept === 'string') return kept;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BOT_BODY) throw new AppError('payload_too_large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function write(ctx: Context, answer: HttpAnswer): void {
  ctx.status = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) ctx.set(name, value);
  if (answer.body !== undefined) ctx.body = answer.body;
  else ctx.body = '';
}

export function mountBots(deps: { db: Database; config: Config; logger: Logger }): MountedBots {
  const directory = createChatDirectory(deps);
  const logger = deps.logger.child({ module: 'bots' });
  const slack = createSlackBot({ directory, settings: deps.config.chat.slack, logger });
  const teams = createTeamsBot({ directory, settings: deps.config.chat.teams, logger });
  const unregister = [registerChatChannel(slack.channel), registerChatChannel(teams.channel)];

  const router = new Router();
  router.post('/slack/events', async (ctx) => {
    write(ctx, await slack.handle({ headers: ctx.headers, rawBody: await rawBodyOf(ctx) }));
  });
  router.post('/api/messages', async (ctx) => {
    write(ctx, await teams.handle({ headers: ctx.headers, body: ctx.request.body }));
  });
  return {
    routers: [router],
    settle: () => slack.settle(),
    async close() {
      for (const off of unregister) off();
      await slack.settle();
    },
  };
}
