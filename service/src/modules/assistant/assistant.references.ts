/**
 * The records a write command refers to, settled before it is carried out or held for Confirm: the task
 * a change means (`assistant.task-references.ts`), the contact at the customer named
 * (`assistant.contact-references.ts`). What it settles goes into the command's entities (`taskId`,
 * `contactId`), so a Confirm later acts on the same record; what it cannot settle is said or asked here,
 * and the command goes no further.
 */
import type { Command as ParsedCommand } from '@closer/nlp';
import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { CommandInput as Command } from '../../core/module/module.js';
import { toChatReply } from '../../errors.js';
import type { ReplyLine } from './assistant.commands.js';
import { contactAtCustomer } from './assistant.contact-references.js';
import type { TurnChange } from './assistant.tables.js';
import { pointsBack, previousTasks, taskReferredTo } from './assistant.task-references.js';

export { pointsBack } from './assistant.task-references.js';

/** What stops a command: the reply, and the slots the next message may fill. */
export interface Unsettled {
  lines: ReplyLine[];
  changes: TurnChange[];
  ask?: string[];
}

interface Input {
  actor: Command['actor'];
  tx: Tx;
  /** The member's customers by lower-case name, and the conversation the message is in. */
  known: { customers: Map<string, string>; conversation?: string };
  command: ParsedCommand;
  text: string;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const asked = (text: string, ask: string[]): Unsettled => ({
  lines: [{ kind: 'question', text }],
  changes: [],
  ask,
});
const quoted = (titles: string[]) =>
  titles.length > 1
    ? `${titles
        .slice(0, -1)
        .map((title) => `"${title}"`)
        .join(', ')} or "${titles.at(-1)}"`
    : `"${titles[0]}"`;

/** The command with what it refers to settled, or what to say instead. */
export async function referTo(input: Input): Promise<{ command: ParsedCommand } | Unsettled> {
  const { command } = input;
  if (command.intent === 'update_task' || command.intent === 'complete_task') return taskOf(input);
  if (command.intent === 'log_interaction') return contactOf(input);
  return { command };
}

async function taskOf(input: Input): Promise<{ command: ParsedCommand } | Unsettled> {
  const { actor, tx, known, command } = input;
  const settled = (task: { id: string; title: string }, sure: boolean) => ({
    command: {
      ...command,
      entities: { ...command.entities, taskId: task.id, title: task.title },
      missing: command.missing.filter((slot) => slot !== 'title'),
      // The reading was unsure for want of a title; the task the member just changed is not in doubt.
      confirm: sure ? false : command.confirm,
    },
  });
  if (pointsBack(command)) {
    const tasks = await previousTasks(actor, tx, known.conversation);
    if (tasks.length === 1) return settled(tasks[0]!.task, true);
    return asked(
      tasks.length
        ? `Which task do you mean: ${quoted(tasks.map(({ task }) => task.title))}?`
        : 'Which task do you mean? Name it, like "mark the Acme deck done".',
      ['title'],
    );
  }
  if (command.missing.length) return { command };
  try {
    const { task } = await taskReferredTo({
      actor,
      tx,
      customers: known.customers,
      entities: { ...command.entities },
    });
    return settled(task, false);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { lines: [{ kind: 'problem', text: toChatReply(error).sentence }], changes: [] };
  }
}

async function contactOf(input: Input): Promise<{ command: ParsedCommand } | Unsettled> {
  const { command } = input;
  const customer = str(command.entities.customer);
  const customerId = customer && input.known.customers.get(customer.toLowerCase());
  if (!str(command.entities.contact) || !customer || !customerId) return { command };
  const contact = await contactAtCustomer({ ...input, customerId, customer });
  if ('reply' in contact)
    return contact.asks
      ? asked(contact.reply, ['contact'])
      : { lines: [{ kind: 'problem', text: contact.reply }], changes: [] };
  return { command: { ...command, entities: { ...command.entities, ...contact } } };
}
