/** Small pieces every page uses: loading and error states, form fields that show the server's message. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../lib/api';
import { onRealtime } from '../lib/realtime';
import { session, type Session } from '../lib/session';

export interface Async<T> {
  data: T | undefined;
  error: string | undefined;
  /** The HTTP status of a refused load (403: not this person's to see). */
  errorStatus: number | undefined;
  loading: boolean;
  reload: () => void;
  /** Replaces the data in place (optimistic updates, realtime). */
  set: (update: T | ((current: T | undefined) => T)) => void;
}

/** Loads once (and again on `reload()` or when `deps` change). */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[] = []): Async<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [errorStatus, setErrorStatus] = useState<number>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(undefined);
        setErrorStatus(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(messageOf(failure));
        setErrorStatus(failure instanceof ApiError ? failure.status : undefined);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // Callers pass in `deps` what `load` depends on.
  }, [generation, ...deps]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, errorStatus, loading, reload, set: setData };
}

/** Loading, error or the content. */
export function Loaded<T>({
  state,
  children,
}: {
  state: Async<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (state.errorStatus === 403) return <Refused>{state.error?.replace(/\.?$/, '.')}</Refused>;
  if (state.error)
    return (
      <p class="notice bad" role="alert">
        {state.error}
      </p>
    );
  if (state.data === undefined)
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  return <>{children(state.data)}</>;
}

export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'good' | 'bad';
  children: ComponentChildren;
}) {
  return (
    <p class={`notice ${kind === 'info' ? '' : kind}`} role={kind === 'bad' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

/**
 * A labelled input whose server-side message (from an `ApiError` naming this field) shows under it and
 * is announced: `<Field name="amount" label="Amount" error={failure} />`.
 */
export function Field({
  name,
  label,
  error,
  children,
  id = `field-${name}`,
  ...input
}: {
  name: string;
  label: string;
  error?: unknown;
  children?: ComponentChildren;
  /** Default `field-<name>`; give one when two forms of a page share a field name. */
  id?: string;
} & Record<string, unknown>) {
  const message = error instanceof ApiError ? error.field(name) : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children ?? (
        <input
          id={id}
          name={name}
          aria-invalid={message ? 'true' : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          {...input}
        />
      )}
      {message && (
        <div class="field-error" id={`${id}-error`}>
          {message}
        </div>
      )}
    </div>
  );
}

/**
 * Reloads when any of these realtime events arrives, at most once per `delay` ms (a burst of moves is
 * one reload): figures move when deals move.
 */
export function useRealtimeReload(names: readonly string[], reload: () => void, delay = 500): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        reload();
      }, delay);
    };
    const stops = names.map((name) => onRealtime(name, schedule));
    return () => {
      stops.forEach((stop) => stop());
      clearTimeout(timer);
    };
  }, [reload, delay, names.join()]);
}

/** What a person sees of a page (or part) their role does not open. */
export function Refused({ children }: { children: ComponentChildren }) {
  return (
    <section class="card refused" role="alert" data-testid="refused">
      <h2>Not available to you</h2>
      <p>{children} Ask an Org Admin if you need it.</p>
    </section>
  );
}

/**
 * A page for those holding one of `needs`: anyone else is told plainly it is not theirs (the API refuses
 * them too; this saves them a page of errors).
 */
export function Allowed({
  needs,
  what,
  children,
}: {
  needs: readonly string[];
  what: string;
  children: (me: Session) => ComponentChildren;
}) {
  const state = useAsync(session);
  return (
    <Loaded state={state}>
      {(me) =>
        needs.some((permission) => me.permissions.includes(permission)) ? (
          children(me)
        ) : (
          <Refused>
            {what} needs the permission {needs.join(' or ')}, which your role does not give.
          </Refused>
        )
      }
    </Loaded>
  );
}
