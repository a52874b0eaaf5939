import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { normaliseHeader, suggestMapping } from './import-presets.js';

describe('normaliseHeader', () => {
  it.each([
    ['Company Domain Name', 'companydomainname'],
    ['company_domain_name', 'companydomainname'],
    ['COMPANYDOMAINNAME', 'companydomainname'],
    ['  Country/Region ', 'countryregion'],
    ['ORACLE_ID__C', 'oracleid'],
    ['Région', 'region'],
    ['Probability (%)', 'probability'],
  ])('%s -> %s', (header, expected) => {
    expect(normaliseHeader(header)).toBe(expected);
  });
});

describe('suggestMapping', () => {
  it('prefers a field’s own name or label to another field’s alias, and uses each header once', () => {
    // "Company" is an alias of both the customer name and nothing else here; "Name" is the field itself.
    const suggestion = suggestMapping('customers', ['Name', 'Company', 'Website', 'Web Site', 'Sector'], []);
    expect(suggestion).toEqual({
      mapping: { name: 'Name', domain: 'Website', industry: 'Sector' },
      preset: null,
      unmapped: ['Company', 'Web Site'],
    });
  });

  it('maps custom fields by key or label, before aliases and after built-in names', () => {
    const custom = [
      { key: 'oracle_id', label: 'Oracle id' },
      { key: 'region_code', label: 'Region' },
      { key: 'name2', label: 'Name' },
    ];
    const suggestion = suggestMapping('customers', ['NAME', 'ORACLE_ID__C', 'Region', 'Team'], custom);
    expect(suggestion.mapping).toEqual({
      name: 'NAME',
      team: 'Team',
      'custom.oracle_id': 'ORACLE_ID__C',
      'custom.region_code': 'Region',
    });
    expect(suggestion.unmapped).toEqual([]);
  });

  it('maps a header written twice only once', () => {
    expect(suggestMapping('users', ['Email', 'email', 'Name'], [])).toEqual({
      mapping: { email: 'Email', name: 'Name' },
      preset: null,
      unmapped: ['email'],
    });
  });

  it('names no preset for plain headers, or for one CRM-looking header', () => {
    expect(suggestMapping('opportunities', ['Deal Name', 'Amount', 'Close Date'], []).preset).toBeNull();
    expect(suggestMapping('customers', ['Name', 'OWNERID'], []).preset).toBeNull();
  });
});

// Header lists from ../shared/testdata/crm-exports/NOTES-crm-import-headers.md (HubSpot's and Pipedrive's
// documented export headers: facts about those products, written here as the input of the test).
describe('HubSpot and Pipedrive exports', () => {
  it('HubSpot contacts', () => {
    const headers = [
      'Contact ID',
      'First Name',
      'Last Name',
      'Annual Revenue',
      'Associated Company ID',
      'Company Name',
      'Country/Region',
      'Contact owner',
      'Associated Deals',
      'Lifecycle Stage',
      'Lead Status',
      'Email',
      'Phone Number',
      'Website URL',
      'Original Source',
      'HubSpot Score',
      'City',
      'Number of Associated Deals',
      'State/Region',
      'Total Revenue',
      'Create Date',
    ];
    expect(suggestMapping('contacts', headers, [])).toEqual({
      mapping: {
        externalId: 'Contact ID',
        firstName: 'First Name',
        lastName: 'Last Name',
        email: 'Email',
        phone: 'Phone Number',
        customer: 'Company Name',
        customerExternalId: 'Associated Company ID',
        customerDomain: 'Website URL',
        ownerEmail: 'Contact owner',
      },
      preset: 'hubspot',
      unmapped: [
        'Annual Revenue',
        'Country/Region',
        'Associated Deals',
        'Lifecycle Stage',
        'Lead Status',
        'Original Source',
        'HubSpot Score',
        'City',
        'Number of Associated Deals',
        'State/Region',
        'Total Revenue',
        'Create Date',
      ],
    });
  });

  it('HubSpot deals', () => {
    const headers = [
      'Record ID',
      'Deal Name',
      'Deal Stage',
      'Amount',
      'Close Date',
      'Create Date',
      'Pipeline',
      'Deal owner',
      'Associated Company',
    ];
    expect(suggestMapping('opportunities', headers, [])).toEqual({
      mapping: {
        externalId: 'Record ID',
        name: 'Deal Name',
        customer: 'Associated Company',
        amount: 'Amount',
        pipeline: 'Pipeline',
        stage: 'Deal Stage',
        expectedCloseDate: 'Close Date',
        createdAt: 'Create Date',
        ownerEmail: 'Deal owner',
      },
      preset: 'hubspot',
      unmapped: [],
    });
  });

  it('HubSpot companies', () => {
    const headers = [
      'Record ID',
      'Company name',
      'Company Domain Name',
      'Industry',
      'Number of Employees',
      'Annual Revenue',
      'Country/Region',
      'Company owner',
      'Lifecycle Stage',
      'Create Date',
    ];
    expect(suggestMapping('customers', headers, [])).toEqual({
      mapping: {
        externalId: 'Record ID',
        name: 'Company name',
        domain: 'Company Domain Name',
        industry: 'Industry',
        employees: 'Number of Employees',
        annualRevenue: 'Annual Revenue',
        country: 'Country/Region',
        status: 'Lifecycle Stage',
        ownerEmail: 'Company owner',
        createdAt: 'Create Date',
      },
      preset: 'hubspot',
      unmapped: [],
    });
  });

  it('Pipedrive deals', () => {
    const headers = [
      'ID',
      'Title',
      'Creator',
      'Owner',
      'Value',
      'Currency of Value',
      'Weighted value',
      'Currency of Weighted value',
      'Probability',
      'Organization',
      'Organization ID',
      'Pipeline',
      'Contact person',
      'Contact person ID',
      'Stage',
      'Label',
      'Status',
      'Deal created',
      'Update time',
      'Last stage change',
    ];
    expect(suggestMapping('opportunities', headers, [])).toEqual({
      mapping: {
        externalId: 'ID',
        name: 'Title',
        customer: 'Organization',
        customerExternalId: 'Organization ID',
        amount: 'Value',
        currency: 'Currency of Value',
        pipeline: 'Pipeline',
        stage: 'Stage',
        status: 'Status',
        createdAt: 'Deal created',
        ownerEmail: 'Owner',
        probability: 'Probability',
        tags: 'Label',
      },
      preset: 'pipedrive',
      unmapped: [
        'Creator',
        'Weighted value',
        'Currency of Weighted value',
        'Contact person',
        'Contact person ID',
        'Update time',
        'Last stage change',
      ],
    });
  });
});

const testdata = fileURLToPath(new URL('../../../../../shared/testdata/', import.meta.url));
const folders = ['crm-exports/salesforce-dataloader', 'crm-datasets/maven-crm-sales-opportunities'];
const haveFiles = folders.every((folder) => existsSync(join(testdata, folder)));

/** The header line of a real file: these have no commas or quotes inside a header. */
function headersOf(path: string): string[] {
  const firstLine = readFileSync(join(testdata, path), 'utf8')
    .replace(/^\ufeff/, '')
    .split(/\r?\n/, 1)[0]!;
  return firstLine.split(',').map((header) => header.replace(/^"(.*)"$/, '$1'));
}

describe('real files from ../shared/testdata', () => {
  if (!haveFiles) {
    it.skip(`needs ${folders.join(' and ')} under ${testdata}, which are absent in this checkout`, () =>
      undefined);
    return;
  }

  it('Salesforce Data Loader accounts (samples/accountData.csv)', () => {
    const suggestion = suggestMapping(
      'customers',
      headersOf('crm-exports/salesforce-dataloader/samples/accountData.csv'),
      [{ key: 'session_id', label: 'Session' }],
    );
    expect(suggestion.preset).toBe('salesforce');
    expect(suggestion.mapping).toEqual({
      externalId: 'ID',
      name: 'NAME',
      domain: 'WEBSITE',
      industry: 'INDUSTRY',
      employees: 'NUMBEROFEMPLOYEES',
      annualRevenue: 'ANNUALREVENUE',
      country: 'BILLINGCOUNTRY',
      status: 'TYPE',
      ownerEmail: 'OWNERID',
      createdAt: 'CREATEDDATE',
      'custom.session_id': 'SESSION_ID__C',
    });
    expect(suggestion.unmapped).toContain('SHIPPINGCOUNTRY');
    expect(suggestion.unmapped).toContain('ACCOUNTNUMBER');
  });

  it.each([
    'samples/opportunityData.csv',
    'samples/status_success0413060133.csv',
    'samples/status_error0413060133.csv',
  ])('Salesforce Data Loader opportunities (%s)', (file) => {
    const suggestion = suggestMapping(
      'opportunities',
      headersOf(`crm-exports/salesforce-dataloader/${file}`),
      [{ key: 'oracle_id', label: 'Oracle id' }],
    );
    expect(suggestion.preset).toBe('salesforce');
    expect(suggestion.mapping).toEqual({
      externalId: 'ID',
      name: 'NAME',
      customerExternalId: 'ACCOUNTID',
      amount: 'AMOUNT',
      stage: 'STAGENAME',
      expectedCloseDate: 'CLOSEDATE',
      createdAt: 'CREATEDDATE',
      ownerEmail: 'OWNERID',
      source: 'LEADSOURCE',
      nextStep: 'NEXTSTEP',
      probability: 'PROBABILITY',
      'custom.oracle_id': 'ORACLE_ID__C',
    });
    // The success file's last column is Data Loader's STATUS ("Item Created"), not the deal's.
    // (hence no `status` above).
    // Open deals have ISWON false too: it does not say lost, so it is left for the person to map.
    expect(suggestion.unmapped).toEqual(
      expect.arrayContaining(['ISWON', 'ISCLOSED', 'TYPE', 'EXPECTEDREVENUE']),
    );
  });

  it('Salesforce Data Loader account templates (testfiles/upsertAccountSmallTemplate.csv, dateEndingInZ.csv)', () => {
    const custom = [{ key: 'oracle_id', label: 'Oracle id' }];
    const upsert = suggestMapping(
      'customers',
      headersOf('crm-exports/salesforce-dataloader/testfiles/upsertAccountSmallTemplate.csv'),
      custom,
    );
    expect(upsert).toEqual({
      mapping: {
        externalId: 'ACCOUNTNUMBER__C',
        name: 'NAME',
        domain: 'WEBSITE',
        annualRevenue: 'ANNUALREVENUE',
        status: 'TYPE',
        'custom.oracle_id': 'ORACLE_ID__C',
      },
      preset: 'salesforce',
      unmapped: ['PHONE'],
    });
    const dates = suggestMapping(
      'customers',
      headersOf('crm-exports/salesforce-dataloader/testfiles/dateEndingInZ.csv'),
      [],
    );
    expect(dates.mapping).toEqual({
      externalId: 'ACCOUNTNUMBER__C',
      name: 'NAME',
      domain: 'WEBSITE',
      annualRevenue: 'ANNUALREVENUE',
      status: 'TYPE',
    });
    expect(dates.unmapped).toEqual(['PHONE', 'ORACLE_ID__C', 'DATE', 'DATE_ONLY']);
  });

  it('Data Loader’s STATUS column is a task’s own status when importing tasks', () => {
    expect(
      suggestMapping('tasks', ['ID', 'SUBJECT', 'STATUS', 'OWNERID', 'WHATID', 'ACTIVITYDATE'], []).mapping,
    ).toEqual({
      externalId: 'ID',
      title: 'SUBJECT',
      status: 'STATUS',
      dueAt: 'ACTIVITYDATE',
      assigneeEmails: 'OWNERID',
      opportunityExternalId: 'WHATID',
    });
  });

  it('Maven accounts as customers', () => {
    expect(
      suggestMapping('customers', headersOf('crm-datasets/maven-crm-sales-opportunities/accounts.csv'), []),
    ).toEqual({
      mapping: {
        name: 'account',
        industry: 'sector',
        employees: 'employees',
        annualRevenue: 'revenue',
        country: 'office_location',
      },
      preset: null,
      unmapped: ['year_established', 'subsidiary_of'],
    });
  });

  it('Maven sales pipeline as opportunities', () => {
    expect(
      suggestMapping(
        'opportunities',
        headersOf('crm-datasets/maven-crm-sales-opportunities/sales_pipeline.csv'),
        [],
      ),
    ).toEqual({
      mapping: {
        externalId: 'opportunity_id',
        customer: 'account',
        amount: 'close_value',
        stage: 'deal_stage',
        expectedCloseDate: 'close_date',
        createdAt: 'engage_date',
        ownerEmail: 'sales_agent',
        product: 'product',
      },
      preset: null,
      unmapped: [],
    });
  });

  it('Maven sales teams as users: names and teams, but no email column', () => {
    expect(
      suggestMapping('users', headersOf('crm-datasets/maven-crm-sales-opportunities/sales_teams.csv'), []),
    ).toEqual({
      mapping: { name: 'sales_agent', team: 'regional_office' },
      preset: null,
      unmapped: ['manager'],
    });
  });
});
