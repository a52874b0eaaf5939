import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './tasks.commands.js';
import { TASK_PERMISSIONS, TASK_WORK } from './tasks.policy.js';
import {
  presentCategory,
  presentComment,
  presentTask,
  presentTaskDetail,
  presentTimeEntry,
} from './tasks.presenter.js';
import {
  CommentBody,
  CommentListQuery,
  CommentOut,
  CreateTaskBody,
  TaskCategoryBody,
  TaskCategoryOut,
  TaskCountQuery,
  TaskDetailOut,
  TaskListQuery,
  TaskOut,
  TaskSettingsBody,
  TaskSettingsOut,
  TimeEntryBody,
  TimeEntryOut,
  UpdateTaskBody,
} from './tasks.schema.js';

export function taskRoutes(_deps: ModuleDeps): ApiRoute[] {
  const tags = ['Tasks'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/tasks',
      summary: 'List the tasks you may see, soonest due first (or the trash with ?deleted=true)',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.list,
      request: { query: TaskListQuery },
      responses: { 200: { description: 'Tasks', schema: pageOf(TaskOut) } },
      handler: async ({ actor, tx, query }) => {
        const page = await commands.listTasks({ actor, tx, ...query });
        return { body: { items: page.items.map(presentTask), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/tasks/count',
      summary: 'How many tasks you may see match the filters of the list',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.list,
      request: { query: TaskCountQuery },
      responses: { 200: { description: 'The count', schema: z.object({ count: z.number().int() }) } },
      handler: async ({ actor, tx, query }) => ({
        body: { count: await commands.countTasks({ actor, tx, ...query }) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/tasks',
      summary: 'Create a task (yours, unless you may assign your teams or organization)',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.create,
      request: { body: CreateTaskBody },
      responses: { 201: { description: 'Created', schema: TaskOut } },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: presentTask(await commands.createTask({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/tasks/:id',
      summary: 'Read a task, with its status history and time entries',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.read,
      request: { params: IdParams },
      responses: { 200: { description: 'The task', schema: TaskDetailOut } },
      handler: async ({ actor, tx, params }) => ({
        body: presentTaskDetail(await commands.getTask({ actor, tx, taskId: params.id })),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/tasks/:id',
      summary: 'Change a task; assigneeIds, watcherIds and blockedBy replace the lists',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.update,
      request: { params: IdParams, body: UpdateTaskBody },
      responses: {
        200: { description: 'Updated', schema: TaskOut },
        409: { description: 'Stale version (the current task is in `current`), or unfinished prerequisites' },
      },
      handler: async ({ actor, tx, params, body }) => ({
        body: presentTask(await commands.updateTask({ actor, tx, taskId: params.id, ...body })),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/tasks/:id',
      summary: 'Move a task to the trash (restorable for 30 days)',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.delete,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteTask({ actor, tx, taskId: params.id });
        return {};
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/tasks/:id/restore',
      summary: 'Bring a task back from the trash',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.restore,
      request: { params: IdParams },
      responses: { 200: { description: 'Restored', schema: TaskOut } },
      handler: async ({ actor, tx, params }) => ({
        body: presentTask(await commands.restoreTask({ actor, tx, taskId: params.id })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/tasks/:id/comments',
      summary: 'The comments on a task, oldest first',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.read,
      request: { params: IdParams, query: CommentListQuery },
      responses: { 200: { description: 'Comments', schema: pageOf(CommentOut) } },
      handler: async ({ actor, tx, params, query }) => {
        const page = await commands.listComments({ actor, tx, taskId: params.id, ...query });
        return { body: { items: page.items.map(presentComment), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/tasks/:id/comments',
      summary: 'Comment on a task; @[Name](userId) mentions notify those who may see it',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.comment,
      request: { params: IdParams, body: CommentBody },
      responses: { 201: { description: 'Commented', schema: CommentOut } },
      handler: async ({ actor, tx, params, body }) => ({
        status: 201,
        body: presentComment(await commands.commentOnTask({ actor, tx, taskId: params.id, ...body })),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/tasks/:id/time-entries',
      summary: 'Log time spent on a task by hand',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.trackTime,
      request: { params: IdParams, body: TimeEntryBody },
      responses: { 201: { description: 'Logged', schema: TimeEntryOut } },
      handler: async ({ actor, tx, params, body }) => ({
        status: 201,
        body: presentTimeEntry(await commands.logTime({ actor, tx, taskId: params.id, ...body })),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/tasks/:id/timer/start',
      summary: 'Start your timer on a task (one running timer per person and task)',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.trackTime,
      request: { params: IdParams },
      responses: {
        201: { description: 'Started', schema: TimeEntryOut },
        409: { description: 'Your timer on this task already runs' },
      },
      handler: async ({ actor, tx, params }) => ({
        status: 201,
        body: presentTimeEntry(await commands.startTimer({ actor, tx, taskId: params.id })),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/tasks/:id/timer/stop',
      summary: 'Stop your running timer on a task',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.trackTime,
      request: { params: IdParams },
      responses: {
        200: { description: 'Stopped', schema: TimeEntryOut },
        409: { description: 'No timer of yours runs on this task' },
      },
      handler: async ({ actor, tx, params }) => ({
        body: presentTimeEntry(await commands.stopTimer({ actor, tx, taskId: params.id })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/task-categories',
      summary: 'The task categories: the five built-in ones and your organization’s',
      tags,
      access: 'tenant',
      permissions: [...new Set([...TASK_WORK, ...TASK_PERMISSIONS.manageCategories])],
      responses: {
        200: { description: 'Categories', schema: z.object({ items: z.array(TaskCategoryOut) }) },
      },
      handler: async ({ actor, tx }) => ({
        body: { items: (await commands.listCategories({ actor, tx })).map(presentCategory) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/task-categories',
      summary: 'Add a task category to your organization',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.manageCategories,
      request: { body: TaskCategoryBody },
      responses: {
        201: { description: 'Added', schema: TaskCategoryOut },
        409: { description: 'The key is taken' },
      },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: presentCategory(await commands.createCategory({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/task-categories/:id/archive',
      summary: 'Archive a task category: tasks keep it, new tasks cannot take it',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.manageCategories,
      request: { params: IdParams },
      responses: { 200: { description: 'Archived', schema: TaskCategoryOut } },
      handler: async ({ actor, tx, params }) => ({
        body: presentCategory(await commands.archiveCategory({ actor, tx, categoryId: params.id })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/task-settings',
      summary: 'Your organization’s reminder offsets, overdue escalation delay and interaction reminder days',
      tags,
      access: 'tenant',
      permissions: [...new Set([...TASK_WORK, ...TASK_PERMISSIONS.manageCategories])],
      responses: { 200: { description: 'Settings', schema: TaskSettingsOut } },
      handler: async ({ actor, tx }) => ({ body: await commands.getSettings({ actor, tx }) }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/task-settings',
      summary: 'Change the reminder defaults (open tasks taking them get their reminders rewritten)',
      tags,
      access: 'tenant',
      permissions: TASK_PERMISSIONS.manageCategories,
      request: { body: TaskSettingsBody },
      responses: {
        200: { description: 'Changed', schema: TaskSettingsOut },
        409: { description: 'Stale version (the current settings are in `current`)' },
      },
      handler: async ({ actor, tx, body }) => ({
        body: await commands.updateSettings({ actor, tx, ...body }),
      }),
    }),
  ];
}
