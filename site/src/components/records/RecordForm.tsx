/**
 * A create or edit form built from a list of fields (and the organization's custom fields for the
 * object): only changed values are sent on edit, and the server's message shows on the field it names.
 */
import { useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../../lib/api';
import { Field, Notice, useAsync } from '../ui';

export interface FormField {
  name: string;
  label: string;
  /** `money` is a number typed in, sent as the exact decimal string the API takes. */
  type?: 'text' | 'number' | 'money' | 'date' | 'email' | 'select' | 'textarea' | 'list';
  options?: { value: string; label: string }[];
  required?: boolean;
}

type CustomField = Schemas['CustomField'];
type Values = Record<string, unknown>;

const customFieldsCache = new Map<string, Promise<CustomField[]>>();

export function customFieldsOf(object: CustomField['object']): Promise<CustomField[]> {
  let found = customFieldsCache.get(object);
  if (!found) {
    found = unwrap(api.GET('/api/v1/custom-fields', { params: { query: { object } } }))
      .then((page) => page.items.sort((a, b) => a.position - b.position))
      .catch(() => []);
    customFieldsCache.set(object, found);
  }
  return found;
}

function inputValue(value: unknown, type: FormField['type']): string {
  if (value === null || value === undefined) return '';
  if (type === 'list' && Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The form's value for a field, as the API takes it ('' is null; lists are comma-separated). */
function read(form: FormData, field: FormField): unknown {
  const raw = ((form.get(field.name) as string | null) ?? '').trim();
  if (field.type === 'list')
    return raw
      ? raw
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : [];
  if (field.type === 'number') return raw === '' ? null : Number(raw);
  return raw === '' ? null : raw;
}

function customAsField(field: CustomField): FormField {
  const type: FormField['type'] =
    field.type === 'number'
      ? 'number'
      : field.type === 'money'
        ? 'money'
        : field.type === 'date'
          ? 'date'
          : field.type === 'enum' || field.type === 'boolean'
            ? 'select'
            : field.type === 'multi_enum'
              ? 'list'
              : 'text';
  const options =
    field.type === 'boolean'
      ? [
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]
      : field.options.map((option) => ({ value: option, label: option }));
  return { name: `customFields.${field.key}`, label: field.label, type, options, required: field.required };
}

function Input({ field, value, error }: { field: FormField; value: unknown; error: unknown }) {
  const id = `field-${field.name}`;
  const common = { id, name: field.name, required: field.required };
  if (field.type === 'select')
    return (
      <Field name={field.name} label={field.label} error={error}>
        <select {...common}>
          <option value="">—</option>
          {field.options?.map((option) => (
            <option
              key={option.value}
              value={option.value}
              selected={inputValue(value, field.type) === option.value}
            >
              {option.label}
            </option>
          ))}
        </select>
      </Field>
    );
  if (field.type === 'textarea')
    return (
      <Field name={field.name} label={field.label} error={error}>
        <textarea {...common} rows={3} defaultValue={inputValue(value, field.type)} />
      </Field>
    );
  return (
    <Field
      name={field.name}
      label={field.type === 'list' ? `${field.label} (comma-separated)` : field.label}
      error={error}
      type={field.type === 'list' || !field.type ? 'text' : field.type === 'money' ? 'number' : field.type}
      step={field.type === 'number' || field.type === 'money' ? 'any' : undefined}
      required={field.required}
      defaultValue={inputValue(value, field.type)}
    />
  );
}

export function RecordForm({
  fields,
  customObject,
  initial,
  submitLabel,
  onSubmit,
}: {
  fields: FormField[];
  customObject?: CustomField['object'];
  /** The record being edited: only what differs from it is sent. */
  initial?: Values & { customFields?: Values };
  submitLabel: string;
  onSubmit: (values: Values) => Promise<string | void>;
}) {
  const custom = useAsync(
    () => (customObject ? customFieldsOf(customObject) : Promise.resolve([])),
    [customObject],
  );
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const customFields = (custom.data ?? []).map(customAsField);

  async function submit(event: Event) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const values: Values = {};
    for (const field of fields) {
      const value = read(form, field);
      if (initial && JSON.stringify(value ?? null) === JSON.stringify(initial[field.name] ?? null)) continue;
      if (!initial && (value === null || (Array.isArray(value) && !value.length))) continue;
      values[field.name] = value;
    }
    const customValues: Values = {};
    for (const field of customFields) {
      const key = field.name.slice('customFields.'.length);
      let value = read(form, field);
      if (value === 'true' || value === 'false') value = value === 'true';
      if (JSON.stringify(value ?? null) !== JSON.stringify(initial?.customFields?.[key] ?? null))
        customValues[key] = value;
    }
    if (Object.keys(customValues).length) values.customFields = customValues;
    if (initial && Object.keys(values).length === 0) return setDone('Nothing changed.');
    setBusy(true);
    try {
      setDone((await onSubmit(values)) ?? 'Saved.');
      setFailure(undefined);
      if (!initial) formElement.reset();
    } catch (error) {
      setFailure(error);
      setDone(undefined);
    }
    setBusy(false);
  }

  return (
    <form onSubmit={(event) => void submit(event)}>
      <div class="form-grid">
        {[...fields, ...customFields].map((field) => (
          <Input
            key={field.name}
            field={field}
            error={failure}
            value={
              field.name.startsWith('customFields.')
                ? initial?.customFields?.[field.name.slice(13)]
                : initial?.[field.name]
            }
          />
        ))}
      </div>
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
      {done && <Notice kind="good">{done}</Notice>}
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
