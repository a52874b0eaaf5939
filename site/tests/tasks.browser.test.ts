import { expect, test } from '@jest/globals';
import { json } from '../../service/src/test/http-client.js';
import { describeBrowser, useBrowserSuite } from './browser.js';

interface Task {
  id: string;
  title: string;
  version: number;
  status: string;
  description: string;
  trackedMinutes: number;
  timeEntries: { endedAt: string | null }[];
}

describeBrowser('tasks', () => {
  const suite = useBrowserSuite();

  /** A task of the rep's, made by their manager (reps may not make private or collaborative ones). */
  async function repTask(body: Record<string, unknown>): Promise<Task> {
    const manager = await suite.apiAs(suite.org.manager);
    const created = await manager.post('/api/v1/tasks', { assigneeIds: [suite.org.rep.id], ...body });
    expect(created.status).toBe(201);
    return json<Task>(created);
  }

  const taskOnServer = async (id: string) => json<Task>(await suite.admin.get(`/api/v1/tasks/${id}`));

  test('the list and the board show a rep their tasks with visibility and priority badges', async () => {
    await repTask({ title: 'Private prep notes', visibility: 'private', priority: 'high' });
    await repTask({ title: 'Shared onboarding plan', visibility: 'collaborative', status: 'in_progress' });
    const page = await suite.signedIn(suite.org.rep, '/tasks');
    const row = page.locator('li.task-row', { hasText: 'Private prep notes' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Private.*high/);
    expect(await page.locator('li.task-row', { hasText: 'Shared onboarding plan' }).textContent()).toContain(
      'Collaborative',
    );
    await page.getByRole('button', { name: 'Board' }).click();
    const inProgress = page.locator('section', { has: page.getByRole('heading', { name: /In progress/ }) });
    await inProgress.locator('li.task-row', { hasText: 'Shared onboarding plan' }).waitFor();
    await suite.screenshot(page, 'tasks');
  });

  test('a task is created from the form, and a refused one shows the server message on its field', async () => {
    const page = await suite.signedIn(suite.org.rep, '/tasks');
    await page.getByText('New task').click();
    await page.getByLabel('Title').fill('   ');
    await page.getByRole('button', { name: 'Create task' }).click();
    const fieldError = page.locator('#field-title-error');
    await fieldError.waitFor().catch(async (error: unknown) => {
      await suite.screenshot(page, 'debug-task-form');
      throw error;
    });
    expect(await page.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Title').fill('Call Contoso about the renewal');
    await page.locator('#field-priority').selectOption('critical');
    await page.getByRole('button', { name: 'Create task' }).click();
    await page.getByText('Created "Call Contoso about the renewal".').waitFor();
    await page.locator('li.task-row', { hasText: 'Call Contoso about the renewal' }).waitFor();
  });

  test('a comment @mentions the manager, who is notified; the timer starts and stops', async () => {
    const task = await repTask({ title: 'Draft the Q3 proposal' });
    const page = await suite.signedIn(suite.org.rep, `/task?id=${task.id}`);
    const box = page.getByLabel('Add a comment (type @ to mention someone)');
    await box.fill('Can you check this @Morg');
    await page.getByRole('button', { name: '@Morgan Manager' }).click();
    await box.pressSequentially('please');
    await page.getByRole('button', { name: 'Comment' }).click();
    await page.locator('.comment .mention', { hasText: '@Morgan Manager' }).waitFor();

    await suite.app.drainEvents();
    const manager = await suite.apiAs(suite.org.manager);
    const inbox = await json<{ items: { kind: string }[] }>(await manager.get('/api/v1/notifications'));
    expect(inbox.items.map((item) => item.kind)).toContain('task.mentioned');

    await page.getByRole('button', { name: 'Start timer' }).click();
    await page.getByRole('button', { name: 'Stop timer' }).click();
    await page.getByRole('button', { name: 'Start timer' }).waitFor();
    const saved = await taskOnServer(task.id);
    expect(saved.timeEntries.length).toBe(1);
    expect(saved.timeEntries[0]!.endedAt).not.toBeNull();
    await suite.screenshot(page, 'task-detail');
  });

  test('an edit made offline waits on the device and reaches the server when the browser is back online', async () => {
    const task = await repTask({ title: 'Prepare the demo' });
    const page = await suite.signedIn(suite.org.rep, `/task?id=${task.id}`);
    await page.getByLabel('Title').waitFor();
    const context = page.context();
    // Offline for the page and for the service worker's own requests alike.
    await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
    await page.getByLabel('Title').fill('Prepare the demo for Fabrikam');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('it will be sent when you are back online').waitFor();
    await page.getByText('change waits to be sent').waitFor();
    expect((await taskOnServer(task.id)).title).toBe('Prepare the demo');

    await context.unroute('**/api/**');
    await context.setOffline(false);
    await page.getByText('change waits to be sent').waitFor({ state: 'detached' });
    expect((await taskOnServer(task.id)).title).toBe('Prepare the demo for Fabrikam');
  });

  test('a conflicting offline edit shows both values and "Keep mine" wins', async () => {
    const task = await repTask({ title: 'Book the venue' });
    const page = await suite.signedIn(suite.org.rep, `/task?id=${task.id}`);
    await page.getByLabel('Title').waitFor();
    const context = page.context();
    await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
    await page.getByLabel('Title').fill('Book the venue (mine)');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('change waits to be sent').waitFor();

    const manager = await suite.apiAs(suite.org.rep);
    expect(
      (
        await manager.patch(`/api/v1/tasks/${task.id}`, {
          version: task.version,
          title: 'Book the venue (theirs)',
        })
      ).status,
    ).toBe(200);

    await context.unroute('**/api/**');
    await context.setOffline(false);
    const conflict = page.getByRole('group', { name: /Conflict on/ });
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(/Book the venue \(mine\).*Book the venue \(theirs\)/);
    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await conflict.waitFor({ state: 'detached' });
    expect((await taskOnServer(task.id)).title).toBe('Book the venue (mine)');
  });
});
