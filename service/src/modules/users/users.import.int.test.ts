import { describe, expect, it } from '@jest/globals';
import { count } from 'drizzle-orm';
import { invitations } from '../../core/db/schema.js';
import { signIn } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';

function csvUpload(content: string | Buffer, filename = 'users.csv'): FormData {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/csv' }), filename);
  return form;
}

describe('POST /api/v1/users/import', () => {
  const suite = useOrganizationApp();

  const upload = (content: string | Buffer) =>
    suite.admin.request('POST', '/api/v1/users/import', csvUpload(content));
  const invitationCount = () =>
    suite.app.database.db.transaction(
      { tenantId: suite.org.tenantId },
      async (tx) => (await tx.select({ n: count() }).from(invitations))[0]!.n,
    );

  it('reports a quoted newline inside a name on the line where its record starts', async () => {
    const file = 'email,name,role\nq@import.test,"Quinn\nMultiline",Sales Rep\nr@import.test,Rae,Sales Rep\n';
    const problem = await json(await upload(file));
    expect(problem.errors).toEqual([
      { path: 'line 2, column name', message: expect.stringMatching(/line break/i) },
    ]);
  });

  it('imports a file with a BOM, ";" delimiters and quoted fields, and re-running it creates nothing', async () => {
    const file =
      '\uFEFFEmail;Full name;Role;Team\r\nann@import.test;"Lee; Ann ""AL""";Sales Rep;West\r\n\r\nbo@import.test;Bo Ek;team manager;\r\n';
    const first = await upload(file);
    expect(first.status).toBe(200);
    expect(await json(first)).toEqual({ total: 2, invited: 2, skipped: [] });
    const again = await json(await upload(file));
    expect(again).toEqual({
      total: 2,
      invited: 0,
      skipped: [
        { line: 2, email: 'ann@import.test', reason: 'already invited' },
        { line: 4, email: 'bo@import.test', reason: 'already invited' },
      ],
    });
  });

  it('rejects the whole file, naming line, column and reason, and writes nothing', async () => {
    const before = await invitationCount();
    const response = await upload(
      'email,name,role\nok@import.test,Ok,Sales Rep\nnot-an-email,Bad,Sales Rep\nx@import.test,X,Astronaut\n',
    );
    expect(response.status).toBe(422);
    const problem = await json(response);
    expect(problem.code).toBe('import_invalid');
    expect(problem.errors).toEqual([
      { path: 'line 3, column email', message: expect.stringMatching(/email/i) },
      { path: 'line 4, column role', message: expect.stringMatching(/Astronaut/) },
    ]);
    expect(await invitationCount()).toBe(before);
  });

  it('names a missing column', async () => {
    const problem = await json(await upload('email,name\nz@import.test,Zed\n'));
    expect(problem.errors).toEqual([{ path: 'line 1', message: expect.stringMatching(/role/i) }]);
  });

  it('refuses a role the importer could not grant', async () => {
    const manager = await signIn(suite.app.url, suite.org.manager);
    expect(
      (
        await manager.request(
          'POST',
          '/api/v1/users/import',
          csvUpload('email,name,role\na@b.test,A,Org Admin\n'),
        )
      ).status,
    ).toBe(403);
  });

  it('refuses an Excel workbook and a body that is not a file', async () => {
    const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 1)]);
    const problem = await json(await upload(xlsx));
    expect(problem.detail).toMatch(/Excel/);
    const notMultipart = await suite.admin.post('/api/v1/users/import', { file: 'email,name,role' });
    expect(notMultipart.status).toBe(415);
  });

  it('imports 50,000 rows in one transaction', async () => {
    const lines = ['email,name,role,team'];
    for (let i = 0; i < 50_000; i++)
      lines.push(`bulk${i}@import.test,Bulk Person ${i},Sales Rep,${i % 2 ? 'West' : ''}`);
    const started = performance.now();
    const response = await upload(lines.join('\n'));
    const seconds = (performance.now() - started) / 1000;
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ total: 50_000, invited: 50_000, skipped: [] });
    // Reported for the issue note; not asserted (tests never assert timings).
    console.log(`50,000-row user import (${suite.app.database.kind}): ${seconds.toFixed(1)} s`);
    const rerun = await json(await upload(lines.join('\n')));
    expect(rerun).toMatchObject({ total: 50_000, invited: 0 });
  });
});
