import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/database.js';
import { buildOrganization, signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { crmFixtures, type CrmFixtures } from '../../use-cases/crm-fixtures.js';

interface DocumentView {
  id: string;
  parentType: string;
  parentId: string;
  name: string;
  currentVersion: number;
  versions: { number: number; fileName: string; contentType: string; size: number; sha256: string }[];
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const LIMIT = 64 * 1024;

function form(
  fields: Record<string, string>,
  file?: { content: Buffer | string; name: string; type?: string },
) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  if (file)
    body.append(
      'file',
      new Blob([file.content], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  return body;
}

describe('documents', () => {
  const suite = useOrganizationApp({ env: { DOCUMENT_MAX_BYTES: '64kb' } });
  let rep: TestClient;
  let otherRep: TestClient;
  let manager: TestClient;
  let crm: CrmFixtures;
  let customerId: string;

  const upload = (client: TestClient, fields: Record<string, string>, file?: Parameters<typeof form>[1]) =>
    client.request('POST', '/api/v1/documents', form(fields, file));
  const onCustomer = (id = customerId) => ({ parentType: 'customer', parentId: id });
  const list = (client: TestClient, parentType: string, parentId: string) =>
    client.get(`/api/v1/documents?parentType=${parentType}&parentId=${parentId}`);
  const inTenant = <T>(query: ReturnType<typeof sql>) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) => queryRows<T>(tx, query));
  const storedFiles = async () => {
    const root = path.join(suite.app.config.dataDir, 'documents');
    const dirs = await readdir(root).catch(() => [] as string[]);
    return (await Promise.all(dirs.map(async (dir) => readdir(path.join(root, dir))))).flat();
  };
  const tempFiles = () =>
    readdir(path.join(suite.app.config.dataDir, 'tmp', 'uploads')).catch(() => [] as string[]);

  beforeAll(async () => {
    rep = await signIn(suite.app.url, suite.org.rep);
    otherRep = await signIn(suite.app.url, suite.org.otherRep);
    manager = await signIn(suite.app.url, suite.org.manager);
    crm = await crmFixtures(suite.app.database.db, suite.org.tenantId);
    customerId = await crm.customer({ name: 'Initech', ownerId: suite.org.rep.id });
  });

  it('stores an upload by its hash, with the type read from the bytes, and streams it back as an attachment', async () => {
    const response = await upload(rep, onCustomer(), {
      content: PDF,
      name: 'Proposal ü 2024.pdf',
      type: 'image/png',
    });
    expect(response.status).toBe(201);
    const document = await json<DocumentView>(response);
    expect(document).toMatchObject({ ...onCustomer(), name: 'Proposal ü 2024.pdf', currentVersion: 1 });
    expect(document.versions).toEqual([
      expect.objectContaining({ number: 1, contentType: 'application/pdf', size: PDF.length }),
    ]);
    const sha = document.versions[0]!.sha256;
    expect(await storedFiles()).toContain(sha);

    const download = await rep.get(`/api/v1/documents/${document.id}/content`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="Proposal _ 2024.pdf"; filename*=UTF-8''Proposal%20%C3%BC%202024.pdf`,
    );
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);
    expect(await tempFiles()).toEqual([]);
  });

  it('never serves what the client declared: HTML comes back as plain text, unknown bytes as octet-stream', async () => {
    const html = await json<DocumentView>(
      await upload(rep, onCustomer(), {
        content: '<html><script>alert(1)</script></html>',
        name: 'x.html',
        type: 'text/html',
      }),
    );
    expect(html.versions[0]?.contentType).toBe('text/plain; charset=utf-8');
    const download = await rep.get(`/api/v1/documents/${html.id}/content`);
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    const binary = await json<DocumentView>(
      await upload(rep, onCustomer(), {
        content: Buffer.from([0, 1, 2, 3, 255, 254]),
        name: 'blob.bin',
        type: 'text/html',
      }),
    );
    expect(binary.versions[0]?.contentType).toBe('application/octet-stream');
    const png = await json<DocumentView>(
      await upload(rep, onCustomer(), { content: PNG, name: 'logo', type: 'application/pdf' }),
    );
    expect(png.versions[0]?.contentType).toBe('image/png');
  });

  it('adds versions to a document; downloads the current one or the one asked for; stores equal bytes once', async () => {
    const first = await json<DocumentView>(
      await upload(rep, onCustomer(), { content: 'version one', name: 'terms.txt' }),
    );
    const second = await upload(
      rep,
      { ...onCustomer(), documentId: first.id },
      { content: 'version two', name: 'terms-v2.txt' },
    );
    expect(second.status).toBe(201);
    const updated = await json<DocumentView>(second);
    expect(updated).toMatchObject({ id: first.id, name: 'terms-v2.txt', currentVersion: 2 });
    expect(updated.versions.map((version) => [version.number, version.fileName])).toEqual([
      [2, 'terms-v2.txt'],
      [1, 'terms.txt'],
    ]);
    expect(await (await rep.get(`/api/v1/documents/${first.id}/content`)).text()).toBe('version two');
    expect(await (await rep.get(`/api/v1/documents/${first.id}/content?version=1`)).text()).toBe(
      'version one',
    );
    const missing = await rep.get(`/api/v1/documents/${first.id}/content?version=3`);
    expect(missing.status).toBe(404);

    const before = (await storedFiles()).length;
    const copy = await json<DocumentView>(
      await upload(rep, onCustomer(), { content: 'version one', name: 'copy.txt' }),
    );
    expect(copy.versions[0]?.sha256).toBe(first.versions[0]?.sha256);
    expect((await storedFiles()).length).toBe(before);

    const listed = await json<{ items: DocumentView[] }>(await list(rep, 'customer', customerId));
    expect(listed.items.find((document) => document.id === first.id)?.versions).toHaveLength(2);
    expect(listed.items[0]?.id).toBe(copy.id);
  });

  it('answers 413 over DOCUMENT_MAX_BYTES and keeps nothing, neither the bytes nor a row', async () => {
    const parent = await crm.customer({ name: 'Big Files Inc', ownerId: suite.org.rep.id });
    const filesBefore = await storedFiles();
    const response = await upload(rep, onCustomer(parent), {
      content: Buffer.alloc(LIMIT + 1, 7),
      name: 'huge.bin',
    });
    expect(response.status).toBe(413);
    expect(await json(response)).toMatchObject({ code: 'payload_too_large' });
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await tempFiles()).toEqual([]);
    expect((await json<{ items: unknown[] }>(await list(rep, 'customer', parent))).items).toEqual([]);
    // Exactly at the limit is fine.
    const atLimit = await upload(rep, onCustomer(parent), {
      content: Buffer.alloc(LIMIT, 7),
      name: 'edge.bin',
    });
    expect(atLimit.status).toBe(201);
    // A declared length far beyond the limit is refused before reading the body.
    const declared = await rep.request('POST', '/api/v1/documents', Buffer.alloc(LIMIT * 3), {
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(declared.status).toBe(413);
    expect(await tempFiles()).toEqual([]);
  });

  it('refuses bad input naming the field, and bodies that are not multipart', async () => {
    const noFile = await json<{ errors: { path: string }[] }>(await upload(rep, onCustomer()));
    expect(noFile.errors.map((error) => error.path)).toEqual(['body.file']);
    const empty = await upload(rep, onCustomer(), { content: '', name: 'empty.txt' });
    expect(empty.status).toBe(422);
    expect(await json(empty)).toMatchObject({ errors: [{ path: 'body.file', message: 'is empty' }] });
    expect(await tempFiles()).toEqual([]);
    const badType = await json<{ errors: { path: string }[] }>(
      await upload(rep, { parentType: 'invoice', parentId: customerId }, { content: 'x', name: 'x.txt' }),
    );
    expect(badType.errors.map((error) => error.path)).toEqual(['body.parentType']);
    const other = await crm.customer({ name: 'Other Parent', ownerId: suite.org.rep.id });
    const elsewhere = await json<DocumentView>(
      await upload(rep, onCustomer(other), { content: 'x', name: 'x.txt' }),
    );
    const wrongParent = await upload(
      rep,
      { ...onCustomer(), documentId: elsewhere.id },
      { content: 'y', name: 'y.txt' },
    );
    expect(wrongParent.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(wrongParent)).errors[0]?.path).toBe('body.documentId');
    expect(
      (await rep.post('/api/v1/documents', { parentType: 'customer', parentId: customerId })).status,
    ).toBe(415);
    expect(await tempFiles()).toEqual([]);
  });

  it('lets only those who may see the record upload, list and download: 404 for everyone else', async () => {
    const document = await json<DocumentView>(
      await upload(rep, onCustomer(), { content: 'secret plan', name: 'plan.txt' }),
    );
    const content = `/api/v1/documents/${document.id}/content`;
    for (const client of [manager, suite.admin]) {
      expect((await list(client, 'customer', customerId)).status).toBe(200);
      expect((await client.get(content)).status).toBe(200);
    }
    expect((await list(otherRep, 'customer', customerId)).status).toBe(404);
    expect((await otherRep.get(content)).status).toBe(404);
    expect((await otherRep.delete(`/api/v1/documents/${document.id}`)).status).toBe(404);
    expect((await upload(otherRep, onCustomer(), { content: 'x', name: 'x.txt' })).status).toBe(404);
    expect(
      (await upload(otherRep, { ...onCustomer(), documentId: document.id }, { content: 'x', name: 'x.txt' }))
        .status,
    ).toBe(404);

    const stranger = await buildOrganization(suite.app.database.db, { name: 'Other Org' });
    const strangerAdmin = await signIn(suite.app.url, stranger.admin);
    const problem = await json(await strangerAdmin.get(content));
    expect(problem).toMatchObject({ status: 404, code: 'not_found' });
    expect((await list(strangerAdmin, 'customer', customerId)).status).toBe(404);
    expect((await upload(strangerAdmin, onCustomer(), { content: 'x', name: 'x.txt' })).status).toBe(404);
    expect((await strangerAdmin.delete(`/api/v1/documents/${document.id}`)).status).toBe(404);
    expect((await rep.get(content)).status).toBe(200);

    const trashed = await crm.customer({
      name: 'Gone Ltd',
      ownerId: suite.org.rep.id,
      deletedAt: new Date(),
    });
    expect((await upload(rep, onCustomer(trashed), { content: 'x', name: 'x.txt' })).status).toBe(404);
  });

  it("reaches an interaction's documents through its customer, and a deal's through its owner", async () => {
    const interaction = await crm.interaction({
      type: 'call',
      ownerId: suite.org.otherRep.id,
      occurredAt: new Date(),
      customerId,
    });
    const onInteraction = { parentType: 'interaction', parentId: interaction };
    expect((await upload(rep, onInteraction, { content: 'call notes', name: 'notes.txt' })).status).toBe(201);
    expect((await list(otherRep, 'interaction', interaction)).status).toBe(200);
    const unrelated = await crm.customer({ name: 'Not Riley', ownerId: suite.org.otherRep.id });
    const deal = await crm.opportunity({
      name: 'Not Riley deal',
      ownerId: suite.org.otherRep.id,
      customerId: unrelated,
    });
    expect(
      (await upload(otherRep, { parentType: 'opportunity', parentId: deal }, { content: 'q', name: 'q.txt' }))
        .status,
    ).toBe(201);
    expect((await list(rep, 'opportunity', deal)).status).toBe(404);
    expect((await list(manager, 'opportunity', deal)).status).toBe(404);
    expect((await list(suite.admin, 'opportunity', deal)).status).toBe(200);
  });

  it('puts a document in the trash with its audit entry and event, written with the change', async () => {
    const document = await json<DocumentView>(
      await upload(rep, onCustomer(), { content: 'to delete', name: 'old.txt' }),
    );
    expect((await rep.delete(`/api/v1/documents/${document.id}`)).status).toBe(204);
    expect((await rep.get(`/api/v1/documents/${document.id}/content`)).status).toBe(404);
    expect((await rep.delete(`/api/v1/documents/${document.id}`)).status).toBe(404);
    const listed = await json<{ items: DocumentView[] }>(await list(rep, 'customer', customerId));
    expect(listed.items.map((item) => item.id)).not.toContain(document.id);
    const events = await inTenant<{ name: string; actor_id: string }>(
      sql`select name, actor_id from domain_events where stream_id = ${document.id} order by position`,
    );
    expect(events).toEqual([
      { name: 'document.uploaded', actor_id: suite.org.rep.id },
      { name: 'document.deleted', actor_id: suite.org.rep.id },
    ]);
    const audit = await inTenant<{ action: string }>(
      sql`select action from audit_logs where entity_type = 'document' and entity_id = ${document.id} order by created_at`,
    );
    expect(audit.map((entry) => entry.action)).toEqual(['document.uploaded', 'document.deleted']);
  });

  it('pages a long list with a cursor', async () => {
    const parent = await crm.customer({ name: 'Many Files', ownerId: suite.org.rep.id });
    for (const n of [1, 2, 3])
      await upload(rep, onCustomer(parent), { content: `file ${n}`, name: `${n}.txt` });
    const first = await json<{ items: DocumentView[]; nextCursor: string }>(
      await rep.get(`/api/v1/documents?parentType=customer&parentId=${parent}&limit=2`),
    );
    expect(first.items.map((item) => item.name)).toEqual(['3.txt', '2.txt']);
    const second = await json<{ items: DocumentView[]; nextCursor: string | null }>(
      await rep.get(
        `/api/v1/documents?parentType=customer&parentId=${parent}&limit=2&cursor=${first.nextCursor}`,
      ),
    );
    expect(second).toMatchObject({ items: [expect.objectContaining({ name: '1.txt' })], nextCursor: null });
  });
});
