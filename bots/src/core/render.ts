/**
 * The reply model rendered for each platform: Block Kit for Slack (at most 50 blocks, 3,000 characters a
 * section), Adaptive Cards 1.5 for Teams (under 40 KB). One line of the reply is one block or one text
 * block; a line with a record has a link to it; the turn's buttons (Undo, Confirm, Cancel) come last.
 */
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { ChatNotification, Reply, ReplyButton } from './directory.js';

export const SLACK_MAX_BLOCKS = 50;
export const SLACK_MAX_SECTION = 3_000;
export const TEAMS_MAX_CARD_BYTES = 40 * 1024;

/** Slack's action ids of the reply buttons; the value is the turn. */
export const SLACK_ACTION_PREFIX = 'closer_';

const MARKS: Record<Reply['lines'][number]['kind'], string> = {
  changed: '✅',
  answer: '',
  question: '❓',
  problem: '⚠️',
};

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function absolute(publicUrl: string, link: string): string {
  return /^https?:\/\//.test(link) ? link : `${publicUrl}${link}`;
}

function slackLine(line: Reply['lines'][number], publicUrl: string): string {
  const mark = MARKS[line.kind] ? `${MARKS[line.kind]} ` : '';
  const open = line.link ? ` <${absolute(publicUrl, line.link)}|Open>` : '';
  return clip(`${mark}${slackEscape(line.text)}`, SLACK_MAX_SECTION - open.length) + open;
}

function slackButton(button: ReplyButton): Button {
  return {
    type: 'button',
    action_id: `${SLACK_ACTION_PREFIX}${button.action}`,
    text: { type: 'plain_text', text: button.label },
    value: button.turnId,
    ...(button.action === 'confirm' ? { style: 'primary' as const } : {}),
    ...(button.action === 'cancel' ? { style: 'danger' as const } : {}),
  };
}

/** The reply as a Slack message: `text` is the notification fallback, `blocks` what people see. */
export function toSlackMessage(reply: Reply, publicUrl: string): { text: string; blocks: KnownBlock[] } {
  const room = SLACK_MAX_BLOCKS - (reply.actions.length ? 1 : 0);
  const lines = reply.lines.map((line) => slackLine(line, publicUrl));
  // More lines than blocks: the last block carries the rest, still within a section's size.
  const shown = lines.length > room ? [...lines.slice(0, room - 1), lines.slice(room - 1).join('\n')] : lines;
  const blocks: KnownBlock[] = shown.map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: clip(text, SLACK_MAX_SECTION) },
  }));
  if (!blocks.length)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: slackEscape(reply.text) } });
  if (reply.actions.length) {
    const actions: ActionsBlock = { type: 'actions', elements: reply.actions.map(slackButton) };
    blocks.push(actions);
  }
  return { text: clip(reply.text, 3_000), blocks };
}

/** A notification as a Slack message with a button to the record. */
export function notificationToSlack(notification: ChatNotification): { text: string; blocks: KnownBlock[] } {
  return {
    text: `${notification.title}: ${notification.body}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: clip(
            `*${slackEscape(notification.title)}*\n${slackEscape(notification.body)}`,
            SLACK_MAX_SECTION,
          ),
        },
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'closer_open',
            text: { type: 'plain_text', text: 'Open in Closer' },
            url: notification.link,
          },
        ],
      },
    ],
  };
}

/** An Adaptive Card 1.5 as Teams takes it (the attachment's `content`). */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  /** Refreshes the card in place for whoever sees it (Universal Actions). */
  refresh?: Record<string, unknown>;
}

const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

function cardLine(line: Reply['lines'][number], publicUrl: string): Record<string, unknown> {
  const mark = MARKS[line.kind] ? `${MARKS[line.kind]} ` : '';
  const text = line.link
    ? `${mark}${line.text} [Open](${absolute(publicUrl, line.link)})`
    : `${mark}${line.text}`;
  return {
    type: 'TextBlock',
    text,
    wrap: true,
    ...(line.kind === 'problem' ? { color: 'Attention' } : {}),
    ...(line.kind === 'changed' ? { color: 'Good' } : {}),
  };
}

function cardButton(button: ReplyButton): Record<string, unknown> {
  return {
    type: 'Action.Execute',
    title: button.label,
    verb: button.action,
    data: { turnId: button.turnId },
    ...(button.action === 'confirm' ? { style: 'positive' } : {}),
    ...(button.action === 'cancel' ? { style: 'destructive' } : {}),
  };
}

/** The reply as an Adaptive Card, under Teams' 40 KB: lines that would not fit are counted in a last one. */
export function toAdaptiveCard(reply: Reply, publicUrl: string): AdaptiveCard {
  const lines = reply.lines.length ? reply.lines : [{ kind: 'answer' as const, text: reply.text }];
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: '1.5',
    body: [],
    ...(reply.actions.length ? { actions: reply.actions.map(cardButton) } : {}),
  };
  // Room for the closing "and N more" line.
  let bytes = Buffer.byteLength(JSON.stringify(card)) + 200;
  for (const [index, line] of lines.entries()) {
    const block = cardLine({ ...line, text: clip(line.text, 2_000) }, publicUrl);
    bytes += Buffer.byteLength(JSON.stringify(block)) + 1;
    if (bytes > TEAMS_MAX_CARD_BYTES) {
      card.body.push({ type: 'TextBlock', text: `…and ${lines.length - index} more`, wrap: true });
      break;
    }
    card.body.push(block);
  }
  return card;
}

/** A notification as an Adaptive Card with a button to the record. */
export function notificationToCard(notification: ChatNotification): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: '1.5',
    body: [
      { type: 'TextBlock', text: notification.title, weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: notification.body, wrap: true },
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'Open in Closer', url: notification.link }],
  };
}
