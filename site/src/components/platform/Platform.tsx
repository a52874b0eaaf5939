/**
 * The platform console, for super admins and support staff: system health as charts (requests and
 * latency over the last hour, queues, people and connections since the page opened), organizations
 * (create, suspend, change plan), support staff and system announcements. Support staff read; only
 * super admins change.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../../lib/api';
import { day, formText } from '../../lib/format';
import { can } from '../../lib/session';
import { ChartCard } from '../charts/ChartCard';
import type { ChartData } from '../charts/chart-data';
import { Allowed, Field, Loaded, Notice, useAsync } from '../ui';

type Health = Schemas['PlatformHealth'];
type Tenant = Schemas['PlatformTenant'];
interface Reading {
  at: string;
  activeUsers: number;
  connections: number;
  waiting: number;
}

const timeLabel = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const bytes = (value: number) =>
  value >= 1e9
    ? `${(value / 1e9).toFixed(1)} GB`
    : value >= 1e6
      ? `${(value / 1e6).toFixed(1)} MB`
      : `${Math.round(value / 1e3)} kB`;

export function requestCharts(health: Health): { rate: ChartData; latency: ChartData } {
  const categories = health.requests.map((sample) => timeLabel.format(new Date(sample.at)));
  return {
    rate: {
      categories,
      series: [
        { label: 'Requests/s', values: health.requests.map((sample) => sample.perSecond) },
        {
          label: 'Server errors',
          values: health.requests.map((sample) => sample.serverErrors),
          color: '--bad',
        },
      ],
      format: (value) => value.toLocaleString(undefined, { maximumFractionDigits: 2 }),
    },
    latency: {
      categories,
      series: [
        { label: 'Mean (ms)', values: health.requests.map((sample) => sample.meanMs) },
        { label: 'P95 (ms)', values: health.requests.map((sample) => sample.p95Ms), color: '--warn' },
      ],
      format: (value) => `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })} ms`,
    },
  };
}

function HealthCharts() {
  const [health, setHealth] = useState<Health>();
  const [readings, setReadings] = useState<Reading[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    let stopped = false;
    const read = async () => {
      try {
        const next = await unwrap(api.GET('/api/v1/platform/health'));
        if (stopped) return;
        setHealth(next);
        setError('');
        setReadings((previous) =>
          [
            ...previous,
            {
              at: next.at,
              activeUsers: next.activeUsers,
              connections: next.connections,
              waiting: next.queues.reduce((sum, queue) => sum + queue.waiting, 0),
            },
          ].slice(-120),
        );
      } catch (failure) {
        setError(messageOf(failure));
      }
    };
    void read();
    const timer = setInterval(() => void read(), 10_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  if (!health) return error ? <Notice kind="bad">{error}</Notice> : <p role="status">Loading…</p>;
  const { rate, latency } = requestCharts(health);
  const live: ChartData = {
    categories: readings.map((reading) => timeLabel.format(new Date(reading.at))),
    series: [
      { label: 'Active people', values: readings.map((reading) => reading.activeUsers) },
      {
        label: 'WebSocket connections',
        values: readings.map((reading) => reading.connections),
        color: '--good',
      },
      { label: 'Jobs waiting', values: readings.map((reading) => reading.waiting), color: '--warn' },
    ],
    format: (value) => value.toLocaleString(),
  };
  const queues: ChartData = {
    categories: health.queues.map((queue) => queue.name),
    series: [
      { label: 'Waiting', values: health.queues.map((queue) => queue.waiting) },
      { label: 'Failed in 24 h', values: health.queues.map((queue) => queue.failed24h), style: 'table-only' },
    ],
    format: (value) => value.toLocaleString(),
  };
  const failed = health.queues.reduce((sum, queue) => sum + queue.failed24h, 0);
  return (
    <div class="stack" data-testid="health">
      {error && <Notice kind="bad">{error}</Notice>}
      <section class="kpis" aria-label="System now">
        {[
          ['Database', bytes(health.databaseBytes)],
          ['Active people (15 min)', health.activeUsers.toLocaleString()],
          ['WebSocket connections', health.connections.toLocaleString()],
          ['Jobs failed (24 h)', failed.toLocaleString()],
          [
            'Organizations',
            `${health.organizations.active} active, ${health.organizations.suspended} suspended`,
          ],
        ].map(([label, value]) => (
          <div class="card kpi" key={label}>
            <div class="value">{value}</div>
            <div class="label">{label}</div>
          </div>
        ))}
      </section>
      <div class="grid charts">
        <ChartCard
          id="request-rate"
          title="Requests per second (this server, last hour)"
          kind="lines"
          categoryLabel="Time"
          data={rate}
        />
        <ChartCard
          id="latency"
          title="Latency (this server, last hour)"
          kind="lines"
          categoryLabel="Time"
          data={latency}
        />
        <ChartCard
          id="live"
          title="People, connections and jobs (since this page opened)"
          kind="lines"
          categoryLabel="Time"
          data={live}
        />
        <ChartCard id="queues" title="Job queues" kind="bars" categoryLabel="Queue" data={queues} />
      </div>
    </div>
  );
}

function Organizations({ manage }: { manage: boolean }) {
  const state = useAsync(() => unwrap(api.GET('/api/v1/platform/tenants')));
  const [outcome, setOutcome] = useState<{ kind: 'good' | 'bad'; text: string }>();
  const [failure, setFailure] = useState<unknown>();
  const change = async (
    tenant: Tenant,
    body: { status?: 'active' | 'suspended'; plan?: string },
    done: string,
  ) => {
    try {
      await unwrap(api.PATCH('/api/v1/platform/tenants/{id}', { params: { path: { id: tenant.id } }, body }));
      setOutcome({ kind: 'good', text: done });
      state.reload();
    } catch (error) {
      setOutcome({ kind: 'bad', text: `${tenant.name}: ${messageOf(error)}` });
    }
  };
  const create = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    try {
      const created = await unwrap(
        api.POST('/api/v1/platform/tenants', {
          body: {
            name: formText(form, 'name'),
            slug: formText(form, 'slug'),
            adminEmail: formText(form, 'adminEmail'),
            plan: formText(form, 'plan') || 'free',
          },
        }),
      );
      setFailure(undefined);
      setOutcome({
        kind: 'good',
        text: `${created.tenant.name} created; ${created.invitation.email} is invited as its Org Admin.`,
      });
      formElement.reset();
      state.reload();
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <section class="card" aria-labelledby="orgs-title">
      <h2 id="orgs-title">Organizations</h2>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      {manage && (
        <form class="filters" aria-label="New organization" onSubmit={(event) => void create(event)}>
          <Field name="name" label="Name" required error={failure} />
          <Field name="slug" label="Slug" required error={failure} />
          <Field name="adminEmail" label="First Org Admin's email" type="email" required error={failure} />
          <Field name="plan" label="Plan" placeholder="free" error={failure} />
          <button class="primary" type="submit">
            Create organization
          </button>
        </form>
      )}
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
      <Loaded state={state}>
        {({ items }) => (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Organization</th>
                  <th scope="col">Members</th>
                  <th scope="col">Plan</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {items.map((tenant) => (
                  <tr key={tenant.id} data-slug={tenant.slug}>
                    <th scope="row">
                      {tenant.name}
                      <div class="muted">{tenant.slug}</div>
                    </th>
                    <td>{tenant.memberCount}</td>
                    <td>
                      {manage ? (
                        <select
                          aria-label={`Plan of ${tenant.name}`}
                          value={tenant.plan}
                          onChange={(event) => {
                            const plan = event.currentTarget.value;
                            void change(tenant, { plan }, `${tenant.name} is on the ${plan} plan.`);
                          }}
                        >
                          {[...new Set(['free', 'starter', 'pro', 'enterprise', tenant.plan])].map((plan) => (
                            <option key={plan} value={plan}>
                              {plan}
                            </option>
                          ))}
                        </select>
                      ) : (
                        tenant.plan
                      )}
                    </td>
                    <td>
                      <span class={`badge${tenant.status === 'suspended' ? ' bad' : ''}`}>
                        {tenant.status}
                      </span>{' '}
                      {manage &&
                        (tenant.status === 'active' ? (
                          <button
                            type="button"
                            class="danger"
                            aria-label={`Suspend ${tenant.name}`}
                            onClick={() => {
                              if (confirm(`Suspend ${tenant.name}? Its people lose access at once.`))
                                void change(tenant, { status: 'suspended' }, `${tenant.name} is suspended.`);
                            }}
                          >
                            Suspend
                          </button>
                        ) : (
                          <button
                            type="button"
                            aria-label={`Reactivate ${tenant.name}`}
                            onClick={() =>
                              void change(tenant, { status: 'active' }, `${tenant.name} is active again.`)
                            }
                          >
                            Reactivate
                          </button>
                        ))}
                    </td>
                    <td>{day(tenant.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </section>
  );
}

function Staff() {
  const state = useAsync(() => unwrap(api.GET('/api/v1/platform/support-staff')));
  const [failure, setFailure] = useState<unknown>();
  const [added, setAdded] = useState('');
  const add = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    try {
      const person = await unwrap(
        api.POST('/api/v1/platform/support-staff', {
          body: { email: formText(form, 'email'), name: formText(form, 'name') || 'Support' },
        }),
      );
      setFailure(undefined);
      setAdded(`${person.email} is support staff; a link to set a password was emailed.`);
      formElement.reset();
      state.reload();
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <section class="card" aria-labelledby="staff-title">
      <h2 id="staff-title">Support staff</h2>
      <form class="filters" aria-label="New support staff" onSubmit={(event) => void add(event)}>
        <Field name="email" id="staff-email" label="Email" type="email" required error={failure} />
        <Field name="name" id="staff-name" label="Name" error={failure} />
        <button class="primary" type="submit">
          Add support staff
        </button>
      </form>
      {added && <Notice kind="good">{added}</Notice>}
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
      <Loaded state={state}>
        {({ items }) => (
          <ul class="list-plain">
            {items.map((person) => (
              <li key={person.id} class="row-between">
                <span>
                  <strong>{person.name}</strong> <span class="muted">{person.email}</span>
                </span>
                <span class="badge">{person.platformRole === 'super_admin' ? 'super admin' : 'support'}</span>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

function Announcement() {
  const [failure, setFailure] = useState<unknown>();
  const [sent, setSent] = useState('');
  const send = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const kind = formText(form, 'kind') as 'maintenance' | 'feature' | 'security';
    const startsAt = formText(form, 'startsAt');
    const endsAt = formText(form, 'endsAt');
    try {
      await unwrap(
        api.POST('/api/v1/platform/announcements', {
          body: {
            kind,
            title: formText(form, 'title'),
            body: formText(form, 'body'),
            ...(startsAt && { startsAt: new Date(startsAt).toISOString() }),
            ...(endsAt && { endsAt: new Date(endsAt).toISOString() }),
          },
        }),
      );
      setFailure(undefined);
      setSent('Announced to every organization.');
      formElement.reset();
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <form class="card" aria-labelledby="announce-title" onSubmit={(event) => void send(event)}>
      <h2 id="announce-title">System announcement</h2>
      <div class="filters">
        <div class="field">
          <label for="announce-kind">Kind</label>
          <select id="announce-kind" name="kind">
            <option value="maintenance">Maintenance</option>
            <option value="feature">New feature</option>
            <option value="security">Security</option>
          </select>
        </div>
        <Field name="title" label="Title" required error={failure} />
        <Field name="startsAt" label="Starts (maintenance)" type="datetime-local" error={failure} />
        <Field name="endsAt" label="Ends (maintenance)" type="datetime-local" error={failure} />
      </div>
      <Field name="body" label="Message" error={failure}>
        <textarea id="field-body" name="body" rows={3} />
      </Field>
      <div class="actions-row">
        <button class="primary" type="submit">
          Announce
        </button>
      </div>
      {sent && <Notice kind="good">{sent}</Notice>}
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
    </form>
  );
}

export default function Platform() {
  return (
    <Allowed
      needs={['platform.view_all_tenants', 'platform.view_system_metrics']}
      what="The platform console"
    >
      {(me) => (
        <div class="stack">
          {can(me, 'platform.view_system_metrics') && <HealthCharts />}
          {can(me, 'platform.view_all_tenants') && (
            <Organizations manage={can(me, 'platform.manage_subscriptions')} />
          )}
          {can(me, 'platform.manage_support_staff') && <Staff />}
          {can(me, 'platform.configure_global_settings') && <Announcement />}
        </div>
      )}
    </Allowed>
  );
}
