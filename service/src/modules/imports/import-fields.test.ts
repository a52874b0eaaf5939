import { describe, expect, it } from '@jest/globals';
import { IMPORT_FIELDS, parseField, type ImportField } from './import-fields.js';
import { importTypes } from './imports.tables.js';
import type { ValueOptions } from './import-values.js';

const options: ValueOptions = { dateOrder: 'dmy', decimalSeparator: '.' };
const fieldOf = (type: keyof typeof IMPORT_FIELDS, name: string): ImportField => {
  const found = IMPORT_FIELDS[type].find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no field ${type}.${name}`);
  return found;
};

describe('the import field catalogue', () => {
  it('has fields for every import type, with the names the importer uses', () => {
    expect(Object.keys(IMPORT_FIELDS).sort()).toEqual([...importTypes].sort());
    const names = Object.fromEntries(
      importTypes.map((type) => [type, IMPORT_FIELDS[type].map((f) => f.name)]),
    );
    expect(names).toEqual({
      customers: [
        'externalId',
        'name',
        'domain',
        'industry',
        'tags',
        'sizeBand',
        'employees',
        'annualRevenue',
        'revenueCurrency',
        'country',
        'status',
        'ownerEmail',
        'team',
        'createdAt',
      ],
      contacts: [
        'externalId',
        'name',
        'firstName',
        'lastName',
        'title',
        'email',
        'phone',
        'notes',
        'customer',
        'customerExternalId',
        'customerDomain',
        'role',
        'ownerEmail',
      ],
      opportunities: [
        'externalId',
        'name',
        'customer',
        'customerExternalId',
        'customerDomain',
        'amount',
        'currency',
        'pipeline',
        'stage',
        'status',
        'expectedCloseDate',
        'closedAt',
        'createdAt',
        'ownerEmail',
        'team',
        'source',
        'competitors',
        'competitionLevel',
        'lostReason',
        'nextStep',
        'probability',
        'tags',
        'product',
      ],
      interactions: [
        'externalId',
        'type',
        'occurredAt',
        'durationMinutes',
        'direction',
        'outcome',
        'summary',
        'customer',
        'customerExternalId',
        'opportunity',
        'opportunityExternalId',
        'contactEmail',
        'nextStep',
        'ownerEmail',
      ],
      tasks: [
        'externalId',
        'title',
        'description',
        'category',
        'priority',
        'status',
        'visibility',
        'dueAt',
        'assigneeEmails',
        'customer',
        'customerExternalId',
        'opportunity',
        'opportunityExternalId',
        'estimateMinutes',
      ],
      users: ['email', 'name', 'role', 'team'],
    });
  });

  it('marks the required fields', () => {
    const required = Object.fromEntries(
      importTypes.map((type) => [
        type,
        IMPORT_FIELDS[type].filter((f) => f.required === true).map((f) => f.name),
      ]),
    );
    expect(required).toEqual({
      customers: ['name'],
      contacts: [],
      opportunities: [], // a deal's name defaults to its customer and product
      interactions: ['type', 'occurredAt'],
      tasks: ['title'],
      users: ['email', 'name'],
    });
  });

  it.each(importTypes)(
    '%s: enums have choices, synonyms point at a choice, aliases are lower case',
    (type) => {
      for (const importField of IMPORT_FIELDS[type]) {
        expect(importField.aliases.length).toBeGreaterThan(0);
        for (const alias of importField.aliases) expect(alias).toBe(alias.toLowerCase());
        if (importField.kind === 'enum') {
          expect(importField.choices?.length).toBeGreaterThan(0);
          for (const value of Object.values(importField.synonyms ?? {}))
            expect(importField.choices).toContain(value);
        }
      }
    },
  );
});

describe('parseField', () => {
  it.each([
    ['customers', 'name', '  Acme\u00a0 Corp ', 'Acme Corp'],
    ['customers', 'domain', 'https://www.acme.com; acme.io', ['acme.com', 'acme.io']],
    ['customers', 'industry', 'technolgy', 'software'],
    ['customers', 'industry', 'medical', 'healthcare'],
    ['customers', 'industry', 'finance', 'financial_services'],
    ['customers', 'industry', 'telecom', 'telecommunications'],
    ['customers', 'sizeBand', '250', '201-1000'],
    ['customers', 'employees', '2,822', 2822],
    ['customers', 'annualRevenue', '$1,100.04', { amount: '1100.04', currency: 'USD' }],
    ['customers', 'country', 'United States', 'US'],
    ['customers', 'status', 'Customer - Direct', 'active'],
    ['contacts', 'email', 'a@acme.com, B@acme.com', ['a@acme.com', 'b@acme.com']],
    ['contacts', 'phone', '415-555-0000 | +1 415 555 0001', ['4155550000', '+14155550001']],
    ['contacts', 'role', 'Economic Buyer', 'decision_maker'],
    ['opportunities', 'status', 'Closed Won', 'won'],
    ['opportunities', 'status', 'closedwon', 'won'],
    ['opportunities', 'status', 'true', 'won'],
    ['opportunities', 'stage', 'Closed Won', 'Closed Won'],
    ['opportunities', 'probability', '10', '10'],
    ['opportunities', 'expectedCloseDate', '2017-03-01', '2017-03-01'],
    ['opportunities', 'competitors', 'Acme; Globex', ['Acme', 'Globex']],
    ['interactions', 'type', 'Phone call', 'call'],
    ['interactions', 'type', 'E-mail', 'email'],
    ['interactions', 'occurredAt', '2025-03-31 10:00', '2025-03-31T10:00:00.000Z'],
    ['tasks', 'priority', 'Urgent', 'critical'],
    ['tasks', 'status', 'Not Started', 'todo'],
    ['tasks', 'status', 'Completed', 'done'],
    ['tasks', 'dueAt', '31/03/2025', '2025-03-31T00:00:00.000Z'],
    ['tasks', 'assigneeEmails', 'a@acme.com;b@acme.com', ['a@acme.com', 'b@acme.com']],
  ] as const)('%s.%s reads %j', (type, name, raw, expected) => {
    const parsed = parseField(fieldOf(type, name), raw, options);
    expect(parsed.ok ? parsed.value : parsed.message).toEqual(expected);
  });

  it('fails with the parser’s message', () => {
    expect(parseField(fieldOf('tasks', 'priority'), 'whenever', options)).toEqual({
      ok: false,
      message: 'expected one of critical, high, medium, low, not "whenever"',
    });
    expect(parseField(fieldOf('contacts', 'email'), 'a@acme.com; nope', options)).toEqual({
      ok: false,
      message: 'expected an email address like jane@acme.com, not "nope"',
    });
  });
});

describe('parseField on text', () => {
  it('folds spaces within a line and keeps the lines of a multi-line note', () => {
    const summary = fieldOf('interactions', 'summary');
    expect(parseField(summary, '  Called   Jane\u00a0Doe ', options)).toEqual({
      ok: true,
      value: 'Called Jane Doe',
    });
    expect(parseField(summary, '\nAgenda:\r\n  pricing   review\rnext steps \n', options)).toEqual({
      ok: true,
      value: 'Agenda:\npricing review\nnext steps',
    });
  });
});
