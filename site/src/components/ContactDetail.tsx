/** `/contact?id=`: a person at a customer: details, where they work, what they took part in, files. */
import { api, ApiError, unwrap, type Schemas } from '../lib/api';
import { relative, recordId } from '../lib/format';
import { cachedRead } from '../lib/offline';
import { CONTACT_FIELDS } from './Contacts';
import { notFoundMessage } from './CustomerDetail';
import { Merge } from './records/Merge';
import { RecordForm } from './records/RecordForm';
import { Documents, ListCard } from './records/Related';
import { Notice, useAsync } from './ui';

export default function ContactDetail() {
  const id = recordId();
  const state = useAsync(
    () =>
      cachedRead(`contact:${id}`, () =>
        unwrap(api.GET('/api/v1/contacts/{id}', { params: { path: { id } } })),
      ),
    [id],
  );
  if (!id) return <Notice kind="bad">No contact named in the address.</Notice>;
  if (state.error) return <Notice kind="bad">{notFoundMessage(state.error, 'contact')}</Notice>;
  if (!state.data)
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  const contact = state.data.value;
  return (
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
            try {
              const saved = await unwrap(
                api.PATCH('/api/v1/contacts/{id}', {
                  params: { path: { id } },
                  body: { ...values, version: contact.version } as never,
                }),
              );
              state.set({ value: saved, fromCache: false, savedAt: new Date().toISOString() });
            } catch (error) {
              if (error instanceof ApiError && error.status === 409)
                throw new Error(
                  'Someone changed this contact meanwhile. Reload to see their change, then edit again.',
                );
              throw error;
            }
          }}
        />
      </details>
      <Merge kind="contact" target={contact} onMerged={state.reload} />
    </div>
  );
}
