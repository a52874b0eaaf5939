/**
 * Which contact "Liam at Acme Software" means: one of Acme Software's contacts, by the name the parser
 * gives (or another it says fits as well), or by the first name when that is all the message says; else a
 * contact of no customer by that name. A namesake at another account is never taken instead: someone Acme
 * Software does not have yet is a new contact there (the interaction's writer adds them). Two that fit
 * are asked about.
 */
import type { Command as ParsedCommand } from '@closer/nlp';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { CommandInput as Command } from '../../core/module/module.js';
import { visibleWhere as contactsVisible } from '../contacts/contacts.policy.js';

type Actor = Command['actor'];

/**
 * The contact settled: its id and name, none (someone new at the customer, by the name as written), or what
 * to say instead: a question the next message can answer (`asks`), or why it cannot be told apart.
 */
export type ContactAtCustomer =
  | { contactId: string; contact: string }
  | { contactId: null; contact: string }
  | { reply: string; asks: boolean };

interface Candidate {
  id: string;
  name: string;
  customers: string[];
}

const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
const firstWord = (name: string) => fold(name).split(' ')[0] ?? '';
const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The words of `name` as written in `text` (its casing), when they are there as whole words. */
const writtenIn = (text: string, name: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name.trim())}(?![\\p{L}\\p{N}])`, 'iu').exec(text)?.[0];

/** The actor's visible contacts named one of `names` or with the first name `first`, with their customers. */
async function candidates(actor: Actor, tx: Tx, names: string[], first: string): Promise<Candidate[]> {
  const rows = await queryRows<{ id: string; name: string; customers: string | null }>(
    tx,
    sql`select contacts.id, contacts.name, string_agg(at_customer.customer_id::text, ',') as customers
      from contacts
      left join contact_customers at_customer on at_customer.tenant_id = contacts.tenant_id
        and at_customer.contact_id = contacts.id
      where ${contactsVisible(actor) ?? sql`contacts.deleted_at is null`}
        and (lower(contacts.name) in (${sql.join(
          names.map((name) => sql`${name}`),
          sql`, `,
        )}) or split_part(lower(contacts.name), ' ', 1) = ${first})
      group by contacts.id, contacts.name
      order by contacts.name, contacts.id`,
  );
  return rows.map((row) => ({ ...row, customers: row.customers?.split(',') ?? [] }));
}

const listed = (names: string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');

/**
 * The contact a command names at the customer it names (`customerId`, `customer` as the reply says it), from
 * the parser's name and the alternatives it gives, against the message's words (`text`).
 */
export async function contactAtCustomer(input: {
  actor: Actor;
  tx: Tx;
  command: ParsedCommand;
  customerId: string;
  customer: string;
  text: string;
}): Promise<ContactAtCustomer> {
  const { command, customerId, text } = input;
  const name = String(command.entities.contact);
  const names = [name, ...(command.alternatives?.contact ?? [])].map(fold);
  // "Liam": the parser may give the Liam it knows best; any Liam of the customer fits as well.
  const fullName = name.includes(' ') ? writtenIn(text, name) : undefined;
  const found = await candidates(input.actor, input.tx, names, firstWord(name));
  const fits = (candidate: Candidate) =>
    names.includes(fold(candidate.name)) || (!fullName && firstWord(candidate.name) === firstWord(name));
  const atCustomer = found.filter((candidate) => candidate.customers.includes(customerId) && fits(candidate));
  const pool = atCustomer.length
    ? atCustomer
    : found.filter((candidate) => !candidate.customers.length && names.includes(fold(candidate.name)));
  // An answer to the question below comes back with the message: the full name it gives decides.
  const named = pool.filter((candidate) => writtenIn(text, candidate.name));
  const chosen = pool.length === 1 ? pool : named.length === 1 ? named : pool;
  if (chosen.length === 1) return { contactId: chosen[0]!.id, contact: chosen[0]!.name };
  const said = fullName ?? writtenIn(text, firstWord(name)) ?? name;
  if (!chosen.length) return { contactId: null, contact: said };
  const distinct = [...new Set(chosen.map((candidate) => candidate.name))];
  if (distinct.length < chosen.length)
    return {
      reply: `${input.customer} has ${chosen.length} contacts called ${said}: log this one from the contact's page in the dashboard.`,
      asks: false,
    };
  return { reply: `Which ${said} at ${input.customer}: ${listed(distinct)}?`, asks: true };
}
