import { foreignKey, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, timestampColumn } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';
import type { TaskPriority, TaskStatus, TaskVisibility } from '../tasks/tasks.tables.js';

export const assistantVias = ['web', 'slack', 'teams'] as const;

/** A change a turn made, enough to take it back. */
export type TurnChange =
  | { kind: 'interaction'; id: string }
  | { kind: 'contact'; id: string }
  | { kind: 'task'; id: string }
  | { kind: 'new_opportunity'; id: string }
  | { kind: 'goal'; id: string }
  | { kind: 'task_status'; id: string; before: string }
  | {
      kind: 'task_fields';
      id: string;
      /** What the fields the change touched were before it (an instant as ISO text). */
      before: {
        dueAt?: string | null;
        priority?: TaskPriority;
        status?: TaskStatus;
        progress?: number;
        visibility?: TaskVisibility;
        assigneeIds?: string[];
      };
    }
  | {
      kind: 'opportunity';
      id: string;
      before: { amount: string; currency: string; stageId: string; expectedCloseDate: string | null };
    };

/** A command the assistant holds until the person confirms it (a low-confidence reading, a deal won or lost). */
export interface PendingCommand {
  intent: string;
  entities: Record<string, unknown>;
}

/** `asking`: a command missing something, waiting (ten minutes) for the member's next message to complete it. */
export const turnStatuses = ['done', 'pending', 'undone', 'cancelled', 'asking', 'answered'] as const;

/**
 * One message a person sent the assistant and what came of it: the changes it made (so Undo can take
 * them back within ten minutes), or the commands it holds until confirmed. Per user, per conversation.
 */
export const assistantTurns = pgTable(
  'assistant_turns',
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    via: text('via', { enum: assistantVias }).notNull(),
    conversation: text('conversation').notNull(),
    text: text('text').notNull(),
    status: text('status', { enum: turnStatuses }).notNull(),
    changes: jsonb('changes').$type<TurnChange[]>().notNull().default([]),
    pending: jsonb('pending').$type<PendingCommand[]>().notNull().default([]),
    expiresAt: timestampColumn('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id], name: 'assistant_turns_tenant_fk' }),
    index('assistant_turns_user_idx').on(t.tenantId, t.userId, t.conversation, t.createdAt),
  ],
);

export type AssistantTurn = typeof assistantTurns.$inferSelect;
