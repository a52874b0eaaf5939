/** `/opportunities`: deals as a table with filters, and a form for a new one (customer picked by search). */
import { useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../lib/api';
import { day, money } from '../lib/format';
import { DEAL_STATUSES } from './records/options';
import { RecordForm, type FormField } from './records/RecordForm';
import { RecordList } from './records/RecordList';
import { useAsync } from './ui';

type Deal = Schemas['Opportunity'];

export const DEAL_FIELDS: FormField[] = [
  { name: 'amount', label: 'Amount', type: 'money' },
  { name: 'currency', label: 'Currency (like USD)' },
  { name: 'expectedCloseDate', label: 'Expected close', type: 'date' },
  { name: 'nextStep', label: 'Next step', type: 'textarea' },
  { name: 'source', label: 'Source' },
  { name: 'competitors', label: 'Competitors', type: 'list' },
  { name: 'tags', label: 'Tags', type: 'list' },
];

function NewOpportunity() {
  const [search, setSearch] = useState('');
  const customers = useAsync(
    () => unwrap(api.GET('/api/v1/customers', { params: { query: { q: search || undefined, limit: 20 } } })),
    [search],
  );
  const fields: FormField[] = [
    { name: 'name', label: 'Deal name', required: true },
    {
      name: 'customerId',
      label: 'Customer',
      type: 'select',
      required: true,
      options: (customers.data?.items ?? []).map((customer) => ({
        value: customer.id,
        label: customer.name,
      })),
    },
    ...DEAL_FIELDS,
  ];
  return (
    <details class="card new-record">
      <summary>New opportunity</summary>
      <label for="customer-search">Find the customer</label>
      <input
        id="customer-search"
        type="search"
        value={search}
        onInput={(event) => setSearch(event.currentTarget.value)}
      />
      <RecordForm
        key={customers.data?.items.map((customer) => customer.id).join()}
        fields={fields}
        customObject="opportunity"
        submitLabel="Create opportunity"
        onSubmit={async (values) => {
          const deal = await unwrap(api.POST('/api/v1/opportunities', { body: values as never }));
          location.assign(`/opportunity?id=${deal.id}`);
          return `Created ${deal.name}.`;
        }}
      />
    </details>
  );
}

export default function Opportunities() {
  return (
    <RecordList<Deal>
      resource="opportunities"
      filters={[
        { key: 'q', label: 'Search', type: 'search' },
        { key: 'status', label: 'Status', type: 'select', options: DEAL_STATUSES },
        { key: 'closingAfter', label: 'Closing from', type: 'date' },
        { key: 'closingBefore', label: 'Closing by', type: 'date' },
      ]}
      columns={[
        { label: 'Deal', render: (deal) => <a href={`/opportunity?id=${deal.id}`}>{deal.name}</a> },
        {
          label: 'Customer',
          render: (deal) => <a href={`/customer?id=${deal.customer.id}`}>{deal.customer.name}</a>,
        },
        { label: 'Stage', render: (deal) => deal.stage.name },
        { label: 'Amount', render: (deal) => money(deal.amount, deal.currency) },
        { label: 'Close', render: (deal) => day(deal.expectedCloseDate) },
        { label: 'Owner', render: (deal) => deal.owner.name },
      ]}
      load={(query, cursor) =>
        unwrap(
          api.GET('/api/v1/opportunities', { params: { query: { ...query, cursor, limit: 50 } as never } }),
        )
      }
      create={<NewOpportunity />}
    />
  );
}
