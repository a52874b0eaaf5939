/**
 * The port the bots talk to the service through (ARCHITECTURE.md: the bots never touch the database).
 * The composition root (`service/src/main.ts`) hands in the service's chat directory, which has exactly
 * this shape; nothing here knows how it is stored.
 */

export type Platform = 'slack' | 'teams';

export type ReplyLineKind = 'changed' | 'answer' | 'question' | 'problem';

/** The platform-neutral reply the assistant core returns; each adapter renders it. */
export interface Reply {
  turnId: string | null;
  text: string;
  lines: { kind: ReplyLineKind; text: string; link?: string }[];
  actions: ReplyButton[];
}

export type ReplyActionName = 'undo' | 'confirm' | 'cancel';

export interface ReplyButton {
  action: ReplyActionName;
  label: string;
  turnId: string;
  expiresAt: string;
}

/** Where a member is reached without a message from them. */
export type Address = { channel: string } | { reference: Record<string, unknown> };

export interface Workspace {
  tenantId: string;
  platform: Platform;
  externalId: string;
  name: string;
  botToken: string | undefined;
  botUserId: string | null;
  alertChannel: string | null;
}

export interface Account {
  platform: Platform;
  workspaceId: string;
  externalUserId: string;
}

export interface Member {
  tenantId: string;
  userId: string;
  name: string;
  account: Account;
}

export interface ChatDirectory {
  /** Absolute base of links to the dashboard. */
  publicUrl: string;
  workspace(platform: Platform, externalId: string): Promise<Workspace | undefined>;
  member(account: Account): Promise<Member | undefined>;
  link(account: Account, email: string, address?: Address): Promise<Member | undefined>;
  remember(member: Member, address: Address): Promise<void>;
  say(member: Member, text: string, conversation: string): Promise<Reply>;
  press(member: Member, turnId: string, action: ReplyActionName): Promise<Reply>;
  /** What a link to a Closer record shows the member; undefined when it is not theirs to see. */
  unfurl(member: Member, url: string): Promise<{ title: string; text: string } | undefined>;
  addressesOf(
    tenantId: string,
    userId: string,
    platform: Platform,
  ): Promise<{ workspace: Workspace; externalUserId: string; address: Address | null }[]>;
}

/** A notification to deliver in chat (the service's notification channel contract). */
export interface ChatNotification {
  title: string;
  body: string;
  /** Absolute link to the record. */
  link: string;
  kind: string;
}

/** A reply that only tells something (a problem line, no buttons). */
export function notice(text: string): Reply {
  return { turnId: null, text, lines: [{ kind: 'problem', text }], actions: [] };
}

/** What the bots tell people who write before their account is linked, or in an unbound workspace. */
export const SENTENCES = {
  unboundWorkspace:
    'This workspace is not connected to a Closer organization yet. An admin can connect it in Closer under Integrations.',
  noAccount: (email: string | undefined) =>
    email
      ? `I could not find a Closer account for ${email} in this organization. Ask your admin for an invitation, then write to me again.`
      : 'I could not see your email address, so I cannot find your Closer account. Ask your admin to link you.',
  linked: (name: string) => `Hi ${name}, your chat account is now linked to Closer.`,
} as const;
