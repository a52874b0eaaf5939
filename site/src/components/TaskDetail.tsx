/**
 * `/task?id=`: a task whole: its fields (editable, offline too), what blocks it, its comments with
 * @mentions, and its timer.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../lib/api';
import { dateTime, recordId } from '../lib/format';
import { cachedRead } from '../lib/offline';
import { onOutboxChange, saveOrQueue } from '../lib/outbox';
import { loadPeople, type Person } from '../lib/people';
import { onRealtime } from '../lib/realtime';
import { session } from '../lib/session';
import OutboxPanel from './OutboxPanel';
import {
  Due,
  fromLocalInput,
  localInput,
  PRIORITIES,
  STATUSES,
  STATUS_LABELS,
  TaskBadges,
  type Task,
} from './tasks/task-ui';
import { Field, Loaded, Notice, useAsync } from './ui';

type Comment = Schemas['TaskComment'];
type TaskWithHistory = Schemas['TaskDetail'];
type TimeEntry = Schemas['TaskTimeEntry'];

const MENTION = /@\[([^\]]+)\]\(([0-9a-f-]{36})\)/g;

/** A comment's text with `@[Name](id)` tokens shown as names. */
function CommentText({ body }: { body: string }) {
  const parts: (string | { name: string })[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    parts.push(body.slice(last, match.index), { name: match[1]! });
    last = match.index + match[0].length;
  }
  parts.push(body.slice(last));
  return (
    <p>
      {parts.map((part, index) =>
        typeof part === 'string' ? (
          part
        ) : (
          <span class="mention" key={index}>
            @{part.name}
          </span>
        ),
      )}
    </p>
  );
}

function Comments({ task, people }: { task: Task; people: Person[] }) {
  const comments = useAsync(
    () =>
      unwrap(
        api.GET('/api/v1/tasks/{id}/comments', { params: { path: { id: task.id }, query: { limit: 200 } } }),
      ),
    [task.id],
  );
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<unknown>();
  const typed = /@(\w*)$/.exec(text)?.[1];
  const suggestions =
    typed === undefined
      ? []
      : people.filter((person) => person.name.toLowerCase().includes(typed.toLowerCase())).slice(0, 6);
  const names = new Map(people.map((person) => [person.id, person.name]));

  function mention(person: Person) {
    setText(text.replace(/@(\w*)$/, `@[${person.name}](${person.id}) `));
    document.getElementById('field-body')?.focus();
  }

  async function post(event: Event) {
    event.preventDefault();
    try {
      await unwrap(
        api.POST('/api/v1/tasks/{id}/comments', { params: { path: { id: task.id } }, body: { body: text } }),
      );
      setText('');
      setFailure(undefined);
      comments.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <section class="card" aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      <Loaded state={comments}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">No comments yet.</p>
          ) : (
            <div>
              {page.items.map((comment: Comment) => (
                <div class="comment" key={comment.id}>
                  <strong>{names.get(comment.authorId) ?? 'Someone'}</strong>{' '}
                  <span class="muted">{dateTime(comment.createdAt)}</span>
                  <CommentText body={comment.body} />
                </div>
              ))}
            </div>
          )
        }
      </Loaded>
      <form onSubmit={(event) => void post(event)}>
        <Field name="body" label="Add a comment (type @ to mention someone)" error={failure}>
          <textarea
            id="field-body"
            name="body"
            rows={3}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </Field>
        {suggestions.length > 0 && (
          <ul class="suggestions" aria-label="People to mention">
            {suggestions.map((person) => (
              <li key={person.id}>
                <button type="button" onClick={() => mention(person)}>
                  @{person.name}
                </button>
              </li>
            ))}
          </ul>
        )}
        {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
        <div class="actions">
          <button class="primary" type="submit" disabled={!text.trim()}>
            Comment
          </button>
        </div>
      </form>
    </section>
  );
}

function Timer({ task, onChange }: { task: TaskWithHistory; onChange: () => void }) {
  const [error, setError] = useState<string>();
  const me = useAsync(session);
  const running = task.timeEntries.find(
    (entry: TimeEntry) => !entry.endedAt && entry.userId === me.data?.user.id,
  );

  async function toggle() {
    try {
      const params = { params: { path: { id: task.id } } };
      if (running) await unwrap(api.POST('/api/v1/tasks/{id}/timer/stop', params));
      else await unwrap(api.POST('/api/v1/tasks/{id}/timer/start', params));
      setError(undefined);
      onChange();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <section class="card" aria-labelledby="timer-title">
      <h2 id="timer-title">Time</h2>
      <p>
        Tracked: <strong>{task.trackedMinutes} min</strong>
        {task.estimateMinutes !== null && ` of ${task.estimateMinutes} min estimated`}
        {running && <span class="badge accent"> Timer running since {dateTime(running.startedAt)}</span>}
      </p>
      <button type="button" class={running ? '' : 'primary'} onClick={() => void toggle()}>
        {running ? 'Stop timer' : 'Start timer'}
      </button>
      {error && <Notice kind="bad">{error}</Notice>}
      <ul class="list-plain">
        {task.timeEntries.map((entry: TimeEntry) => (
          <li key={entry.id}>
            {dateTime(entry.startedAt)} · {entry.minutes === null ? 'running' : `${entry.minutes} min`}{' '}
            <span class="muted">({entry.source})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Dependencies({ task, onSaved }: { task: Task; onSaved: (task: Task) => void }) {
  const blockers = useAsync(
    () =>
      Promise.all(
        task.blockedBy.map((id) =>
          unwrap(api.GET('/api/v1/tasks/{id}', { params: { path: { id } } })).catch(
            () => ({ id, title: '(hidden)' }) as Task,
          ),
        ),
      ),
    [task.blockedBy.join()],
  );
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string>();
  const candidates = useAsync(
    () =>
      search.length < 2
        ? Promise.resolve([] as Task[])
        : unwrap(api.GET('/api/v1/tasks', { params: { query: { q: search, limit: 8 } } })).then((page) =>
            page.items.filter((item) => item.id !== task.id && !task.blockedBy.includes(item.id)),
          ),
    [search],
  );

  async function setBlockedBy(ids: string[]) {
    try {
      const result = await saveOrQueue<Task>('task', { ...task, label: task.title }, { blockedBy: ids });
      if ('saved' in result) onSaved(result.saved);
      setError(undefined);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <section class="card" aria-labelledby="deps-title">
      <h2 id="deps-title">Blocked by</h2>
      <ul class="list-plain">
        {(blockers.data ?? []).map((blocker) => (
          <li key={blocker.id}>
            <a href={`/task?id=${blocker.id}`}>{blocker.title}</a>{' '}
            {blocker.status && <span class="muted">{STATUS_LABELS[blocker.status]}</span>}{' '}
            <button
              type="button"
              onClick={() => void setBlockedBy(task.blockedBy.filter((id) => id !== blocker.id))}
            >
              Remove
            </button>
          </li>
        ))}
        {task.blockedBy.length === 0 && <li class="muted">Nothing blocks this task.</li>}
      </ul>
      <label for="dep-search">Add a task that must be done first</label>
      <input
        id="dep-search"
        type="search"
        value={search}
        onInput={(event) => setSearch(event.currentTarget.value)}
      />
      <ul class="suggestions">
        {(candidates.data ?? []).map((candidate) => (
          <li key={candidate.id}>
            <button type="button" onClick={() => void setBlockedBy([...task.blockedBy, candidate.id])}>
              {candidate.title}
            </button>
          </li>
        ))}
      </ul>
      {error && <Notice kind="bad">{error}</Notice>}
    </section>
  );
}

function EditTask({ task, onSaved }: { task: Task; onSaved: (task: Task) => void }) {
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const change: Record<string, unknown> = {
      title: form.get('title'),
      description: form.get('description'),
      status: form.get('status'),
      priority: form.get('priority'),
      dueAt: fromLocalInput(form.get('dueAt') as string),
      progress: Number(form.get('progress')),
    };
    for (const key of Object.keys(change)) if (change[key] === task[key as keyof Task]) delete change[key];
    if (Object.keys(change).length === 0) return setNotice('Nothing changed.');
    try {
      const result = await saveOrQueue<Task>('task', { ...task, label: task.title }, change);
      setFailure(undefined);
      if ('queued' in result) setNotice('Saved on this device; it will be sent when you are back online.');
      else {
        setNotice('Saved.');
        onSaved(result.saved);
      }
    } catch (error) {
      setFailure(error);
      setNotice(undefined);
    }
  }

  return (
    <form class="card" onSubmit={(event) => void save(event)} aria-label="Edit task" key={task.version}>
      <Field name="title" label="Title" error={failure} defaultValue={task.title} required />
      <Field name="description" label="Description" error={failure}>
        <textarea id="field-description" name="description" rows={4} defaultValue={task.description} />
      </Field>
      <div class="filters">
        <Field name="status" label="Status" error={failure}>
          <select id="field-status" name="status">
            {STATUSES.map((status) => (
              <option key={status} value={status} selected={status === task.status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="priority" label="Priority" error={failure}>
          <select id="field-priority" name="priority">
            {PRIORITIES.map((priority) => (
              <option key={priority} selected={priority === task.priority}>
                {priority}
              </option>
            ))}
          </select>
        </Field>
        <Field
          name="dueAt"
          label="Due"
          error={failure}
          type="datetime-local"
          defaultValue={localInput(task.dueAt)}
        />
        <Field
          name="progress"
          label="Progress (%)"
          error={failure}
          type="number"
          min={0}
          max={100}
          defaultValue={task.progress}
        />
      </div>
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
      {notice && <Notice kind="good">{notice}</Notice>}
      <div class="actions">
        <button class="primary" type="submit">
          Save
        </button>
      </div>
    </form>
  );
}

export default function TaskDetail() {
  const id = recordId();
  const state = useAsync(
    () => cachedRead(`task:${id}`, () => unwrap(api.GET('/api/v1/tasks/{id}', { params: { path: { id } } }))),
    [id],
  );
  const [people, setPeople] = useState<Person[]>([]);
  const { reload } = state;
  useEffect(() => {
    void loadPeople().then(setPeople);
    const stops = ['task.updated', 'task.completed', 'task.assigned'].map((name) =>
      onRealtime(name, (message) => {
        if (message.data.taskId === id || message.data.id === id) reload();
      }),
    );
    stops.push(onOutboxChange(reload));
    return () => stops.forEach((stop) => stop());
  }, [id, reload]);

  const names = new Map(people.map((person) => [person.id, person.name]));
  const onSaved = (task: Task) =>
    state.set((current) => ({
      value: { ...current!.value, ...task },
      fromCache: false,
      savedAt: new Date().toISOString(),
    }));
  if (!id) return <Notice kind="bad">No task named in the address.</Notice>;
  return (
    <Loaded state={state}>
      {({ value: task, fromCache, savedAt }) => (
        <div class="task-detail">
          <OutboxPanel />
          {fromCache && <Notice>Shown from this device (as of {dateTime(savedAt)}): you are offline.</Notice>}
          <h2>
            {task.title} <TaskBadges task={task} />
          </h2>
          <p>
            <Due task={task} /> · {STATUS_LABELS[task.status]} · {task.category} · assigned to{' '}
            {task.assigneeIds.map((assignee) => names.get(assignee) ?? 'someone').join(', ')}
            {task.customerId && (
              <>
                {' '}
                · <a href={`/customer?id=${task.customerId}`}>customer</a>
              </>
            )}
            {task.opportunityId && (
              <>
                {' '}
                · <a href={`/opportunity?id=${task.opportunityId}`}>deal</a>
              </>
            )}
          </p>
          <div class="grid">
            <EditTask task={task} onSaved={onSaved} />
            <div>
              <Dependencies task={task} onSaved={onSaved} />
              <Timer task={task} onChange={reload} />
            </div>
          </div>
          <Comments task={task} people={people} />
        </div>
      )}
    </Loaded>
  );
}
