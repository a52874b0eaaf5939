/**
 * The notifications' scheduled and queued work: platform announcements fanned out per organization,
 * the daily/weekly digest (an hourly tick mails those whose local time is 07:xx), and Monday's weekly
 * performance summary (a notification of its own, so preferences and channels apply to it).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../core/db/database.js';
import { queryRows } from '../../core/db/database.js';
import { sendWith } from '../../core/email/email.mailer.js';
import { emitEvent } from '../../core/events/events.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import type { Schedule } from '../../core/jobs/schedules.js';
import type { WorkerDeps } from '../../core/module/module.js';
import { asPlatform } from '../../core/platform/as-platform.js';
import { renderEmail } from '@closer/templates';
import { unsubscribeHeaders, unsubscribeUrl, unsubscribeWhat } from './email-content.js';
import { notificationSecrets } from './notification-secrets.js';
import { idList } from './notification-recipients.js';
import { notify } from './notify.js';
import { localMinutes } from './quiet-hours.js';
import { taskAudience } from '../tasks/tasks.policy.js';

const SYSTEM = { userId: null };
const DAY_MS = 24 * 60 * 60 * 1000;

export const NOTIFICATION_SCHEDULES: readonly Schedule[] = [
  { name: 'notifications.digest', cron: '0 * * * *', queue: QUEUES.emailDigest, data: {} },
  { name: 'notifications.weekly_summary', cron: '0 8 * * 1', queue: QUEUES.weeklySummary, data: {} },
];

async function activeTenants(db: Database, action: string): Promise<string[]> {
  return asPlatform(db, SYSTEM, { action, entityType: 'organization' }, async (tx) =>
    (await queryRows<{ id: string }>(tx, sql`select id from tenants where status = 'active'`)).map(
      (row) => row.id,
    ),
  );
}

/** Runs `work` for each organization; one failing does not stop the others, the job fails at the end. */
async function perTenant(
  deps: WorkerDeps,
  action: string,
  work: (tenantId: string) => Promise<void>,
): Promise<void> {
  const failures: unknown[] = [];
  for (const tenantId of await activeTenants(deps.db, action)) {
    try {
      await work(tenantId);
    } catch (error) {
      deps.logger.error({ err: error, tenantId, action }, 'notification job failed for an organization');
      failures.push(error);
    }
  }
  if (failures.length)
    throw new AggregateError(failures, `${action} failed in ${failures.length} organizations`);
}

// ---------------------------------------------------------------- platform announcements

/** Emits `system.announcement` in every active organization; the fan-out dedupes on the announcement id. */
export async function fanOutAnnouncement(deps: WorkerDeps, announcementId: string): Promise<void> {
  const [announcement] = await asPlatform(
    deps.db,
    SYSTEM,
    { action: 'system_announcement.fanned_out', entityType: 'system_announcement', entityId: announcementId },
    (tx) =>
      queryRows<{ id: string; kind: string; title: string; body: string }>(
        tx,
        sql`select id, kind, title, body from system_announcements where id = ${announcementId}`,
      ),
  );
  if (!announcement) return;
  await perTenant(deps, 'system_announcement.tenants_listed', (tenantId) =>
    deps.db.transaction({ tenantId }, (tx) =>
      emitEvent(tx, tenantId, {
        name: 'system.announcement',
        stream: { type: 'announcement', id: announcement.id },
        payload: {
          announcementId: announcement.id,
          title: announcement.title,
          body: announcement.body,
          kind: announcement.kind,
        },
      }),
    ),
  );
}

// ---------------------------------------------------------------- digest

interface DigestItemRow {
  title: string;
  body: string;
  link: string | null;
  record_type: string | null;
  record_id: string | null;
  created_at: string | Date;
}

interface DigestMember {
  user_id: string;
  email: string;
  name: string;
  email_digest: 'daily' | 'weekly';
  timezone: string;
  last_digest_at: string | Date | null;
}

/** Whether it is 07:xx for the member now (and Monday, for a weekly digest). */
function digestDue(member: DigestMember, now: Date): boolean {
  if (Math.floor(localMinutes(now, member.timezone) / 60) !== 7) return false;
  if (member.email_digest === 'daily') return true;
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: member.timezone, weekday: 'short' }).format(
    now,
  );
  return weekday === 'Mon';
}

async function digestOf(deps: WorkerDeps, tenantId: string, now: Date): Promise<number> {
  const secrets = await notificationSecrets(deps.config);
  const members = await deps.db.transaction({ tenantId }, (tx) =>
    queryRows<DigestMember & { organization: string }>(
      tx,
      sql`select p.user_id, u.email, u.name, p.email_digest, p.timezone, p.last_digest_at, t.name as organization
        from notification_preferences p join users u on u.id = p.user_id join tenants t on t.id = p.tenant_id
        join memberships m on m.tenant_id = p.tenant_id and m.user_id = p.user_id and m.status = 'active'
        where p.email_digest <> 'none'`,
    ),
  );
  let sent = 0;
  for (const member of members.filter((candidate) => digestDue(candidate, now))) {
    const period = member.email_digest === 'daily' ? DAY_MS : 7 * DAY_MS;
    const last = member.last_digest_at ? new Date(member.last_digest_at) : null;
    // Another run of this hour (a retry) already sent it.
    if (last && now.getTime() - last.getTime() < period - 2 * 60 * 60 * 1000) continue;
    const since = new Date(Math.max(last?.getTime() ?? 0, now.getTime() - period));
    const items = await deps.db.transaction({ tenantId }, async (tx) => {
      const unread = await queryRows<DigestItemRow>(
        tx,
        sql`select n.title, n.body, n.link, n.record_type, n.record_id, n.created_at from notifications n
          where n.user_id = ${member.user_id} and n.read_at is null and n.created_at > ${since}
          order by n.created_at desc limit 50`,
      );
      const visible: DigestItemRow[] = [];
      for (const item of unread) {
        if (item.record_type === 'task' && item.record_id) {
          const [row] = await queryRows<{ ok: boolean }>(
            tx,
            sql`select ${member.user_id}::uuid in ${taskAudience(item.record_id)} as ok`,
          );
          if (!row?.ok) continue;
        }
        visible.push(item);
      }
      return visible;
    });
    if (items.length) {
      const url = unsubscribeUrl(deps.config.publicUrl, secrets.signingKey, {
        tenantId,
        userId: member.user_id,
        kind: 'digest',
      });
      const email = await renderEmail('notification_digest', {
        name: member.name,
        organizationName: member.organization,
        link: `${deps.config.publicUrl}/notifications`,
        unsubscribeUrl: url,
        unsubscribeWhat: unsubscribeWhat('digest'),
        period: member.email_digest,
        items: items.map((item) => ({
          title: item.title,
          body: item.body,
          link: `${deps.config.publicUrl}${item.link ?? '/notifications'}`,
          at: new Date(item.created_at).toISOString(),
        })),
      });
      await sendWith(deps, (mailer) =>
        mailer.send({ to: member.email, ...email, headers: unsubscribeHeaders(url) }),
      );
      sent += 1;
    }
    await deps.db.transaction({ tenantId }, (tx) =>
      tx.execute(
        sql`update notification_preferences set last_digest_at = ${now} where user_id = ${member.user_id}`,
      ),
    );
  }
  return sent;
}

export async function sendDigests(deps: WorkerDeps, now = new Date()): Promise<void> {
  let sent = 0;
  await perTenant(deps, 'notifications.digest_started', async (tenantId) => {
    sent += await digestOf(deps, tenantId, now);
  });
  deps.logger.info({ sent }, 'notification digests sent');
}

// ---------------------------------------------------------------- weekly summary

interface WeekFigures {
  user_id: string;
  deals_won: number;
  revenue: string | null;
  interactions: number;
  tasks_completed: number;
}

function money(revenue: string | null): string {
  if (!revenue) return '0';
  return revenue
    .split(';')
    .filter(Boolean)
    .map((part) => {
      const [currency, amount] = part.split(' ');
      return `${currency} ${Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    })
    .join(' + ');
}

/** Last week's figures of every active member, as a `performance.weekly_summary` notification each. */
export async function sendWeeklySummaries(deps: WorkerDeps, now = new Date()): Promise<void> {
  const end = new Date(now);
  end.setUTCHours(0, 0, 0, 0);
  end.setUTCDate(end.getUTCDate() - ((end.getUTCDay() + 6) % 7)); // this Monday 00:00 UTC
  const start = new Date(end.getTime() - 7 * DAY_MS);
  await perTenant(deps, 'notifications.weekly_summary_started', (tenantId) =>
    deps.db.transaction({ tenantId }, async (tx) => {
      const figures = await queryRows<WeekFigures>(
        tx,
        sql`select m.user_id,
            (select count(*)::int from opportunities o where o.owner_id = m.user_id and o.status = 'won'
              and o.deleted_at is null and o.closed_at >= ${start} and o.closed_at < ${end}) as deals_won,
            (select string_agg(x.currency || ' ' || x.total::text, ';') from (select o.currency, sum(o.amount) as total
              from opportunities o where o.owner_id = m.user_id and o.status = 'won' and o.deleted_at is null
                and o.closed_at >= ${start} and o.closed_at < ${end} group by o.currency) x) as revenue,
            (select count(*)::int from interactions i where i.owner_id = m.user_id and i.deleted_at is null
              and i.occurred_at >= ${start} and i.occurred_at < ${end}) as interactions,
            (select count(*)::int from tasks t join task_assignees a on a.task_id = t.id and a.user_id = m.user_id
              where t.deleted_at is null and t.completed_at >= ${start} and t.completed_at < ${end}) as tasks_completed
          from memberships m where m.status = 'active'`,
      );
      for (const row of figures) {
        const revenue = money(row.revenue);
        await notify(tx, deps, {
          tenantId,
          actorId: null,
          dedupeKey: `weekly_summary:${start.toISOString().slice(0, 10)}:${row.user_id}`,
          drafts: [
            {
              kind: 'performance.weekly_summary',
              recipients: idList([row.user_id]),
              title: `Your week: ${row.deals_won} deals won, ${revenue}`,
              body: `${row.interactions} interactions logged, ${row.tasks_completed} tasks completed`,
              link: '/dashboard',
              record: null,
              data: {
                weekStart: start.toISOString(),
                weekEnd: new Date(end.getTime() - DAY_MS).toISOString(),
                dealsWon: row.deals_won,
                revenue,
                interactions: row.interactions,
                tasksCompleted: row.tasks_completed,
              },
            },
          ],
          now,
        });
      }
    }),
  );
}

export async function registerNotificationJobs(deps: WorkerDeps): Promise<void> {
  await deps.queue.work<{ announcementId: string }>(QUEUES.announce, (job) =>
    fanOutAnnouncement(deps, job.announcementId),
  );
  await deps.queue.work(QUEUES.emailDigest, () => sendDigests(deps));
  await deps.queue.work(QUEUES.weeklySummary, () => sendWeeklySummaries(deps));
}
