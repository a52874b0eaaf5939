/**
 * `/opportunity?id=`: one deal: its stage (movable), amount and close date, the engine's success
 * probability with its reasons, its history, tasks and files; edits work offline too.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../lib/api';
import { dateTime, day, money, percent } from '../lib/format';
import { onOutboxChange, saveOrQueue } from '../lib/outbox';
import { onRealtime } from '../lib/realtime';
import { DEAL_FIELDS } from './Opportunities';
import OutboxPanel from './OutboxPanel';
import { COMPETITION } from './records/options';
import { RecordForm, type FormField } from './records/RecordForm';
import { Documents, ListCard } from './records/Related';
import { RecordGate, useRecord } from './records/record-page';
import { Loaded, Notice, useAsync } from './ui';

type Deal = Schemas['Opportunity'];
type Change = Schemas['OpportunityChange'];

const EDIT_FIELDS: FormField[] = [
  { name: 'name', label: 'Deal name', required: true },
  ...DEAL_FIELDS,
  { name: 'competitionLevel', label: 'Competition', type: 'select', options: COMPETITION },
  { name: 'probabilityOverride', label: 'Your win estimate (%)', type: 'number' },
];

function Prediction({ id }: { id: string }) {
  const prediction = useAsync(
    () =>
      unwrap(api.GET('/api/v1/opportunities/{id}/prediction', { params: { path: { id } } })).catch(
        () => null,
      ),
    [id],
  );
  const value = prediction.data;
  return (
    <section class="card" aria-labelledby="prediction-title">
      <h2 id="prediction-title">Success probability</h2>
      {!value ? (
        <p class="muted">{prediction.loading ? 'Loading…' : 'No prediction for this deal yet.'}</p>
      ) : (
        <>
          <p class="kpi">
            <span class="value">{percent(value.probability)}</span>{' '}
            <span class="muted">
              confidence {percent(value.confidence)} · {value.model.replace(/_/g, ' ')} model
            </span>
          </p>
          <ul class="list-plain">
            {value.factors.map((factor) => (
              <li key={factor.key}>
                <span class={`badge ${factor.direction === 'positive' ? 'good' : 'bad'}`}>
                  {factor.direction === 'positive' ? '+' : '−'}
                </span>{' '}
                {factor.sentence}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function History({ id, version }: { id: string; version: number }) {
  const history = useAsync(
    () =>
      unwrap(
        api.GET('/api/v1/opportunities/{id}/history', { params: { path: { id }, query: { limit: 50 } } }),
      ),
    [id, version],
  );
  const describe = (change: Change) =>
    change.type === 'stage'
      ? `${change.fromStage ? `${change.fromStage.name} → ` : 'Created in '}${change.toStage.name}${change.lostReason ? ` (${change.lostReason})` : ''}`
      : `${money(change.fromAmount, change.fromCurrency ?? undefined)} → ${money(change.toAmount, change.toCurrency)}`;
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <Loaded state={history}>
        {(page) => (
          <ol class="list-plain">
            {page.items.map((change) => (
              <li key={change.id}>
                {describe(change)}{' '}
                <span class="muted">
                  {dateTime(change.at)} · {change.by?.name ?? 'Closer'} via {change.via}
                </span>
              </li>
            ))}
          </ol>
        )}
      </Loaded>
    </section>
  );
}

function StageMove({ deal, onMoved }: { deal: Deal; onMoved: (deal: Deal) => void }) {
  const pipelines = useAsync(() => unwrap(api.GET('/api/v1/pipelines')));
  const [error, setError] = useState<string>();
  const stages = pipelines.data?.items.find((pipeline) => pipeline.id === deal.pipelineId)?.stages ?? [];
  async function move(stageId: string) {
    const stage = stages.find((candidate) => candidate.id === stageId);
    const lostReason = stage?.kind === 'lost' ? (prompt('Why was it lost?') ?? undefined) : undefined;
    try {
      onMoved(
        await unwrap(
          api.POST('/api/v1/opportunities/{id}/stage', {
            params: { path: { id: deal.id } },
            body: { stageId, version: deal.version, ...(lostReason && { lostReason }) },
          }),
        ),
      );
      setError(undefined);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }
  return (
    <div>
      <label for="deal-stage">Stage</label>
      <select
        id="deal-stage"
        value={deal.stage.id}
        onChange={(event) => void move(event.currentTarget.value)}
      >
        {stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stage.name}
          </option>
        ))}
      </select>
      {error && <Notice kind="bad">{error}</Notice>}
    </div>
  );
}

export default function OpportunityDetail() {
  const { id, state } = useRecord('deal', (id) =>
    unwrap(api.GET('/api/v1/opportunities/{id}', { params: { path: { id } } })),
  );
  const { reload } = state;
  useEffect(() => {
    const stops = [
      'opportunity.updated',
      'opportunity.stage_changed',
      'opportunity.value_updated',
      'opportunity.prediction_changed',
    ].map((name) =>
      onRealtime(name, (message) => {
        if (message.data.opportunityId === id) reload();
      }),
    );
    stops.push(onOutboxChange(reload));
    return () => stops.forEach((stop) => stop());
  }, [id, reload]);
  const put = (deal: Deal) => state.set({ value: deal, fromCache: false, savedAt: new Date().toISOString() });

  return (
    <RecordGate kind="deal" id={id} state={state}>
      {(deal) => (
        <div class="record">
          <OutboxPanel />
          <h2>{deal.name}</h2>
          <p>
            <a href={`/customer?id=${deal.customer.id}`}>{deal.customer.name}</a> ·{' '}
            <strong>{money(deal.amount, deal.currency)}</strong> · <span class="badge">{deal.status}</span> ·
            closes {day(deal.expectedCloseDate)} · owner {deal.owner.name} · win {deal.probability}%
          </p>
          {deal.nextStep && <p>Next step: {deal.nextStep}</p>}
          <StageMove deal={deal} onMoved={put} />
          <div class="grid">
            <Prediction id={id} />
            <History id={id} version={deal.version} />
            <ListCard<Schemas['Task']>
              title="Tasks"
              empty="No tasks for this deal."
              load={() =>
                unwrap(api.GET('/api/v1/tasks', { params: { query: { opportunityId: id, limit: 50 } } }))
              }
              render={(task) => <a href={`/task?id=${task.id}`}>{task.title}</a>}
            />
            <Documents parentType="opportunity" parentId={id} />
          </div>
          <details class="card">
            <summary>Edit</summary>
            <RecordForm
              key={deal.version}
              fields={EDIT_FIELDS}
              customObject="opportunity"
              initial={deal}
              submitLabel="Save"
              onSubmit={async (values) => {
                const result = await saveOrQueue<Deal>('opportunity', { ...deal, label: deal.name }, values);
                if ('queued' in result)
                  return 'Saved on this device; it will be sent when you are back online.';
                put(result.saved);
              }}
            />
          </details>
        </div>
      )}
    </RecordGate>
  );
}
