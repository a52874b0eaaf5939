/** `/customer?id=`: one customer whole: facts, churn risk, the 360 timeline, people, deals, tasks, files. */
import { useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../lib/api';
import { day, money, percent } from '../lib/format';
import { CUSTOMER_FIELDS } from './Customers';
import { Merge } from './records/Merge';
import { explainConflict, RecordGate, useRecord } from './records/record-page';
import { RecordForm } from './records/RecordForm';
import { Documents, ListCard, Timeline } from './records/Related';
import { Notice, useAsync } from './ui';

type Customer = Schemas['Customer'];

function ChurnRisk({ id }: { id: string }) {
  const risk = useAsync(
    () =>
      unwrap(api.GET('/api/v1/customers/{id}/churn-risk', { params: { path: { id } } })).catch(() => null),
    [id],
  );
  const value = risk.data;
  if (!value || value.risk === null) return null;
  return (
    <p>
      Churn risk:{' '}
      <span class={`badge ${value.level === 'high' ? 'bad' : value.level === 'low' ? 'good' : ''}`}>
        {value.level}
      </span>{' '}
      {percent(value.risk)}
      {value.daysSinceLastInteraction !== null &&
        ` · last contact ${value.daysSinceLastInteraction} days ago`}
    </p>
  );
}

export default function CustomerDetail() {
  const { id, state } = useRecord('customer', (id) =>
    unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })),
  );
  const [deleted, setDeleted] = useState<string>();

  async function remove(customer: Customer) {
    if (!confirm(`Delete ${customer.name}? It stays in the trash for 30 days.`)) return;
    try {
      await unwrap(api.DELETE('/api/v1/customers/{id}', { params: { path: { id } } }));
      setDeleted(`${customer.name} is in the trash.`);
    } catch (error) {
      setDeleted(messageOf(error));
    }
  }

  return (
    <RecordGate kind="customer" id={id} state={state}>
      {(customer) => (
        <div class="record">
          {deleted && <Notice>{deleted}</Notice>}
          <h2>{customer.name}</h2>
          <p>
            <span class="badge">{customer.status}</span> {customer.industry?.replace(/_/g, ' ')} ·{' '}
            {customer.sizeBand ?? '?'} employees · {customer.country ?? ''} · owner {customer.owner.name}
            {customer.annualRevenue &&
              ` · revenue ${money(customer.annualRevenue, customer.revenueCurrency ?? undefined)}`}
          </p>
          <ChurnRisk id={id} />
          <div class="grid">
            <Timeline customerId={id} />
            <div>
              <ListCard<Schemas['Opportunity']>
                title="Deals"
                empty="No deals yet."
                load={() =>
                  unwrap(
                    api.GET('/api/v1/opportunities', { params: { query: { customerId: id, limit: 50 } } }),
                  )
                }
                render={(deal) => (
                  <>
                    <a href={`/opportunity?id=${deal.id}`}>{deal.name}</a> · {deal.stage.name} ·{' '}
                    {money(deal.amount, deal.currency)}
                  </>
                )}
              />
              <ListCard<Schemas['Contact']>
                title="People"
                empty="No contacts yet."
                load={() =>
                  unwrap(api.GET('/api/v1/contacts', { params: { query: { customerId: id, limit: 50 } } }))
                }
                render={(contact) => (
                  <>
                    <a href={`/contact?id=${contact.id}`}>{contact.name}</a>{' '}
                    <span class="muted">{contact.title}</span>
                  </>
                )}
              />
              <ListCard<Schemas['Task']>
                title="Tasks"
                empty="No tasks."
                load={() =>
                  unwrap(api.GET('/api/v1/tasks', { params: { query: { customerId: id, limit: 50 } } }))
                }
                render={(task) => (
                  <>
                    <a href={`/task?id=${task.id}`}>{task.title}</a>{' '}
                    <span class="muted">due {day(task.dueAt)}</span>
                  </>
                )}
              />
              <Documents parentType="customer" parentId={id} />
            </div>
          </div>
          <details class="card">
            <summary>Edit</summary>
            <RecordForm
              key={customer.version}
              fields={CUSTOMER_FIELDS}
              customObject="customer"
              initial={customer}
              submitLabel="Save"
              onSubmit={async (values) => {
                const saved = await unwrap(
                  api.PATCH('/api/v1/customers/{id}', {
                    params: { path: { id } },
                    body: { ...values, version: customer.version } as never,
                  }),
                ).catch(explainConflict('customer'));
                state.set({ value: saved, fromCache: false, savedAt: new Date().toISOString() });
              }}
            />
          </details>
          <Merge kind="customer" target={customer} onMerged={state.reload} />
          <div class="actions">
            <button class="danger" type="button" onClick={() => void remove(customer)}>
              Delete customer
            </button>
          </div>
        </div>
      )}
    </RecordGate>
  );
}
