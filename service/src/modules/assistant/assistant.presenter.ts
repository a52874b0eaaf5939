import type { AssistantReply } from './assistant.commands.js';
import type { AssistantTurn } from './assistant.tables.js';

/** The web console's JSON is the reply model itself; Slack and Teams render it (Block Kit, Adaptive Cards). */
export const presentReply = (reply: AssistantReply): AssistantReply => reply;

export const presentTurn = (turn: AssistantTurn) => ({
  id: turn.id,
  text: turn.text,
  via: turn.via,
  status: turn.status,
  changes: turn.changes.length,
  expiresAt: turn.expiresAt.toISOString(),
  createdAt: turn.createdAt.toISOString(),
});
