/** The assistant in Slack and Microsoft Teams: platform adapters over the service's chat directory. */
export type { ChatDirectory, ChatNotification, Reply } from './core/directory.js';
export type { BotLogger, HttpAnswer, HttpRequest } from './core/http.js';
export { toAdaptiveCard, toSlackMessage } from './core/render.js';
export { createSlackBot, type SlackBot, type SlackSettings } from './slack/slack-bot.js';
export { createTeamsBot, type TeamsBot, type TeamsSettings } from './teams/teams-bot.js';
