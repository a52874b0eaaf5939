/**
 * Users from a file become invitations, as `POST /users/import` makes them, but in batches with a report
 * per row: a role the importer could not grant, an unknown team, an email already a member or invited
 * (skipped: running the same file again invites nobody twice).
 */
import { AppError } from '../../../core/errors/app-error.js';
import { createInvitations } from '../../invitations/invitations.commands.js';
import * as invitationRepo from '../../invitations/invitations.repo.js';
import type { Role } from '../../roles/roles.tables.js';
import * as usersRepo from '../../users/users.repo.js';
import { assertMayGiveRole } from '../../users/users.policy.js';
import type { PreparedRow, RowProblem } from '../import-rows.js';
import { emptyOutcome, problemAt, reject, type ImportWriter, type WriteContext } from './writer.js';

/** Invitations end nobody's access: no cached caller to forget. */
const NO_CALLERS = { forget: () => undefined };

function refusalOf(context: WriteContext, role: Role, cache: Map<string, string | null>): string | null {
  if (!cache.has(role.id)) {
    try {
      assertMayGiveRole(context.actor, role);
      cache.set(role.id, null);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      cache.set(role.id, error.message);
    }
  }
  return cache.get(role.id)!;
}

export const usersWriter: ImportWriter = {
  table: 'invitations',
  updatable: [],
  async write(context, rows: PreparedRow[]) {
    const outcome = emptyOutcome();
    const { roleByName, teamByName } = await usersRepo.importChoices(context.tx);
    const roles = new Map([...roleByName].map(([name, role]) => [name.toLowerCase(), role]));
    const teams = new Map([...teamByName].map(([name, team]) => [name.toLowerCase(), team]));
    const refusals = new Map<string, string | null>();
    const ready: { row: PreparedRow; email: string; roleId: string; teamId: string | null }[] = [];
    const seen = new Map<string, number>();
    for (const row of rows) {
      outcome.report.push(...row.notes);
      const problems: RowProblem[] = [...row.problems];
      const email = ((row.values.email as string | undefined) ?? '').toLowerCase();
      const roleName = row.values.role as string | undefined;
      const role = roleName ? roles.get(roleName.toLowerCase()) : roles.get('sales rep');
      if (!role)
        problems.push(
          problemAt(
            context,
            row,
            'role',
            `no role is named ${roleName}; roles: ${[...roleByName.keys()].join(', ')}`,
            roleName,
          ),
        );
      else {
        const refusal = refusalOf(context, role, refusals);
        if (refusal) problems.push(problemAt(context, row, 'role', refusal, roleName));
      }
      const teamName = row.values.team as string | undefined;
      const team = teamName ? teams.get(teamName.toLowerCase()) : undefined;
      if (teamName && !team)
        problems.push(problemAt(context, row, 'team', `no team is named ${teamName}`, teamName));
      if (problems.length || !role) {
        reject(outcome, problems);
        continue;
      }
      const earlier = seen.get(email) ?? context.seen.get(`email:${email}`);
      if (earlier !== undefined) {
        outcome.skipped++;
        outcome.report.push(
          problemAt(context, row, 'email', `Skipped: the same email as line ${earlier} of this file`, email),
        );
        continue;
      }
      seen.set(email, row.line);
      if (context.job.dryRun) context.seen.set(`email:${email}`, row.line);
      ready.push({ row, email, roleId: role.id, teamId: team?.id ?? null });
    }
    const taken = await invitationRepo.takenEmails(
      context.tx,
      ready.map((item) => item.email),
    );
    const fresh = ready.filter((item) => {
      const state = taken.get(item.email);
      if (!state) return true;
      outcome.skipped++;
      const reason = state === 'member' ? 'already a member' : 'already invited';
      outcome.report.push(problemAt(context, item.row, 'email', `Skipped: ${reason}`, item.email));
      return false;
    });
    outcome.created = fresh.length;
    if (!context.job.dryRun && fresh.length)
      await createInvitations({
        actor: context.actor,
        tx: context.tx,
        services: { ...context.services, callers: NO_CALLERS },
        tenantId: context.job.tenantId,
        items: fresh.map((item) => ({ email: item.email, roleId: item.roleId, teamId: item.teamId })),
      });
    return outcome;
  },
};
