/** `/contacts`: the people at customers, searchable, with a form for a new one. */
import { api, unwrap, type Schemas } from '../lib/api';
import { RecordForm, type FormField } from './records/RecordForm';
import { RecordList } from './records/RecordList';

type Contact = Schemas['Contact'];

export const CONTACT_FIELDS: FormField[] = [
  { name: 'name', label: 'Name', required: true },
  { name: 'title', label: 'Job title' },
  { name: 'emails', label: 'Emails', type: 'list' },
  { name: 'phones', label: 'Phones', type: 'list' },
  { name: 'notes', label: 'Notes', type: 'textarea' },
];

export default function Contacts() {
  return (
    <RecordList<Contact>
      resource="contacts"
      filters={[{ key: 'q', label: 'Search', type: 'search' }]}
      columns={[
        { label: 'Name', render: (contact) => <a href={`/contact?id=${contact.id}`}>{contact.name}</a> },
        { label: 'Title', render: (contact) => contact.title || '—' },
        { label: 'Email', render: (contact) => contact.emails[0] ?? '—' },
        {
          label: 'Customers',
          render: (contact) =>
            contact.customers.map((link, index) => (
              <span key={link.customerId}>
                {index > 0 && ', '}
                <a href={`/customer?id=${link.customerId}`}>{link.name}</a>
              </span>
            )),
        },
      ]}
      load={(query, cursor) =>
        unwrap(api.GET('/api/v1/contacts', { params: { query: { ...query, cursor, limit: 50 } } }))
      }
      create={
        <details class="card new-record">
          <summary>New contact</summary>
          <RecordForm
            fields={CONTACT_FIELDS}
            customObject="contact"
            submitLabel="Create contact"
            onSubmit={async (values) => {
              const contact = await unwrap(api.POST('/api/v1/contacts', { body: values as never }));
              location.assign(`/contact?id=${contact.id}`);
              return `Created ${contact.name}.`;
            }}
          />
        </details>
      }
    />
  );
}
