/** `/customers`: every customer the person may see, searchable, with a form for a new one. */
import { api, unwrap, type Schemas } from '../lib/api';
import { day } from '../lib/format';
import { CUSTOMER_STATUSES, INDUSTRIES, SIZE_BANDS } from './records/options';
import { RecordForm, type FormField } from './records/RecordForm';
import { RecordList } from './records/RecordList';

type Customer = Schemas['Customer'];

export const CUSTOMER_FIELDS: FormField[] = [
  { name: 'name', label: 'Name', required: true },
  { name: 'status', label: 'Status', type: 'select', options: CUSTOMER_STATUSES },
  { name: 'industry', label: 'Industry', type: 'select', options: INDUSTRIES },
  { name: 'sizeBand', label: 'Size (employees)', type: 'select', options: SIZE_BANDS },
  { name: 'domains', label: 'Web domains', type: 'list' },
  { name: 'country', label: 'Country (ISO code, like DE)' },
  { name: 'annualRevenue', label: 'Annual revenue' },
  { name: 'revenueCurrency', label: 'Revenue currency' },
  { name: 'tags', label: 'Tags', type: 'list' },
];

export default function Customers() {
  return (
    <RecordList<Customer>
      resource="customers"
      filters={[
        { key: 'q', label: 'Search', type: 'search' },
        { key: 'status', label: 'Status', type: 'select', options: CUSTOMER_STATUSES },
        { key: 'industry', label: 'Industry', type: 'select', options: INDUSTRIES },
      ]}
      columns={[
        { label: 'Name', render: (customer) => <a href={`/customer?id=${customer.id}`}>{customer.name}</a> },
        { label: 'Status', render: (customer) => customer.status },
        { label: 'Industry', render: (customer) => customer.industry?.replace(/_/g, ' ') ?? '—' },
        { label: 'Owner', render: (customer) => customer.owner.name },
        { label: 'Updated', render: (customer) => day(customer.updatedAt) },
      ]}
      load={(query, cursor) =>
        unwrap(api.GET('/api/v1/customers', { params: { query: { ...query, cursor, limit: 50 } as never } }))
      }
      create={
        <details class="card new-record">
          <summary>New customer</summary>
          <RecordForm
            fields={CUSTOMER_FIELDS}
            customObject="customer"
            submitLabel="Create customer"
            onSubmit={async (values) => {
              const customer = await unwrap(api.POST('/api/v1/customers', { body: values as never }));
              location.assign(`/customer?id=${customer.id}`);
              return `Created ${customer.name}.`;
            }}
          />
        </details>
      }
    />
  );
}
