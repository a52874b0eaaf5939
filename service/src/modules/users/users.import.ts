import { recordAudit } from '../../core/audit/audit.js';
import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import type { Services } from '../../core/module/module.js';
import { createInvitations } from '../invitations/invitations.commands.js';
import * as invitationRepo from '../invitations/invitations.repo.js';
import type { Role } from '../roles/roles.tables.js';
import { parseUserImportCsv, type ImportProblem, type UserImportRow } from './users.import-csv.js';
import { assertMayGiveRole } from './users.policy.js';
import * as repo from './users.repo.js';

export interface UserImportResult {
  total: number;
  invited: number;
  skipped: { line: number; email: string; reason: 'already a member' | 'already invited' }[];
}

/**
 * Imports users as invitations: every row is validated first and any problem rejects the whole file.
 * Valid rows become invitations in the caller's transaction; emails that are already members or invited
 * are skipped and reported, so running the same file again creates nothing new.
 */
export async function importUsers({
  actor,
  tx,
  services,
  file,
}: {
  actor: TenantActor;
  tx: Tx;
  services: Services;
  file: Buffer;
}): Promise<UserImportResult> {
  const { roleByName, teamByName } = await repo.importChoices(tx);
  const parsed = parseUserImportCsv(file, { roles: [...roleByName.keys()], teams: [...teamByName.keys()] });
  const problems = [...parsed.problems, ...ungrantableRoles(actor, parsed.rows, roleByName)];
  if (problems.length) throw importFailed(problems.sort((a, b) => a.line - b.line));
  const taken = await invitationRepo.takenEmails(
    tx,
    parsed.rows.map((row) => row.email),
  );
  const fresh = parsed.rows.filter((row) => !taken.has(row.email));
  await createInvitations({
    actor,
    tx,
    services,
    tenantId: actor.tenantId,
    items: fresh.map((row) => ({
      email: row.email,
      roleId: roleByName.get(row.role)!.id,
      teamId: row.team ? teamByName.get(row.team)!.id : null,
    })),
  });
  const skipped = parsed.rows.flatMap((row) => {
    const state = taken.get(row.email);
    if (!state) return [];
    return [{ line: row.line, email: row.email, reason: SKIP_REASON[state] }];
  });
  const result = { total: parsed.rows.length, invited: fresh.length, skipped };
  await recordAudit(tx, actor.tenantId, {
    action: 'users.imported',
    entityType: 'user_import',
    after: { total: result.total, invited: result.invited, skipped: skipped.length },
  });
  return result;
}

const SKIP_REASON = { member: 'already a member', invited: 'already invited' } as const;

/** A problem on each row whose role gives permissions the importer could not grant (checked once per role). */
function ungrantableRoles(
  actor: TenantActor,
  rows: UserImportRow[],
  roleByName: Map<string, Role>,
): ImportProblem[] {
  const refusal = new Map<string, string | null>();
  const refusalOf = (name: string): string | null => {
    if (!refusal.has(name)) {
      try {
        assertMayGiveRole(actor, roleByName.get(name)!);
        refusal.set(name, null);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refusal.set(name, error.message);
      }
    }
    return refusal.get(name)!;
  };
  return rows.flatMap((row) => {
    const message = refusalOf(row.role);
    return message === null ? [] : [{ line: row.line, column: 'role', message }];
  });
}

function importFailed(problems: ImportProblem[]): AppError {
  const where = (problem: ImportProblem) =>
    problem.line === 0 ? 'file' : `line ${problem.line}${problem.column ? `, column ${problem.column}` : ''}`;
  const first = problems[0]!;
  return new AppError('import_invalid', {
    message: `The file has ${problems.length} problem(s); nothing was imported. First: ${where(first)}: ${first.message}`,
    errors: problems.slice(0, 1_000).map((problem) => ({ path: where(problem), message: problem.message })),
    extensions: { problems: problems.slice(0, 1_000) },
  });
}
