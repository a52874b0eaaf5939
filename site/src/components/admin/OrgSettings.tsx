/**
 * Organization settings: base currency and exchange rates, pipelines and their stages, custom fields,
 * task categories and reminder defaults. Each section saves on its own, with the version it read.
 */
import { useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../../lib/api';
import { formText } from '../../lib/format';
import { Allowed, Field, Loaded, Notice, useAsync } from '../ui';

type Outcome = { kind: 'good' | 'bad'; text: string } | undefined;
type StageKind = Schemas['Stage']['kind'];
type FieldType = Schemas['CustomField']['type'];
type FieldObject = Schemas['CustomField']['object'];

/** Runs a change and words its outcome for the section's notice. */
function useOutcome(): [
  Outcome,
  (work: () => Promise<unknown>, done: string) => Promise<boolean>,
  (outcome: Outcome) => void,
] {
  const [outcome, setOutcome] = useState<Outcome>();
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setOutcome({ kind: 'good', text: done });
      return true;
    } catch (error) {
      setOutcome({ kind: 'bad', text: messageOf(error) });
      return false;
    }
  };
  return [outcome, run, setOutcome];
}

function Currency() {
  const state = useAsync(() => unwrap(api.GET('/api/v1/currency-settings')));
  const [outcome, run] = useOutcome();
  const save = async (event: Event, settings: Schemas['CurrencySettings']) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const rates = Object.fromEntries(
      formText(form, 'rates')
        .split('\n')
        .map((line) => line.split('=').map((part) => part.trim()))
        .filter(([code, rate]) => code && rate),
    ) as Record<string, string>;
    const body = {
      version: settings.version,
      baseCurrency: formText(form, 'baseCurrency').toUpperCase(),
      rates,
    };
    if (await run(() => unwrap(api.PUT('/api/v1/currency-settings', { body })), 'Currencies saved.'))
      state.reload();
  };
  return (
    <section class="card" aria-labelledby="currency-title">
      <h2 id="currency-title">Currency</h2>
      <Loaded state={state}>
        {(settings) => (
          <form onSubmit={(event) => void save(event, settings)}>
            <Field
              name="baseCurrency"
              label="Base currency (totals and forecasts)"
              defaultValue={settings.baseCurrency}
              maxLength={3}
              required
            />
            <Field name="rates" label="Exchange rates, one a line: EUR = 1.08 (base units per unit)">
              <textarea
                id="field-rates"
                name="rates"
                rows={4}
                defaultValue={Object.entries(settings.rates)
                  .map(([code, rate]) => `${code} = ${rate}`)
                  .join('\n')}
              />
            </Field>
            <div class="actions-row">
              <button class="primary" type="submit">
                Save currencies
              </button>
            </div>
          </form>
        )}
      </Loaded>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
    </section>
  );
}

/** Stages as lines: "Name, kind, probability". */
function parseStages(text: string): { name: string; kind: StageKind; probability: number }[] {
  return text
    .split('\n')
    .map((line) => line.split(',').map((part) => part.trim()))
    .filter(([name]) => name)
    .map(([name, kind, probability]) => ({
      name: name!,
      kind: kind === 'won' || kind === 'lost' ? kind : 'open',
      probability: Number(probability ?? (kind === 'won' ? 100 : 0)) || 0,
    }));
}

function Pipelines() {
  const state = useAsync(() => unwrap(api.GET('/api/v1/pipelines')));
  const [outcome, run] = useOutcome();
  const create = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const body = { name: formText(form, 'name'), stages: parseStages(formText(form, 'stages')) };
    if (await run(() => unwrap(api.POST('/api/v1/pipelines', { body })), `${body.name} created.`)) {
      formElement.reset();
      state.reload();
    }
  };
  const makeDefault = async (pipeline: Schemas['Pipeline']) => {
    const body = { version: pipeline.version, isDefault: true };
    const done = `${pipeline.name} is where new deals go.`;
    if (
      await run(
        () => unwrap(api.PATCH('/api/v1/pipelines/{id}', { params: { path: { id: pipeline.id } }, body })),
        done,
      )
    )
      state.reload();
  };
  return (
    <section class="card" aria-labelledby="pipelines-title">
      <h2 id="pipelines-title">Pipelines and stages</h2>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      <Loaded state={state}>
        {({ items }) => (
          <ul class="list-plain">
            {items.map((pipeline) => (
              <li key={pipeline.id} class="row-between">
                <span>
                  <strong>{pipeline.name}</strong> {pipeline.isDefault && <span class="badge">default</span>}
                  <div class="muted">
                    {pipeline.stages
                      .map(
                        (stage) =>
                          `${stage.name} (${stage.kind === 'open' ? `${stage.probability}%` : stage.kind})`,
                      )
                      .join(' → ')}
                  </div>
                </span>
                {!pipeline.isDefault && (
                  <button type="button" onClick={() => void makeDefault(pipeline)}>
                    Make default
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <details>
        <summary>New pipeline</summary>
        <form onSubmit={(event) => void create(event)}>
          <Field name="name" label="Name" required />
          <Field name="stages" label="Stages, one a line: name, kind (open, won or lost), probability %">
            <textarea
              id="field-stages"
              name="stages"
              rows={6}
              placeholder={'Discovery, open, 10\nProposal, open, 50\nWon, won, 100\nLost, lost, 0'}
            />
          </Field>
          <div class="actions-row">
            <button class="primary" type="submit">
              Create pipeline
            </button>
          </div>
        </form>
      </details>
    </section>
  );
}

// Records keyed by the API's own types: a type or object the service adds fails the typecheck here.
const FIELD_TYPES: Record<FieldType, string> = {
  text: 'Text',
  number: 'Number',
  money: 'Money',
  date: 'Date',
  enum: 'One of a list',
  multi_enum: 'Several of a list',
  boolean: 'Yes or no',
  user: 'A person',
  url: 'Web address',
};
const FIELD_OBJECTS: Record<FieldObject, string> = {
  customer: 'Customers',
  contact: 'Contacts',
  opportunity: 'Opportunities',
  interaction: 'Interactions',
};

function CustomFields() {
  const state = useAsync(() => unwrap(api.GET('/api/v1/custom-fields')));
  const [outcome, run, say] = useOutcome();
  const [failure, setFailure] = useState<unknown>();
  const create = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const body = {
      object: formText(form, 'object') as FieldObject,
      key: formText(form, 'key'),
      label: formText(form, 'label'),
      type: formText(form, 'type') as FieldType,
      options: formText(form, 'options')
        .split(',')
        .map((option) => option.trim())
        .filter(Boolean),
      required: form.get('required') === 'on',
    };
    try {
      await unwrap(api.POST('/api/v1/custom-fields', { body }));
      setFailure(undefined);
      say({ kind: 'good', text: `${body.label} added to ${FIELD_OBJECTS[body.object].toLowerCase()}.` });
      formElement.reset();
      state.reload();
    } catch (error) {
      setFailure(error);
    }
  };
  const remove = async (field: Schemas['CustomField']) => {
    if (!confirm(`Delete the field ${field.label}? Its values are kept on the records but no longer shown.`))
      return;
    if (
      await run(
        () => unwrap(api.DELETE('/api/v1/custom-fields/{id}', { params: { path: { id: field.id } } })),
        `${field.label} deleted.`,
      )
    )
      state.reload();
  };
  return (
    <section class="card" aria-labelledby="fields-title">
      <h2 id="fields-title">Custom fields</h2>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      <Loaded state={state}>
        {({ items }) =>
          items.length === 0 ? (
            <p class="muted">No custom field yet.</p>
          ) : (
            <ul class="list-plain">
              {items.map((field) => (
                <li key={field.id} class="row-between">
                  <span>
                    <strong>{field.label}</strong>{' '}
                    <span class="muted">
                      {field.object} · {field.type} · <code>{field.key}</code>
                      {field.required && ' · required'}
                      {field.options.length > 0 && ` · ${field.options.join(', ')}`}
                    </span>
                  </span>
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Delete ${field.label}`}
                    onClick={() => void remove(field)}
                  >
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <details>
        <summary>New custom field</summary>
        <form class="filters" onSubmit={(event) => void create(event)}>
          <div class="field">
            <label for="cf-object">On</label>
            <select id="cf-object" name="object">
              {Object.entries(FIELD_OBJECTS).map(([object, label]) => (
                <option key={object} value={object}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <Field name="label" label="Label" required error={failure} />
          <Field name="key" label="Key (letters, digits, _)" required error={failure} />
          <div class="field">
            <label for="cf-type">Type</label>
            <select id="cf-type" name="type">
              {Object.entries(FIELD_TYPES).map(([type, label]) => (
                <option key={type} value={type}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <Field name="options" label="Choices (for enum, comma-separated)" error={failure} />
          <label class="check">
            <input type="checkbox" name="required" /> Required
          </label>
          <button class="primary" type="submit">
            Add field
          </button>
        </form>
        {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
      </details>
    </section>
  );
}

function TaskDefaults() {
  const state = useAsync(() =>
    Promise.all([unwrap(api.GET('/api/v1/task-categories')), unwrap(api.GET('/api/v1/task-settings'))]),
  );
  const [outcome, run] = useOutcome();
  const addCategory = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const name = formText(form, 'categoryName');
    const key = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '');
    if (
      await run(() => unwrap(api.POST('/api/v1/task-categories', { body: { key, name } })), `${name} added.`)
    ) {
      formElement.reset();
      state.reload();
    }
  };
  const saveReminders = async (event: Event, settings: Schemas['TaskSettings']) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body = {
      version: settings.version,
      reminderOffsetsMinutes: formText(form, 'offsets')
        .split(',')
        .map((value) => Number(value.trim()))
        .filter((value) => Number.isFinite(value) && value > 0),
      overdueEscalationMinutes: Number(formText(form, 'escalation')),
      interactionReminderDays: Number(formText(form, 'interactionDays')),
    };
    if (await run(() => unwrap(api.PUT('/api/v1/task-settings', { body })), 'Reminder defaults saved.'))
      state.reload();
  };
  return (
    <section class="card" aria-labelledby="tasks-title">
      <h2 id="tasks-title">Task categories and reminders</h2>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      <Loaded state={state}>
        {([categories, settings]) => (
          <>
            <ul class="list-inline" aria-label="Categories">
              {categories.items
                .filter((category) => !category.archivedAt)
                .map((category) => (
                  <li key={category.key} class="badge">
                    {category.name}
                  </li>
                ))}
            </ul>
            <form class="filters" onSubmit={(event) => void addCategory(event)}>
              <Field name="categoryName" label="New category" required />
              <button type="submit">Add category</button>
            </form>
            <form onSubmit={(event) => void saveReminders(event, settings)}>
              <div class="filters">
                <Field
                  name="offsets"
                  label="Remind before a deadline (minutes, comma-separated)"
                  defaultValue={settings.reminderOffsetsMinutes.join(', ')}
                />
                <Field
                  name="escalation"
                  label="Tell the manager after overdue (minutes)"
                  type="number"
                  min={0}
                  defaultValue={String(settings.overdueEscalationMinutes)}
                />
                <Field
                  name="interactionDays"
                  label="Remind of a quiet customer after (days)"
                  type="number"
                  min={1}
                  defaultValue={String(settings.interactionReminderDays)}
                />
              </div>
              <div class="actions-row">
                <button class="primary" type="submit">
                  Save reminders
                </button>
              </div>
            </form>
          </>
        )}
      </Loaded>
    </section>
  );
}

export default function OrgSettings() {
  return (
    <Allowed needs={['org.configure_settings']} what="Organization settings">
      {() => (
        <div class="stack">
          <p class="muted">
            The organization’s time zone follows each person’s own setting (Settings); there is no
            organization-wide one yet.
          </p>
          <div class="grid charts">
            <Currency />
            <TaskDefaults />
          </div>
          <Pipelines />
          <CustomFields />
        </div>
      )}
    </Allowed>
  );
}
