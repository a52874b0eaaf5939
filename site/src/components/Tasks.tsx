/** `/tasks`: my tasks and my team's, as a list or a board by status, with filters and a form for a new one. */
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, unwrap } from '../lib/api';
import { cachedRead } from '../lib/offline';
import { saveOrQueue } from '../lib/outbox';
import { loadPeople, type Person } from '../lib/people';
import { onRealtime } from '../lib/realtime';
import { session } from '../lib/session';
import { definedOnly, ExportButton, useCanExport } from './imports/ExportPanel';
import OutboxPanel from './OutboxPanel';
import {
  Due,
  fromLocalInput,
  isOpen,
  PRIORITIES,
  STATUSES,
  STATUS_LABELS,
  TaskBadges,
  type Task,
} from './tasks/task-ui';
import { Field, Notice, useAsync } from './ui';

type View = 'list' | 'board';
interface Filters {
  status?: string;
  priority?: string;
  assignee?: string;
  due?: string;
  q?: string;
}

function dueRange(due: string | undefined): { dueBefore?: string; overdue?: 'true' } {
  if (due === 'overdue') return { overdue: 'true' };
  const end = new Date();
  end.setHours(23, 59, 59, 999);
  if (due === 'today') return { dueBefore: end.toISOString() };
  if (due === 'week') {
    end.setDate(end.getDate() + ((7 - end.getDay()) % 7));
    return { dueBefore: end.toISOString() };
  }
  return {};
}

/** The list's query for the filters (the export of the list takes the same). */
function taskQuery(filters: Filters) {
  return {
    status: filters.status as Task['status'] | undefined,
    priority: filters.priority as Task['priority'] | undefined,
    ...(filters.assignee === 'me'
      ? { mine: 'true' as const }
      : filters.assignee
        ? { assigneeId: filters.assignee }
        : {}),
    ...dueRange(filters.due),
    q: filters.q || undefined,
  };
}

async function loadTasks(filters: Filters) {
  const query = { limit: 200, ...taskQuery(filters) };
  return cachedRead(`tasks:${JSON.stringify(query)}`, () =>
    unwrap(api.GET('/api/v1/tasks', { params: { query } })),
  );
}

function NewTask({ people, onCreated }: { people: Person[]; onCreated: (task: Task) => void }) {
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function create(event: Event) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const assignee = form.get('assignee') as string;
    setBusy(true);
    try {
      const task = await unwrap(
        api.POST('/api/v1/tasks', {
          body: {
            title: form.get('title') as string,
            description: form.get('description') as string,
            priority: form.get('priority') as Task['priority'],
            dueAt: fromLocalInput(form.get('dueAt') as string),
            visibility: form.get('visibility') as Task['visibility'],
            ...(assignee && { assigneeIds: [assignee] }),
          } as never,
        }),
      );
      formElement.reset();
      setFailure(undefined);
      onCreated(task);
    } catch (error) {
      setFailure(error);
    }
    setBusy(false);
  }
  return (
    <details class="card new-task">
      <summary>New task</summary>
      <form onSubmit={(event) => void create(event)}>
        <Field name="title" label="Title" error={failure} required />
        <Field name="description" label="Description" error={failure}>
          <textarea id="field-description" name="description" rows={2} />
        </Field>
        <div class="filters">
          <Field name="dueAt" label="Due" error={failure} type="datetime-local" />
          <Field name="priority" label="Priority" error={failure}>
            <select id="field-priority" name="priority">
              {PRIORITIES.map((priority) => (
                <option key={priority} selected={priority === 'medium'}>
                  {priority}
                </option>
              ))}
            </select>
          </Field>
          <Field name="visibility" label="Visibility" error={failure}>
            <select id="field-visibility" name="visibility">
              <option value="team">Team</option>
              <option value="collaborative">Collaborative</option>
              <option value="private">Private</option>
            </select>
          </Field>
          {people.length > 0 && (
            <Field name="assigneeIds" label="Assignee" error={failure}>
              <select id="field-assigneeIds" name="assignee">
                <option value="">Me</option>
                {people.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </div>
        {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
        <div class="actions">
          <button class="primary" type="submit" disabled={busy}>
            Create task
          </button>
        </div>
      </form>
    </details>
  );
}

function TaskRow({ task, onComplete }: { task: Task; onComplete: (task: Task) => void }) {
  return (
    <li class="task-row" data-task-id={task.id}>
      <input
        type="checkbox"
        aria-label={`Complete ${task.title}`}
        checked={task.status === 'done'}
        disabled={!isOpen(task)}
        onChange={() => onComplete(task)}
      />
      <div>
        <a href={`/task?id=${task.id}`}>{task.title}</a> <TaskBadges task={task} />
        <div>
          <Due task={task} /> <span class="muted">· {STATUS_LABELS[task.status]}</span>
        </div>
      </div>
    </li>
  );
}

export default function Tasks() {
  const params = new URLSearchParams(location.search);
  const [view, setView] = useState<View>(
    (localStorage.getItem('closer.tasks.view') as View | null) ?? 'list',
  );
  const [filters, setFilters] = useState<Filters>({
    assignee: params.get('assignee') ?? 'me',
    due: params.get('due') ?? undefined,
  });
  const [people, setPeople] = useState<Person[]>([]);
  const [notice, setNotice] = useState<string>();
  const tasks = useAsync(() => loadTasks(filters), [JSON.stringify(filters)]);
  const canExport = useCanExport();
  const { reload } = tasks;

  useEffect(() => {
    void loadPeople().then(setPeople);
    void session();
    const stops = ['task.created', 'task.updated', 'task.completed', 'task.assigned'].map((name) =>
      onRealtime(name, reload),
    );
    return () => stops.forEach((stop) => stop());
  }, [reload]);

  const set = (key: keyof Filters) => (event: Event) =>
    setFilters({ ...filters, [key]: (event.currentTarget as HTMLInputElement).value || undefined });

  async function complete(task: Task) {
    try {
      const result = await saveOrQueue<Task>('task', { ...task, label: task.title }, { status: 'done' });
      setNotice(
        'queued' in result
          ? `"${task.title}" will be completed when you are back online.`
          : `"${task.title}" is done.`,
      );
      reload();
    } catch (error) {
      setNotice(messageOf(error));
    }
  }

  function chooseView(next: View) {
    setView(next);
    localStorage.setItem('closer.tasks.view', next);
  }

  const items = tasks.data?.value.items ?? [];
  return (
    <div>
      <OutboxPanel />
      <NewTask people={people} onCreated={(task) => (setNotice(`Created "${task.title}".`), reload())} />
      <form class="filters" aria-label="Filter tasks" onSubmit={(event) => event.preventDefault()}>
        <div>
          <label for="filter-q">Search</label>
          <input id="filter-q" type="search" value={filters.q ?? ''} onChange={set('q')} />
        </div>
        <div>
          <label for="filter-assignee">Assignee</label>
          <select id="filter-assignee" value={filters.assignee ?? ''} onChange={set('assignee')}>
            <option value="me">Me</option>
            <option value="">Everyone I can see</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-status">Status</label>
          <select id="filter-status" value={filters.status ?? ''} onChange={set('status')}>
            <option value="">Any</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-priority">Priority</label>
          <select id="filter-priority" value={filters.priority ?? ''} onChange={set('priority')}>
            <option value="">Any</option>
            {PRIORITIES.map((priority) => (
              <option key={priority}>{priority}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-due">Due</label>
          <select id="filter-due" value={filters.due ?? ''} onChange={set('due')}>
            <option value="">Any time</option>
            <option value="overdue">Overdue</option>
            <option value="today">By today</option>
            <option value="week">This week</option>
          </select>
        </div>
        <div role="group" aria-label="View">
          <button type="button" aria-pressed={view === 'list'} onClick={() => chooseView('list')}>
            List
          </button>{' '}
          <button type="button" aria-pressed={view === 'board'} onClick={() => chooseView('board')}>
            Board
          </button>
        </div>
        {canExport && <ExportButton resource="tasks" filters={definedOnly(taskQuery(filters))} />}
      </form>
      {notice && <Notice>{notice}</Notice>}
      {tasks.data?.fromCache && <Notice>Shown from this device: you are offline.</Notice>}
      {tasks.error && <Notice kind="bad">{tasks.error}</Notice>}
      {!tasks.data && !tasks.error && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {tasks.data && items.length === 0 && <p class="muted">No tasks match.</p>}
      {view === 'list' ? (
        <ul class="list-plain card">
          {items.map((task) => (
            <TaskRow key={task.id} task={task} onComplete={(item) => void complete(item)} />
          ))}
        </ul>
      ) : (
        <div class="task-board">
          {STATUSES.map((status) => (
            <section key={status} class="card" aria-labelledby={`status-${status}`}>
              <h2 id={`status-${status}`}>
                {STATUS_LABELS[status]}{' '}
                <span class="badge">{items.filter((task) => task.status === status).length}</span>
              </h2>
              <ul class="list-plain">
                {items
                  .filter((task) => task.status === status)
                  .map((task) => (
                    <TaskRow key={task.id} task={task} onComplete={(item) => void complete(item)} />
                  ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
