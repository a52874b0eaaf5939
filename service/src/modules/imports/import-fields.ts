/**
 * What each import type can fill in: the field catalogue the importer validates against and the preview
 * offers for mapping. Field names are a contract with the importer. Aliases are lower-cased header
 * spellings seen in exports of Salesforce (Data Loader's upper-cased API names), HubSpot, Pipedrive and the
 * Maven CRM sample dataset; `suggestMapping` (import-presets.ts) also ignores spaces, `_` and punctuation.
 */
import { contactRoles } from '../contacts/contacts.tables.js';
import { customerStatuses, industries, sizeBands } from '../customers/customers.tables.js';
import {
  interactionDirections,
  interactionOutcomes,
  interactionTypes,
} from '../interactions/interactions.tables.js';
import { competitionLevels, opportunityStatuses } from '../opportunities/opportunities.tables.js';
import { taskPriorities, taskStatuses, taskVisibilities } from '../tasks/tasks.tables.js';
import type { ImportType } from './imports.tables.js';
import {
  cleanCell,
  parseBoolean,
  parseCountry,
  parseCurrency,
  parseDate,
  parseDateTime,
  parseDecimal,
  parseDomain,
  parseEach,
  parseEmail,
  parseEnum,
  parseInteger,
  parseList,
  parseMoney,
  parsePercent,
  parsePhone,
  parseSizeBand,
  parseUrl,
  type Parsed,
  type ValueOptions,
} from './import-values.js';

export type FieldKind =
  | 'text'
  | 'email'
  | 'emails'
  | 'phone'
  | 'phones'
  | 'url'
  | 'domains'
  | 'date'
  | 'datetime'
  | 'integer'
  | 'decimal'
  | 'money'
  | 'percent'
  | 'currency'
  | 'country'
  | 'boolean'
  | 'enum'
  | 'list'
  | 'user_email'
  | 'user_emails';

export interface ImportField {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  choices?: readonly string[];
  /** Other spellings -> a choice (for `stage`, a text field: -> the stage kind `won` or `lost`). */
  synonyms?: Record<string, string>;
  /** The choice a value none of the others fits becomes (with a note), rather than a problem. */
  fallback?: string;
  aliases: readonly string[];
  description?: string;
}

interface FieldExtras {
  required?: boolean;
  fallback?: string;
  choices?: readonly string[];
  synonyms?: Record<string, string>;
  description?: string;
}

/** `aliases` is one string, spellings separated by `|`, to keep the catalogue readable. */
function field(
  name: string,
  label: string,
  kind: FieldKind,
  aliases: string,
  extras: FieldExtras = {},
): ImportField {
  const spellings = aliases === '' ? [] : aliases.split('|').map((alias) => alias.trim().toLowerCase());
  return { name, label, kind, aliases: Object.freeze(spellings), ...extras };
}

// ---------------------------------------------------------------------------------------------------
// Synonyms of enum values (case, spaces and punctuation are ignored when matching)

const INDUSTRY_SYNONYMS: Record<string, (typeof industries)[number]> = {
  technology: 'software',
  tech: 'software',
  'information technology': 'software',
  'it services': 'software',
  'computer software': 'software',
  saas: 'software',
  internet: 'software',
  electronics: 'manufacturing',
  finance: 'financial_services',
  financial: 'financial_services',
  banking: 'financial_services',
  insurance: 'financial_services',
  fintech: 'financial_services',
  medical: 'healthcare',
  health: 'healthcare',
  'health care': 'healthcare',
  hospital: 'healthcare',
  pharmaceuticals: 'healthcare',
  pharma: 'healthcare',
  biotechnology: 'healthcare',
  biotech: 'healthcare',
  'life sciences': 'healthcare',
  telecom: 'telecommunications',
  telco: 'telecommunications',
  communications: 'telecommunications',
  industrial: 'manufacturing',
  'heavy industry': 'manufacturing',
  automotive: 'manufacturing',
  machinery: 'manufacturing',
  chemicals: 'manufacturing',
  apparel: 'retail',
  ecommerce: 'retail',
  'consumer goods': 'retail',
  'higher education': 'education',
  edtech: 'education',
  'public sector': 'government',
  utilities: 'energy',
  'oil and gas': 'energy',
  'oil & gas': 'energy',
  mining: 'energy',
  entertainment: 'media',
  publishing: 'media',
  broadcasting: 'media',
  advertising: 'media',
  transportation: 'logistics',
  shipping: 'logistics',
  construction: 'real_estate',
  consulting: 'professional_services',
  services: 'professional_services',
  engineering: 'professional_services',
  legal: 'professional_services',
  accounting: 'professional_services',
  marketing: 'professional_services',
  employment: 'professional_services',
  staffing: 'professional_services',
  'food & beverage': 'hospitality',
  'food and beverage': 'hospitality',
  travel: 'hospitality',
  recreation: 'hospitality',
  'not for profit': 'nonprofit',
  ngo: 'nonprofit',
  charity: 'nonprofit',
  agriculture: 'other',
  environmental: 'other',
};

/** Salesforce Account TYPE and HubSpot lifecycle stages as customer statuses. */
const CUSTOMER_STATUS_SYNONYMS: Record<string, (typeof customerStatuses)[number]> = {
  lead: 'prospect',
  subscriber: 'prospect',
  'marketing qualified lead': 'prospect',
  marketingqualifiedlead: 'prospect',
  'sales qualified lead': 'prospect',
  salesqualifiedlead: 'prospect',
  opportunity: 'prospect',
  customer: 'active',
  client: 'active',
  'customer - direct': 'active',
  'customer - channel': 'active',
  evangelist: 'active',
  'former customer': 'churned',
  'former client': 'churned',
  inactive: 'churned',
  lost: 'churned',
};

const CONTACT_ROLE_SYNONYMS: Record<string, (typeof contactRoles)[number]> = {
  'decision maker': 'decision_maker',
  'economic buyer': 'decision_maker',
  'economic decision maker': 'decision_maker',
  'executive sponsor': 'decision_maker',
  'technical buyer': 'influencer',
  evaluator: 'influencer',
  'business user': 'user',
  'end user': 'user',
  sponsor: 'champion',
};

const OPPORTUNITY_STATUS_SYNONYMS: Record<string, (typeof opportunityStatuses)[number]> = {
  'closed won': 'won',
  closedwon: 'won',
  true: 'won',
  'closed lost': 'lost',
  closedlost: 'lost',
  false: 'lost',
  open: 'open',
  'in progress': 'open',
  active: 'open',
  pending: 'open',
  engaging: 'open',
  prospecting: 'open',
};

/** A stage named like this, when the pipeline has no stage of that name, is the pipeline's won or lost stage. */
const STAGE_KIND_SYNONYMS: Record<string, 'won' | 'lost'> = {
  'closed won': 'won',
  closedwon: 'won',
  won: 'won',
  'closed lost': 'lost',
  closedlost: 'lost',
  lost: 'lost',
};

const COMPETITION_SYNONYMS: Record<string, (typeof competitionLevels)[number]> = {
  'no competition': 'none',
  'no competitors': 'none',
  moderate: 'medium',
  med: 'medium',
  strong: 'high',
  weak: 'low',
};

const INTERACTION_TYPE_SYNONYMS: Record<string, (typeof interactionTypes)[number]> = {
  'phone call': 'call',
  phone: 'call',
  'log a call': 'call',
  'outbound call': 'call',
  'inbound call': 'call',
  'e-mail': 'email',
  mail: 'email',
  event: 'meeting',
  'video call': 'meeting',
  'video meeting': 'meeting',
  visit: 'meeting',
  lunch: 'meeting',
  presentation: 'demo',
  'product demo': 'demo',
  comment: 'note',
  sms: 'message',
  text: 'message',
  chat: 'message',
  whatsapp: 'message',
  'linkedin message': 'message',
  linkedin: 'message',
};

const DIRECTION_SYNONYMS: Record<string, (typeof interactionDirections)[number]> = {
  incoming: 'inbound',
  in: 'inbound',
  received: 'inbound',
  outgoing: 'outbound',
  out: 'outbound',
  sent: 'outbound',
};

const OUTCOME_SYNONYMS: Record<string, (typeof interactionOutcomes)[number]> = {
  good: 'positive',
  successful: 'positive',
  success: 'positive',
  interested: 'positive',
  ok: 'neutral',
  'no answer': 'neutral',
  'left voicemail': 'neutral',
  bad: 'negative',
  unsuccessful: 'negative',
  'not interested': 'negative',
};

const PRIORITY_SYNONYMS: Record<string, (typeof taskPriorities)[number]> = {
  urgent: 'critical',
  highest: 'critical',
  blocker: 'critical',
  p0: 'critical',
  p1: 'high',
  normal: 'medium',
  p2: 'medium',
  lowest: 'low',
  p3: 'low',
};

const TASK_STATUS_SYNONYMS: Record<string, (typeof taskStatuses)[number]> = {
  'not started': 'todo',
  'to do': 'todo',
  open: 'todo',
  new: 'todo',
  pending: 'todo',
  started: 'in_progress',
  doing: 'in_progress',
  'waiting on someone else': 'blocked',
  waiting: 'blocked',
  deferred: 'blocked',
  'on hold': 'blocked',
  completed: 'done',
  complete: 'done',
  closed: 'done',
  finished: 'done',
  canceled: 'cancelled',
};

const VISIBILITY_SYNONYMS: Record<string, (typeof taskVisibilities)[number]> = {
  personal: 'private',
  shared: 'collaborative',
  public: 'team',
};

// ---------------------------------------------------------------------------------------------------
// Fields shared by several types

const OWNER_DESCRIPTION =
  "The owner's email address in Closer. Salesforce's OWNERID and Pipedrive's Owner hold ids or names, not emails.";
const externalId = (aliases: string): ImportField =>
  field('externalId', 'External id', 'text', `external id|externalid|id|record id|${aliases}`, {
    description:
      'The record id in the system it comes from; re-importing the same id updates instead of duplicating.',
  });
const ownerEmail = (aliases: string): ImportField =>
  field(
    'ownerEmail',
    'Owner email',
    'user_email',
    `owner email|owner|ownerid|owner id|assigned to|${aliases}`,
    {
      description: OWNER_DESCRIPTION,
    },
  );
const team = field('team', 'Team', 'text', 'team|team name|sales team|regional_office|region');
const customerReference = [
  field(
    'customer',
    'Customer name',
    'text',
    'customer|customer name|company|company name|account|account name|organization|organisation|organization name|associated company',
    {
      description: 'Matched by name; the importer creates the customer when none has this name.',
    },
  ),
  field(
    'customerExternalId',
    'Customer external id',
    'text',
    'customer external id|accountid|account id|associated company id|organization id|company id',
  ),
];
const opportunityReference = [
  field(
    'opportunity',
    'Opportunity name',
    'text',
    'opportunity|opportunity name|deal|deal name|associated deal',
  ),
  field(
    'opportunityExternalId',
    'Opportunity external id',
    'text',
    'opportunity external id|opportunity id|opportunityid|deal id|whatid|related to id',
  ),
];

const customers: readonly ImportField[] = [
  externalId('account id|company id|organization id|account number|accountnumber'),
  field(
    'name',
    'Name',
    'text',
    'name|company|company name|account|account name|organization|organisation|organization name',
    { required: true },
  ),
  field(
    'domain',
    'Domain',
    'domains',
    'domain|domains|website|web site|website url|company domain name|url|web domain|web|homepage',
  ),
  field('industry', 'Industry', 'enum', 'industry|sector|vertical', {
    choices: industries,
    synonyms: INDUSTRY_SYNONYMS,
    fallback: 'other',
  }),
  field('tags', 'Tags', 'list', 'tags|labels|label|keywords|categories'),
  field(
    'sizeBand',
    'Company size',
    'enum',
    'size|company size|size band|employee range|employees range|headcount range',
    {
      choices: sizeBands,
      description:
        'A band such as 51-200, an employee count (250) or another range (201-500): read with parseSizeBand.',
    },
  ),
  field(
    'employees',
    'Employees',
    'integer',
    'employees|numberofemployees|number of employees|employee count|headcount|no of employees',
  ),
  field(
    'annualRevenue',
    'Annual revenue',
    'money',
    'annual revenue|annualrevenue|revenue|yearly revenue|total revenue',
    {
      description:
        "An amount, with its currency when the cell names one (the Maven dataset's revenue is in millions).",
    },
  ),
  field(
    'revenueCurrency',
    'Revenue currency',
    'currency',
    'revenue currency|currency|currencyisocode|currency iso code|annual revenue currency',
  ),
  field(
    'country',
    'Country',
    'country',
    'country|billingcountry|billing country|country/region|office_location|office location|hq country|shippingcountry',
  ),
  field('status', 'Status', 'enum', 'status|customer status|account type|type|lifecycle stage', {
    choices: customerStatuses,
    synonyms: CUSTOMER_STATUS_SYNONYMS,
  }),
  ownerEmail('account owner|company owner|customer owner'),
  team,
  field(
    'createdAt',
    'Created at',
    'datetime',
    'created at|createddate|created date|create date|created|date created|add time',
  ),
];

const contacts: readonly ImportField[] = [
  externalId('contact id|person id'),
  field('name', 'Full name', 'text', 'name|full name|contact name|contact|person|contact person', {
    description: 'The full name, or first and last name in their own columns: one of the two is required.',
  }),
  field('firstName', 'First name', 'text', 'first name|firstname|given name|forename'),
  field('lastName', 'Last name', 'text', 'last name|lastname|surname|family name'),
  field('title', 'Job title', 'text', 'title|job title|position|role title'),
  field('email', 'Email', 'emails', 'email|emails|email address|e-mail|work email|email 1'),
  field(
    'phone',
    'Phone',
    'phones',
    'phone|phones|phone number|mobile|mobilephone|mobile phone|mobile phone number|work phone|telephone',
  ),
  field('notes', 'Notes', 'text', 'notes|note|description|comments'),
  ...customerReference,
  field(
    'customerDomain',
    'Customer domain',
    'domains',
    'customer domain|company domain|company domain name|website|website url',
  ),
  field('role', 'Role', 'enum', 'role|contact role|buying role', {
    choices: contactRoles,
    synonyms: CONTACT_ROLE_SYNONYMS,
  }),
  ownerEmail('contact owner'),
];

const opportunities: readonly ImportField[] = [
  externalId('opportunity id|opportunity_id|deal id'),
  field('name', 'Name', 'text', 'name|opportunity|opportunity name|deal|deal name|title', {
    description: 'Default: the customer and the product ("Acme – GTX Pro"), else the external id.',
  }),
  ...customerReference,
  field(
    'customerDomain',
    'Customer domain',
    'domains',
    'customer domain|company domain|company domain name|website',
  ),
  field(
    'amount',
    'Amount',
    'money',
    'amount|value|deal value|deal amount|close_value|close value|opportunity amount|price',
  ),
  field(
    'currency',
    'Currency',
    'currency',
    'currency|currencyisocode|currency iso code|currency of value|deal currency',
  ),
  field('pipeline', 'Pipeline', 'text', 'pipeline|pipeline name|sales pipeline'),
  field(
    'stage',
    'Stage',
    'text',
    'stage|stagename|stage name|deal stage|deal_stage|sales stage|opportunity stage',
    {
      synonyms: STAGE_KIND_SYNONYMS,
      description:
        'Matched to a stage of the pipeline by name; "Closed Won" and "Won" (lost alike) mean its won (lost) stage.',
    },
  ),
  field('status', 'Status', 'enum', 'status|deal status|outcome|won/lost|result', {
    choices: opportunityStatuses,
    synonyms: OPPORTUNITY_STATUS_SYNONYMS,
  }),
  field(
    'expectedCloseDate',
    'Expected close date',
    'date',
    'expected close date|close date|closedate|close_date|expected close|due date',
    {
      description: 'For won and lost deals without a "closed at" column, also the date they closed.',
    },
  ),
  field(
    'closedAt',
    'Closed at',
    'date',
    'closed at|closed date|date closed|actual close date|won time|lost time|close time',
  ),
  field(
    'createdAt',
    'Created at',
    'datetime',
    'created at|createddate|created date|create date|deal created|engage_date|engage date|add time',
  ),
  ownerEmail('deal owner|opportunity owner|sales_agent|sales agent|sales rep|salesperson'),
  team,
  field('source', 'Source', 'text', 'source|leadsource|lead source|original source|deal source|channel'),
  field('competitors', 'Competitors', 'list', 'competitors|competitor|competition'),
  field('competitionLevel', 'Competition level', 'enum', 'competition level|competitive pressure', {
    choices: competitionLevels,
    synonyms: COMPETITION_SYNONYMS,
  }),
  field(
    'lostReason',
    'Lost reason',
    'text',
    'lost reason|loss reason|reason lost|closed lost reason|lost_reason',
  ),
  field('nextStep', 'Next step', 'text', 'next step|nextstep|next steps|next activity'),
  field(
    'probability',
    'Probability',
    'percent',
    'probability|probability (%)|win probability|deal probability|confidence',
  ),
  field('tags', 'Tags', 'list', 'tags|labels|label|deal type'),
  field('product', 'Product', 'text', 'product|products|product name|line item', {
    description:
      'Goes to the custom field whose key is "product" when the organization has one, else becomes a tag.',
  }),
];

const interactions: readonly ImportField[] = [
  externalId('activity id|event id|engagement id|call id'),
  field(
    'type',
    'Type',
    'enum',
    'type|activity type|interaction type|event type|engagement type|tasksubtype|channel',
    {
      required: true,
      choices: interactionTypes,
      synonyms: INTERACTION_TYPE_SYNONYMS,
    },
  ),
  field(
    'occurredAt',
    'Occurred at',
    'datetime',
    'occurred at|date|activity date|activitydate|activitydatetime|startdatetime|start date|start time|due date|timestamp|done time|activity date time',
    {
      required: true,
    },
  ),
  field(
    'durationMinutes',
    'Duration (minutes)',
    'integer',
    'duration|duration minutes|durationinminutes|duration (minutes)|minutes|call duration',
  ),
  field('direction', 'Direction', 'enum', 'direction|call direction|calltype|call type', {
    choices: interactionDirections,
    synonyms: DIRECTION_SYNONYMS,
  }),
  field('outcome', 'Outcome', 'enum', 'outcome|result|call outcome|calldisposition|disposition', {
    choices: interactionOutcomes,
    synonyms: OUTCOME_SYNONYMS,
  }),
  field('summary', 'Summary', 'text', 'summary|subject|description|notes|note|body|note body|details'),
  ...customerReference,
  ...opportunityReference,
  field('contactEmail', 'Contact email', 'email', 'contact email|contact|who|person email|attendee email'),
  field('nextStep', 'Next step', 'text', 'next step|nextstep|next steps|follow up'),
  ownerEmail('activity owner|assigned to|user'),
];

const tasks: readonly ImportField[] = [
  externalId('task id|activity id'),
  field('title', 'Title', 'text', 'title|subject|task|task title|name|task name', { required: true }),
  field('description', 'Description', 'text', 'description|notes|details|body|comments'),
  field('category', 'Category', 'text', 'category|task category|type|task type|tasksubtype'),
  field('priority', 'Priority', 'enum', 'priority|task priority|importance', {
    choices: taskPriorities,
    synonyms: PRIORITY_SYNONYMS,
  }),
  field('status', 'Status', 'enum', 'status|task status|state', {
    choices: taskStatuses,
    synonyms: TASK_STATUS_SYNONYMS,
  }),
  field('visibility', 'Visibility', 'enum', 'visibility|privacy|private', {
    choices: taskVisibilities,
    synonyms: VISIBILITY_SYNONYMS,
  }),
  field(
    'dueAt',
    'Due',
    'datetime',
    'due|due at|due date|activitydate|activity date|deadline|due date time|reminderdatetime',
    {
      description: 'A date and time, or a date alone (midnight UTC).',
    },
  ),
  field(
    'assigneeEmails',
    'Assignee emails',
    'user_emails',
    'assignees|assignee|assignee email|assignee emails|assigned to|ownerid|owner|task owner',
    {
      description: 'Email addresses of people in Closer, separated by ";", "|" or ",".',
    },
  ),
  ...customerReference,
  ...opportunityReference,
  field(
    'estimateMinutes',
    'Estimate (minutes)',
    'integer',
    'estimate|estimate minutes|estimated minutes|estimate (minutes)|time estimate',
  ),
];

const users: readonly ImportField[] = [
  field('email', 'Email', 'email', 'email|email address|e-mail|username|login|work email', {
    required: true,
  }),
  field('name', 'Name', 'text', 'name|full name|user name|sales_agent|sales agent|display name', {
    required: true,
  }),
  field('role', 'Role', 'text', 'role|user role|profile|profileid|title'),
  field('team', 'Team', 'text', 'team|team name|sales team|regional_office|department|region'),
];

export const IMPORT_FIELDS: Record<ImportType, readonly ImportField[]> = {
  customers,
  contacts,
  opportunities,
  interactions,
  tasks,
  users,
};

/** Each line cleaned as a cell, blank lines at either end dropped. */
function cleanLines(raw: string): string {
  return raw
    .split(/\r\n|\r|\n/)
    .map(cleanCell)
    .join('\n')
    .trim();
}

/** A parsed cell: text, number, boolean, list, or money. */
export type FieldValue = string | number | boolean | string[] | { amount: string; currency: string | null };

/**
 * Reads one cell for a field by its kind. `text` is trimmed (spaces folded); `enum` uses the field's
 * choices and synonyms (the customer size band also takes counts and ranges); `user_email(s)` checks the
 * shape only: whether the person is in the organization is the importer's question.
 */
export function parseField(importField: ImportField, raw: string, options: ValueOptions): Parsed<FieldValue> {
  switch (importField.kind) {
    case 'text':
      // Spaces fold within a line; a multi-line note or summary keeps its lines.
      return { ok: true, value: /[\r\n]/.test(raw) ? cleanLines(raw) : cleanCell(raw) };
    case 'email':
    case 'user_email':
      return parseEmail(raw);
    case 'emails':
    case 'user_emails':
      return parseEach(raw, parseEmail);
    case 'phone':
      return parsePhone(raw);
    case 'phones':
      return parseEach(raw, parsePhone);
    case 'url':
      return parseUrl(raw);
    case 'domains':
      return parseEach(raw, parseDomain);
    case 'date':
      return parseDate(raw, options);
    case 'datetime':
      return parseDateTime(raw, options);
    case 'integer':
      return parseInteger(raw, options);
    case 'decimal':
      return parseDecimal(raw, options);
    case 'money':
      return parseMoney(raw, options);
    case 'percent':
      return parsePercent(raw, options);
    case 'currency':
      return parseCurrency(raw, options);
    case 'country':
      return parseCountry(raw);
    case 'boolean':
      return parseBoolean(raw);
    case 'list':
      return parseList(raw);
    case 'enum':
      if (importField.choices === sizeBands) return parseSizeBand(raw);
      return parseEnum(raw, importField.choices ?? [], importField.synonyms);
  }
}
