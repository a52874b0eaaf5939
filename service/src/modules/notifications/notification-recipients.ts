/**
 * Who a notification is for, as SQL subqueries of user ids (never id lists read into memory, except
 * the ones an event carries). `notify` then keeps only active members, drops the actor, and for a task
 * keeps only its audience (`taskAudience`): a private task never reaches anyone outside it.
 */
import { sql, type SQL } from 'drizzle-orm';
import { recordWork, scopeHolders } from '../../core/identity/record-scope.js';

/** The ids an event carries, as a subquery. */
export function idList(ids: readonly string[]): SQL {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!valid.length) return sql`(select null::uuid as user_id where false)`;
  return sql`(select unnest(array[${sql.join(
    valid.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]) as user_id)`;
}

/** The managers of the teams `userIds` belong to. */
export function managersOf(userIds: SQL): SQL {
  return sql`(select manager.user_id from team_members member
    join team_members manager on manager.tenant_id = member.tenant_id and manager.team_id = member.team_id
    where member.user_id in ${userIds} and manager.role = 'manager')`;
}

/** The members (managers included) of the teams `teamIds`. */
export function teamMembersOf(teamIds: SQL): SQL {
  return sql`(select tm.user_id from team_members tm where tm.team_id in ${teamIds})`;
}

/** Every active member of the organization. */
export function everyMember(): SQL {
  return sql`(select m.user_id from memberships m where m.status = 'active')`;
}

export function union(...sets: SQL[]): SQL {
  return sql`(${sql.join(
    sets.map((set) => sql`select * from ${set} s`),
    sql` union `,
  )})`;
}

/** Who may see a deal of `ownerId`: the owner, their teams' managers, the Org Admins. */
export function opportunityAudience(ownerId: string): SQL {
  return scopeHolders(idList([ownerId]), recordWork('opportunities.manage_assigned'));
}
