/**
 * Slack and Teams as notification channels, through a small interface the assistant (bots) implements
 * and the composition root (`main.ts`) registers: `service` never imports `bots` (ARCHITECTURE.md).
 * Until a channel is registered, its deliveries are skipped with "chat channel not connected", logged,
 * and visible in the delivery log.
 */
import type { NotificationKind } from './notifications.tables.js';

export type ChatPlatform = 'slack' | 'teams';

export interface ChatMessage {
  title: string;
  body: string;
  /** Absolute link to the record in the dashboard. */
  link: string;
  kind: NotificationKind;
}

export interface ChatChannel {
  platform: ChatPlatform;
  /** Sends the message to the member's direct messages; `not_linked` when they never linked an account. */
  deliverToChat(
    user: { tenantId: string; userId: string },
    message: ChatMessage,
  ): Promise<'sent' | 'not_linked'>;
}

const channels = new Map<ChatPlatform, ChatChannel>();

/** Makes a platform deliverable; returns a function that unregisters it (shutdown, tests). */
export function registerChatChannel(channel: ChatChannel): () => void {
  channels.set(channel.platform, channel);
  return () => {
    if (channels.get(channel.platform) === channel) channels.delete(channel.platform);
  };
}

export function chatChannel(platform: ChatPlatform): ChatChannel | undefined {
  return channels.get(platform);
}
