import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  admin,
  allow,
  expectStatus,
  get,
  idOf,
  type MatrixWorld,
  type ModuleMatrix,
  row,
  unique,
} from '../../matrix/matrix.js';

/** Everyone who works with tasks: the rep (theirs), the manager (their teams'), the Org Admin. */
const workers = (status: number) => allow({ orgAdmin: status, teamManager: status, salesRep: status });

/** A task the Org Admin gives the rep (in team West): every worker caller may see and change it. */
async function newTask(w: MatrixWorld): Promise<{ id: string; version: number }> {
  const body = { title: unique('Call back'), assigneeIds: [w.org.rep.id] };
  return expectStatus(await admin(w).post('/api/v1/tasks', body), 201);
}

async function newCategory(w: MatrixWorld): Promise<{ id: string }> {
  const key = unique('cat').replace(/[^a-z0-9]/g, '_');
  return expectStatus(await admin(w).post('/api/v1/task-categories', { key, name: key }), 201);
}

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Tasks: tasks.view_assigned / tasks.update_assigned (theirs), or a manager's or Org Admin's scope
    row('GET', '/api/v1/tasks', workers(200), get('/api/v1/tasks')),
    row('GET', '/api/v1/tasks/count', workers(200), get('/api/v1/tasks/count?overdue=true')),
    row('POST', '/api/v1/tasks', workers(201), (w, c) =>
      w.client(c).post('/api/v1/tasks', { title: 'Send the brochure', priority: 'low' }),
    ),
    row('GET', '/api/v1/tasks/:id', workers(200), async (w, c) =>
      w.client(c).get(`/api/v1/tasks/${(await newTask(w)).id}`),
    ),
    row('PATCH', '/api/v1/tasks/:id', workers(200), async (w, c) => {
      const task = await newTask(w);
      return w.client(c).patch(`/api/v1/tasks/${task.id}`, { version: task.version, progress: 50 });
    }),
    row('DELETE', '/api/v1/tasks/:id', workers(204), async (w, c) =>
      w.client(c).delete(`/api/v1/tasks/${(await newTask(w)).id}`),
    ),
    row('POST', '/api/v1/tasks/:id/restore', workers(200), async (w, c) => {
      const task = await newTask(w);
      await expectStatus(await admin(w).delete(`/api/v1/tasks/${task.id}`), 204);
      return w.client(c).post(`/api/v1/tasks/${task.id}/restore`);
    }),
    row('GET', '/api/v1/tasks/:id/comments', workers(200), async (w, c) =>
      w.client(c).get(`/api/v1/tasks/${(await newTask(w)).id}/comments`),
    ),
    row('POST', '/api/v1/tasks/:id/comments', workers(201), async (w, c) =>
      w.client(c).post(`/api/v1/tasks/${(await newTask(w)).id}/comments`, { body: 'On it' }),
    ),
    row('POST', '/api/v1/tasks/:id/time-entries', workers(201), async (w, c) =>
      w.client(c).post(`/api/v1/tasks/${(await newTask(w)).id}/time-entries`, { minutes: 15 }),
    ),
    row('POST', '/api/v1/tasks/:id/timer/start', workers(201), async (w, c) =>
      w.client(c).post(`/api/v1/tasks/${(await newTask(w)).id}/timer/start`),
    ),
    row('POST', '/api/v1/tasks/:id/timer/stop', workers(200), async (w, c) => {
      const task = await newTask(w);
      // Whoever may start a timer starts it (the others are refused before reaching the task).
      await w.client(c).post(`/api/v1/tasks/${task.id}/timer/start`);
      return w.client(c).post(`/api/v1/tasks/${task.id}/timer/stop`);
    }),
    // Categories and settings: read by whoever works with tasks, changed with org.configure_settings
    row('GET', '/api/v1/task-categories', workers(200), get('/api/v1/task-categories')),
    row('POST', '/api/v1/task-categories', allow({ orgAdmin: 201 }), (w, c) => {
      const key = unique('kind').replace(/[^a-z0-9]/g, '_');
      return w.client(c).post('/api/v1/task-categories', { key, name: 'Kind' });
    }),
    row('POST', '/api/v1/task-categories/:id/archive', allow({ orgAdmin: 200 }), async (w, c) =>
      w.client(c).post(`/api/v1/task-categories/${(await newCategory(w)).id}/archive`),
    ),
    row('GET', '/api/v1/task-settings', workers(200), get('/api/v1/task-settings')),
    row('PUT', '/api/v1/task-settings', allow({ orgAdmin: 200 }), async (w, c) => {
      const current = await expectStatus<{ version: number }>(
        await admin(w).get('/api/v1/task-settings'),
        200,
      );
      return w.client(c).request('PUT', '/api/v1/task-settings', {
        version: current.version,
        interactionReminderDays: 21,
      });
    }),
  ],
  isolation: {
    lists: ['/api/v1/tasks', '/api/v1/tasks?deleted=true', '/api/v1/task-categories'],
    probes: [
      ['GET', '/api/v1/tasks/<Task>'],
      ['PATCH', '/api/v1/tasks/<Task>', { version: 1, title: 'Hijacked' }],
      ['GET', '/api/v1/tasks/<Task>/comments'],
      ['POST', '/api/v1/tasks/<Task>/comments', { body: 'Hijacked' }],
      ['POST', '/api/v1/tasks/<Task>/time-entries', { minutes: 5 }],
      ['POST', '/api/v1/tasks/<Task>/timer/start'],
      ['POST', '/api/v1/tasks/<Task>/timer/stop'],
      ['POST', '/api/v1/task-categories/<Task category>/archive'],
      ['POST', '/api/v1/tasks/<Trashed task>/restore'],
      ['DELETE', '/api/v1/tasks/<Task>'],
    ],
    filters: ['/api/v1/tasks?assigneeId=<rep>', '/api/v1/audit-logs?entity=task:<Task>'],
    // "Task": the Org Admin's task for the rep, with a comment; "Trashed task" in the trash.
    seed: async (tenant) => {
      const task = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/tasks', {
          title: 'Quarterly check-in',
          assigneeIds: [tenant.org.rep.id],
          dueAt: '2030-01-15T10:00:00Z',
        }),
        201,
      );
      await expectStatus(
        await tenant.admin.post(`/api/v1/tasks/${task.id}/comments`, { body: 'Agenda?' }),
        201,
      );
      const trashed = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/tasks', { title: 'Scratch' }),
        201,
      );
      await expectStatus(await tenant.admin.delete(`/api/v1/tasks/${trashed.id}`), 204);
      const category = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/task-categories', { key: 'site_visit', name: 'Site visit' }),
        201,
      );
      return {
        Task: task.id,
        'Trashed task': trashed.id,
        'Task category': category.id,
      };
    },
    unchanged: async (tenant) => {
      const task = await json<{
        title: string;
        version: number;
        deletedAt: string | null;
        trackedMinutes: number;
        timeEntries: unknown[];
      }>(await tenant.admin.get(`/api/v1/tasks/${idOf(tenant, 'Task')}`));
      expect(task).toMatchObject({
        title: 'Quarterly check-in',
        version: 1,
        deletedAt: null,
        timeEntries: [],
      });
      const comments = await json<{ items: { body: string }[] }>(
        await tenant.admin.get(`/api/v1/tasks/${idOf(tenant, 'Task')}/comments`),
      );
      expect(comments.items.map((comment) => comment.body)).toEqual(['Agenda?']);
      const trash = await json<{ items: { id: string }[] }>(
        await tenant.admin.get('/api/v1/tasks?deleted=true'),
      );
      expect(trash.items.map((item) => item.id)).toEqual([idOf(tenant, 'Trashed task')]);
      const categories = await json<{ items: { key: string; archivedAt: string | null }[] }>(
        await tenant.admin.get('/api/v1/task-categories'),
      );
      expect(categories.items.find((item) => item.key === 'site_visit')).toMatchObject({ archivedAt: null });
    },
  },
};
