/**
 * Suggesting which column fills which field, from the headers alone: exact field names and labels first,
 * then the aliases of the field catalogue (spellings of Salesforce Data Loader, HubSpot, Pipedrive and
 * others), then the organization's custom fields by key or label. Also names the CRM the file seems to
 * come from, so the preview can say "looks like a Salesforce export".
 */
import { IMPORT_FIELDS } from './import-fields.js';
import type { ImportType } from './imports.tables.js';

export type ImportPreset = 'salesforce' | 'hubspot' | 'pipedrive';

export interface MappingSuggestion {
  /** Field name (`name`, `custom.<key>`) -> the header that fills it. */
  mapping: Record<string, string>;
  preset: ImportPreset | null;
  /** Headers no field takes, in file order. */
  unmapped: string[];
}

const ACCENTS = /[\u0300-\u036f]/g;
const SALESFORCE_CUSTOM = /__c$/i;
const NOT_ALPHANUMERIC = /[^a-z0-9]+/g;

/** `Company Domain Name`, `company_domain_name` and `COMPANYDOMAINNAME` are one spelling; so are `X__c` and `X`. */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .replace(SALESFORCE_CUSTOM, '')
    .normalize('NFD')
    .replace(ACCENTS, '')
    .toLowerCase()
    .replace(NOT_ALPHANUMERIC, '');
}

interface Candidate {
  field: string;
  /** Lower is better: 0 the field's own name or label, then aliases in catalogue order. */
  rank: number;
}

/** Normalised spelling -> the fields it may stand for, best first; built once per import type. */
const SPELLINGS = new Map<ImportType, Map<string, Candidate[]>>();

function spellingsOf(type: ImportType): Map<string, Candidate[]> {
  let spellings = SPELLINGS.get(type);
  if (spellings !== undefined) return spellings;
  spellings = new Map();
  const add = (spelling: string, candidate: Candidate): void => {
    const key = normaliseHeader(spelling);
    if (key === '') return;
    const list = spellings.get(key) ?? [];
    if (!list.some((existing) => existing.field === candidate.field)) list.push(candidate);
    spellings.set(key, list);
  };
  for (const field of IMPORT_FIELDS[type]) {
    add(field.name, { field: field.name, rank: 0 });
    add(field.label, { field: field.name, rank: 0 });
    field.aliases.forEach((alias, i) => add(alias, { field: field.name, rank: 1 + i }));
  }
  SPELLINGS.set(type, spellings);
  return spellings;
}

// Headers that only one CRM's export writes (normalised); two of them name the preset.
const PRESET_SIGNS: Record<ImportPreset, ReadonlySet<string>> = {
  salesforce: new Set(
    [
      'ISDELETED',
      'MASTERRECORDID',
      'SYSTEMMODSTAMP',
      'CREATEDBYID',
      'LASTMODIFIEDBYID',
      'LASTMODIFIEDDATE',
      'LASTACTIVITYDATE',
      'OWNERID',
      'ACCOUNTID',
      'STAGENAME',
      'CLOSEDATE',
      'LEADSOURCE',
      'ISCLOSED',
      'ISWON',
      'FORECASTCATEGORY',
      'NUMBEROFEMPLOYEES',
      'ANNUALREVENUE',
      'BILLINGCOUNTRY',
      'BILLINGCITY',
      'PARENTID',
      'RECORDTYPEID',
      'WHATID',
      'WHOID',
      'ACTIVITYDATE',
      'CURRENCYISOCODE',
    ].map(normaliseHeader),
  ),
  hubspot: new Set(
    [
      'Record ID',
      'Contact ID',
      'Company Domain Name',
      'Deal Stage',
      'Deal Name',
      'Contact owner',
      'Deal owner',
      'Company owner',
      'Lifecycle Stage',
      'Lead Status',
      'Associated Company ID',
      'Associated Company',
      'Associated Deals',
      'HubSpot Score',
      'Original Source',
      'Create Date',
      'Country/Region',
      'State/Region',
      'Number of Associated Deals',
      'Website URL',
    ].map(normaliseHeader),
  ),
  pipedrive: new Set(
    [
      'Currency of Value',
      'Weighted value',
      'Currency of Weighted value',
      'Deal created',
      'Organization ID',
      'Contact person',
      'Contact person ID',
      'Update time',
      'Last stage change',
      'Won time',
      'Lost time',
      'Next activity date',
      'Deal closed on',
    ].map(normaliseHeader),
  ),
};

/** The CRM whose export headers these are: at least two of its own headers (Salesforce: or `__c` columns). */
function presetOf(headers: readonly string[]): ImportPreset | null {
  let best: ImportPreset | null = null;
  let bestScore = 1;
  for (const preset of Object.keys(PRESET_SIGNS) as ImportPreset[]) {
    const signs = PRESET_SIGNS[preset];
    const score = headers.filter(
      (header) =>
        signs.has(normaliseHeader(header)) ||
        (preset === 'salesforce' && SALESFORCE_CUSTOM.test(header.trim())),
    ).length;
    if (score > bestScore) {
      best = preset;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Data Loader's success and error files repeat the records with a last `STATUS` ("Item Created") or
 * `ERROR` column: not the record's status (only Salesforce tasks have a STATUS field, and theirs comes first).
 */
function isDataLoaderResult(type: ImportType, header: string): boolean {
  return (header === 'STATUS' && type !== 'tasks') || header === 'ERROR';
}

interface Match {
  header: string;
  column: number;
  field: string;
  rank: number;
}

/**
 * Which header fills which field of `type`. Each header fills at most one field and each field takes at
 * most one header: the best-ranked pairs win (a field's own name or label, then its earlier aliases, then
 * the earlier column). Custom fields are `custom.<key>`, matched by key or label: after a built-in
 * field's own name or label, before aliases.
 */
export function suggestMapping(
  type: ImportType,
  headers: readonly string[],
  customFields: readonly { key: string; label: string }[],
): MappingSuggestion {
  const spellings = spellingsOf(type);
  const custom = new Map<string, string>();
  for (const definition of customFields) {
    for (const spelling of [definition.key, definition.label]) {
      const key = normaliseHeader(spelling);
      if (key !== '' && !custom.has(key)) custom.set(key, `custom.${definition.key}`);
    }
  }
  // An organization's own field named like the header beats an alias, not a built-in field's own name.
  const customRank = 0.5;
  const preset = presetOf(headers);
  const matches: Match[] = [];
  headers.forEach((header, column) => {
    if (preset === 'salesforce' && isDataLoaderResult(type, header)) return;
    const key = normaliseHeader(header);
    for (const candidate of spellings.get(key) ?? []) matches.push({ header, column, ...candidate });
    const customField = custom.get(key);
    if (customField !== undefined) matches.push({ header, column, field: customField, rank: customRank });
  });
  matches.sort((a, b) => a.rank - b.rank || a.column - b.column);
  const chosen = new Map<string, string>();
  const usedFields = new Set<string>();
  const usedColumns = new Set<number>();
  const usedHeaders = new Set<string>();
  for (const match of matches) {
    if (usedFields.has(match.field) || usedColumns.has(match.column) || usedHeaders.has(match.header))
      continue;
    chosen.set(match.field, match.header);
    usedFields.add(match.field);
    usedColumns.add(match.column);
    usedHeaders.add(match.header);
  }
  // In catalogue order, custom fields last, so the preview lists them as the form does.
  const order = [
    ...IMPORT_FIELDS[type].map((field) => field.name),
    ...customFields.map((d) => `custom.${d.key}`),
  ];
  const mapping: Record<string, string> = {};
  for (const field of order) {
    const header = chosen.get(field);
    if (header !== undefined) mapping[field] = header;
  }
  return {
    mapping,
    preset,
    unmapped: headers.filter((_, column) => !usedColumns.has(column)),
  };
}
