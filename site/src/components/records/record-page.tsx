/** What every record page does before it shows the record: which one, loading, not found, offline copy. */
import type { ComponentChildren } from 'preact';
import { ApiError } from '../../lib/api';
import { recordId } from '../../lib/format';
import { cachedRead, type Read } from '../../lib/offline';
import { Notice, useAsync, type Async } from '../ui';

/** The record named in the address, read through the device cache (so it shows offline too). */
export function useRecord<T>(
  kind: string,
  load: (id: string) => Promise<T>,
): { id: string; state: Async<Read<T>> } {
  const id = recordId();
  const state = useAsync(() => cachedRead(`${kind}:${id}`, () => load(id)), [id]);
  return { id, state };
}

/** The record once loaded; before that, a clear word on why it is not shown. */
export function RecordGate<T>({
  kind,
  id,
  state,
  children,
}: {
  kind: string;
  id: string;
  state: Async<Read<T>>;
  children: (record: T, read: Read<T>) => ComponentChildren;
}) {
  if (!id) return <Notice kind="bad">No {kind} named in the address.</Notice>;
  if (state.error)
    return (
      <Notice kind="bad">
        {/not found|404/i.test(state.error)
          ? `This ${kind} does not exist, or you may not see it.`
          : state.error}
      </Notice>
    );
  if (!state.data)
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  return (
    <>
      {state.data.fromCache && <Notice>Shown from this device: you are offline.</Notice>}
      {children(state.data.value, state.data)}
    </>
  );
}

/** A save refused because someone saved first says so in words, with what to do. */
export function explainConflict(kind: string) {
  return (error: unknown): never => {
    if (error instanceof ApiError && error.status === 409)
      throw new Error(`Someone changed this ${kind} meanwhile. Reload to see their change, then edit again.`);
    throw error;
  };
}
