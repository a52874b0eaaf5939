import busboy from 'busboy';
import type { Context } from 'koa';
import type { Tx } from '../../core/db/database.js';
import { roles, teams } from '../../core/db/schema.js';
import { AppError } from '../../core/errors/app-error.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AuthDeps } from '../auth/auth.service.js';
import type { AuthContext } from '../../core/identity/actor.js';
import { assertCanGrant, tenantOf } from '../../core/identity/grants.js';
import { createInvitations } from '../invitations/invitations.service.js';
import * as invitationRepo from '../invitations/invitations.repo.js';
import { parseUserImportCsv, type ImportProblem } from './users.import-csv.js';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** The uploaded CSV: a multipart `file` field, or the raw body sent as text/csv. */
export async function readImportFile(ctx: Context): Promise<Buffer> {
  if (ctx.is('multipart/form-data')) return readMultipartFile(ctx);
  if (ctx.is('text/csv', 'text/plain', 'application/octet-stream')) return readRaw(ctx);
  throw new AppError('unsupported_media_type', {
    message: 'Send the CSV as multipart/form-data (field "file") or as a text/csv body',
  });
}

function readRaw(ctx: Context): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    ctx.req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_IMPORT_BYTES) reject(tooLarge());
      else chunks.push(chunk);
    });
    ctx.req.on('end', () => resolve(Buffer.concat(chunks)));
    ctx.req.on('error', reject);
  });
}

const tooLarge = () =>
  new AppError('payload_too_large', { message: 'The file is larger than 10 MiB' });

function readMultipartFile(ctx: Context): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parser = busboy({ headers: ctx.req.headers, limits: { files: 1, fileSize: MAX_IMPORT_BYTES } });
    let file: Buffer | undefined;
    parser.on('file', (field, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => reject(tooLarge()));
      stream.on('close', () => {
        if (field === 'file') file = Buffer.concat(chunks);
      });
    });
    parser.on('close', () =>
      file
        ? resolve(file)
        : reject(
            AppError.validation([
              { path: 'body.file', message: 'a CSV file in the field "file" is required' },
            ]),
          ),
    );
    parser.on('error', () =>
      reject(new AppError('bad_request', { message: 'The multipart body is malformed' })),
    );
    ctx.req.pipe(parser);
  });
}

function importFailed(problems: ImportProblem[]): AppError {
  const where = (problem: ImportProblem) =>
    problem.line === 0 ? 'file' : `line ${problem.line}${problem.column ? `, column ${problem.column}` : ''}`;
  return new AppError('import_invalid', {
    message: `The file has ${problems.length} problem(s); nothing was imported. First: ${where(problems[0]!)}: ${problems[0]!.message}`,
    errors: problems.slice(0, 1_000).map((problem) => ({ path: where(problem), message: problem.message })),
    extensions: { problems: problems.slice(0, 1_000) },
  });
}

/**
 * Imports users as invitations: every row is validated first; any problem rejects the whole file.
 * Valid rows become invitations in one transaction; emails that are already members or invited are
 * skipped and reported, so running the same file again creates nothing new.
 */
export async function importUsers(deps: AuthDeps, auth: AuthContext, file: Buffer) {
  const tenantId = tenantOf(auth);
  return deps.db.transaction({ tenantId, userId: auth.userId }, async (tx) => {
    const { roleByName, teamByName } = await lookups(tx);
    const parsed = parseUserImportCsv(file, { roles: [...roleByName.keys()], teams: [...teamByName.keys()] });
    const problems = [...parsed.problems];
    for (const row of parsed.rows) {
      try {
        assertCanGrant(auth, roleByName.get(row.role)!.permissions);
      } catch (error) {
        problems.push({ line: row.line, column: 'role', message: (error as AppError).message });
      }
    }
    if (problems.length) throw importFailed(problems.sort((a, b) => a.line - b.line));
    const taken = await invitationRepo.takenEmails(
      tx,
      parsed.rows.map((row) => row.email),
    );
    const fresh = parsed.rows.filter((row) => !taken.has(row.email));
    await createInvitations(deps, tx, {
      tenantId,
      invitedBy: auth.userId,
      items: fresh.map((row) => ({
        email: row.email,
        roleId: roleByName.get(row.role)!.id,
        teamId: row.team ? teamByName.get(row.team)!.id : null,
      })),
    });
    const skipped = parsed.rows
      .filter((row) => taken.has(row.email))
      .map((row) => ({
        line: row.line,
        email: row.email,
        reason: taken.get(row.email) === 'member' ? 'already a member' : 'already invited',
      }));
    const result = { total: parsed.rows.length, invited: fresh.length, skipped };
    await recordAudit(tx, tenantId, {
      action: 'users.imported',
      entityType: 'user_import',
      after: { total: result.total, invited: result.invited, skipped: skipped.length },
    });
    return result;
  });
}

async function lookups(tx: Tx) {
  const roleRows = await tx.select().from(roles);
  const teamRows = await tx.select().from(teams);
  return {
    roleByName: new Map(roleRows.map((role) => [role.name, role])),
    teamByName: new Map(teamRows.map((team) => [team.name, team])),
  };
}
