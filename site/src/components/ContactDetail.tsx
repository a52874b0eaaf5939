/** `/contact?id=`: a person at a customer: details, where they work, what they took part in, files. */
import { api, unwrap, type Schemas } from '../lib/api';
import { relative } from '../lib/format';
import { CONTACT_FIELDS } from './Contacts';
import { Merge } from './records/Merge';
import { RecordForm } from './records/RecordForm';
import { Documents, ListCard } from './records/Related';
import { explainConflict, RecordGate, useRecord } from './records/record-page';

export default function ContactDetail() {
  const { id, state } = useRecord('contact', (id) =>
    unwrap(api.GET('/api/v1/contacts/{id}', { params: { path: { id } } })),
  );
  return (
    <RecordGate kind="contact" id={id} state={state}>
      {(contact) => (
        <div class="record">
          <h2>{contact.name}</h2>
          <p>
            {contact.title} ·{' '}
            {contact.customers.map((link, index) => (
              <span key={link.customerId}>
                {index > 0 && ', '}
                <a href={`/customer?id=${link.customerId}`}>{link.name}</a> ({link.role.replace('_', ' ')})
              </span>
            ))}
          </p>
          <p>
            {contact.emails.map((email) => (
              <a key={email} href={`mailto:${email}`}>
                {email}{' '}
              </a>
            ))}
            {contact.phones.join(', ')}
          </p>
          <div class="grid">
            <ListCard<Schemas['Interaction']>
              title="Interactions"
              empty="No calls, meetings or emails with this person yet."
              load={() =>
                unwrap(api.GET('/api/v1/interactions', { params: { query: { contactId: id, limit: 30 } } }))
              }
              render={(item) => (
                <>
                  <span class="badge">{item.type}</span> {item.summary}{' '}
                  <span class="muted">{relative(item.occurredAt)}</span>
                </>
              )}
            />
            <Documents parentType="contact" parentId={id} />
          </div>
          <details class="card">
            <summary>Edit</summary>
            <RecordForm
              key={contact.version}
              fields={CONTACT_FIELDS}
              customObject="contact"
              initial={contact}
              submitLabel="Save"
              onSubmit={async (values) => {
                const saved = await unwrap(
                  api.PATCH('/api/v1/contacts/{id}', {
                    params: { path: { id } },
                    body: { ...values, version: contact.version } as never,
                  }),
                ).catch(explainConflict('contact'));
                state.set({ value: saved, fromCache: false, savedAt: new Date().toISOString() });
              }}
            />
          </details>
          <Merge kind="contact" target={contact} onMerged={state.reload} />
        </div>
      )}
    </RecordGate>
  );
}
