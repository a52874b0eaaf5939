/**
 * People of the organization: members (role, teams, deactivate), invitations (invite, resend, revoke)
 * and a bulk invitation from a CSV file (columns email, name, role, team) with its per-row errors.
 */
import { useState } from 'preact/hooks';
import { api, ApiError, messageOf, unwrap, type Schemas } from '../../lib/api';
import { formText, day, relative } from '../../lib/format';
import { Allowed, Field, Loaded, Notice, useAsync } from '../ui';

type Role = Schemas['Role'];
type Member = Schemas['OrganizationUser'];
type Outcome = { kind: 'good' | 'bad'; text: string } | undefined;

function Members({ roles, reload, members }: { roles: Role[]; members: Member[]; reload: () => void }) {
  const [outcome, setOutcome] = useState<Outcome>();
  const change = async (
    member: Member,
    body: { roleId?: string; status?: 'active' | 'deactivated' },
    done: string,
  ) => {
    try {
      await unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: member.id } },
          body: { version: member.version, ...body },
        }),
      );
      setOutcome({ kind: 'good', text: done });
      reload();
    } catch (error) {
      setOutcome({ kind: 'bad', text: `${member.name}: ${messageOf(error)}` });
    }
  };
  return (
    <section class="card" aria-labelledby="members-title">
      <h2 id="members-title">Members ({members.length})</h2>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Teams</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <th scope="row">
                  {member.name}
                  <div class="muted">{member.email}</div>
                </th>
                <td>
                  <select
                    aria-label={`Role of ${member.name}`}
                    value={member.roleId}
                    onChange={(event) => {
                      const roleId = event.currentTarget.value;
                      const role = roles.find((candidate) => candidate.id === roleId);
                      void change(member, { roleId }, `${member.name} is now ${role?.name ?? 'changed'}.`);
                    }}
                  >
                    {roles.map((role) => (
                      <option key={role.id} value={role.id}>
                        {role.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {member.teams
                    .map((team) => `${team.name}${team.role === 'manager' ? ' (manager)' : ''}`)
                    .join(', ') || '—'}
                </td>
                <td>{member.lastLoginAt ? relative(member.lastLoginAt) : 'never'}</td>
                <td>
                  {member.status === 'active' ? (
                    <button
                      type="button"
                      class="danger"
                      onClick={() =>
                        void change(member, { status: 'deactivated' }, `${member.name} is deactivated.`)
                      }
                    >
                      Deactivate
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() =>
                        void change(member, { status: 'active' }, `${member.name} is active again.`)
                      }
                    >
                      Reactivate
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Invite({
  roles,
  teams,
  onInvited,
}: {
  roles: Role[];
  teams: Schemas['Team'][];
  onInvited: () => void;
}) {
  const [failure, setFailure] = useState<unknown>();
  const [sent, setSent] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const email = formText(form, 'email');
    try {
      await unwrap(
        api.POST('/api/v1/invitations', {
          body: {
            email,
            roleId: formText(form, 'roleId'),
            teamId: formText(form, 'teamId') || null,
          },
        }),
      );
      setFailure(undefined);
      setSent(`Invitation sent to ${email}.`);
      formElement.reset();
      onInvited();
    } catch (error) {
      setSent('');
      setFailure(error);
    }
  };
  const rep = roles.find((role) => role.builtInKey === 'sales_rep') ?? roles[0];
  return (
    <form class="card" aria-labelledby="invite-title" onSubmit={(event) => void submit(event)}>
      <h2 id="invite-title">Invite someone</h2>
      <div class="filters">
        <Field name="email" label="Email" type="email" required error={failure} />
        <div class="field">
          <label for="invite-role">Role</label>
          <select id="invite-role" name="roleId" value={rep?.id}>
            {roles.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="invite-team">Team</label>
          <select id="invite-team" name="teamId">
            <option value="">No team</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
        <button class="primary" type="submit">
          Send invitation
        </button>
      </div>
      {sent && <Notice kind="good">{sent}</Notice>}
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
    </form>
  );
}

function Invitations({ reloadKey }: { reloadKey: number }) {
  const state = useAsync(
    () => unwrap(api.GET('/api/v1/invitations', { params: { query: { status: 'pending' } } })),
    [reloadKey],
  );
  const [outcome, setOutcome] = useState<Outcome>();
  const act = async (invitation: Schemas['Invitation'], action: 'resend' | 'revoke') => {
    try {
      if (action === 'resend')
        await unwrap(
          api.POST('/api/v1/invitations/{id}/resend', { params: { path: { id: invitation.id } } }),
        );
      else await unwrap(api.DELETE('/api/v1/invitations/{id}', { params: { path: { id: invitation.id } } }));
      setOutcome({
        kind: 'good',
        text: `Invitation to ${invitation.email} ${action === 'resend' ? 'sent again' : 'revoked'}.`,
      });
      state.reload();
    } catch (error) {
      setOutcome({ kind: 'bad', text: messageOf(error) });
    }
  };
  return (
    <section class="card" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Pending invitations</h2>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      <Loaded state={state}>
        {({ items }) =>
          items.length === 0 ? (
            <p class="muted">No invitation is waiting.</p>
          ) : (
            <ul class="list-plain">
              {items.map((invitation) => (
                <li key={invitation.id} class="row-between">
                  <span>
                    <strong>{invitation.email}</strong> as {invitation.roleName ?? 'a role since deleted'}{' '}
                    <span class="muted">
                      · sent {invitation.sendCount}× · expires {day(invitation.expiresAt)}
                    </span>
                  </span>
                  <span>
                    <button
                      type="button"
                      onClick={() => void act(invitation, 'resend')}
                      aria-label={`Resend to ${invitation.email}`}
                    >
                      Resend
                    </button>{' '}
                    <button
                      type="button"
                      class="danger"
                      onClick={() => void act(invitation, 'revoke')}
                      aria-label={`Revoke ${invitation.email}`}
                    >
                      Revoke
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function BulkInvite({ onDone }: { onDone: () => void }) {
  const [result, setResult] = useState<Schemas['UserImportResult']>();
  const [error, setError] = useState('');
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    try {
      setResult(
        await unwrap(
          api.POST('/api/v1/users/import', {
            body: new FormData(form) as never,
            bodySerializer: (value) => value as unknown as FormData,
          }),
        ),
      );
      setError('');
      setProblems([]);
      form.reset();
      onDone();
    } catch (failure) {
      setResult(undefined);
      setError(
        failure instanceof ApiError && failure.problem.errors?.length ? failure.message : messageOf(failure),
      );
      setProblems(failure instanceof ApiError ? (failure.problem.errors ?? []) : []);
    }
  };
  return (
    <form class="card" aria-labelledby="bulk-title" onSubmit={(event) => void submit(event)}>
      <h2 id="bulk-title">Invite many from a CSV file</h2>
      <p class="muted">
        Columns: <code>email</code>, <code>name</code>, <code>role</code> (a role name), <code>team</code> (a
        team name, optional).
      </p>
      <div class="filters">
        <div class="field">
          <label for="bulk-file">CSV file</label>
          <input id="bulk-file" type="file" name="file" accept=".csv,text/csv" required />
        </div>
        <button class="primary" type="submit">
          Invite them
        </button>
      </div>
      {error && <Notice kind="bad">{error}</Notice>}
      {problems.length > 0 && (
        <div class="table-wrap" data-testid="bulk-problems">
          <table>
            <caption>Problems to fix (nothing was invited)</caption>
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">What is wrong</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((problem) => (
                <tr key={`${problem.path}:${problem.message}`}>
                  <td>{problem.path}</td>
                  <td>{problem.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && (
        <div role="status" data-testid="bulk-result">
          <p>
            {result.invited} of {result.total} invited.
          </p>
          {result.skipped.length > 0 && (
            <div class="table-wrap">
              <table>
                <caption>Rows not invited</caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Email</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {result.skipped.map((row) => (
                    <tr key={row.line}>
                      <td>{row.line}</td>
                      <td>{row.email}</td>
                      <td>{row.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </form>
  );
}

export default function Users() {
  const state = useAsync(() =>
    Promise.all([
      unwrap(api.GET('/api/v1/roles')),
      unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })),
      unwrap(api.GET('/api/v1/teams')),
    ]),
  );
  const [invited, setInvited] = useState(0);
  const refresh = () => {
    setInvited(invited + 1);
    state.reload();
  };
  return (
    <Allowed needs={['org.manage_users']} what="Users and invitations">
      {() => (
        <Loaded state={state}>
          {([roles, users, teams]) => (
            <div class="stack">
              <div class="grid charts">
                <Invite roles={roles.items} teams={teams.items} onInvited={refresh} />
                <BulkInvite onDone={refresh} />
              </div>
              <Invitations reloadKey={invited} />
              <Members roles={roles.items} members={users.items} reload={state.reload} />
            </div>
          )}
        </Loaded>
      )}
    </Allowed>
  );
}
