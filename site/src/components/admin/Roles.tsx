/**
 * Roles as a permission matrix: permissions down, roles across. Built-in roles are read-only (copy one
 * to start a custom role); a custom role's column is edited in place and saved with its version, so
 * two admins editing at once get a conflict, not a silent overwrite.
 */
import { useState } from 'preact/hooks';
import { api, unwrap, messageOf, type Schemas } from '../../lib/api';
import type { paths } from '../../lib/api-schema';
import { formText } from '../../lib/format';
import { Allowed, Field, Loaded, Notice, useAsync } from '../ui';

type Role = Schemas['Role'];
type Permission = Schemas['Permission'];
type PermissionKey =
  paths['/api/v1/roles']['post']['requestBody']['content']['application/json']['permissions'][number];

function groupsOf(permissions: Permission[]): [string, Permission[]][] {
  const groups = new Map<string, Permission[]>();
  for (const permission of permissions)
    groups.set(permission.group, [...(groups.get(permission.group) ?? []), permission]);
  return [...groups];
}

function NewRole({ roles, onCreated }: { roles: Role[]; onCreated: (role: Role) => void }) {
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const from = roles.find((role) => role.id === form.get('from'));
    setBusy(true);
    try {
      const role = await unwrap(
        api.POST('/api/v1/roles', {
          body: {
            name: formText(form, 'name'),
            description: formText(form, 'description'),
            // A role holds at least one permission: the least is one's own dashboard.
            permissions: (from?.permissions ?? ['dashboard.view_personal']) as PermissionKey[],
          },
        }),
      );
      setFailure(undefined);
      (event.currentTarget as HTMLFormElement | null)?.reset();
      onCreated(role);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={(event) => void submit(event)} aria-labelledby="new-role-title">
      <h2 id="new-role-title">New role</h2>
      <div class="filters">
        <Field name="name" label="Name" error={failure} required maxLength={100} />
        <Field name="description" label="Description" error={failure} maxLength={500} />
        <div class="field">
          <label for="new-role-from">Start from</label>
          <select id="new-role-from" name="from">
            <option value="">Only the personal dashboard</option>
            {roles.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
          </select>
        </div>
        <button class="primary" type="submit" disabled={busy}>
          Create role
        </button>
      </div>
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
    </form>
  );
}

function Matrix({
  permissions,
  roles,
  reload,
}: {
  permissions: Permission[];
  roles: Role[];
  reload: () => void;
}) {
  const [edits, setEdits] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ kind: 'good' | 'bad'; text: string }>();
  const granted = (role: Role) => edits[role.id] ?? role.permissions;
  const toggle = (role: Role, key: string, on: boolean) =>
    setEdits({
      ...edits,
      [role.id]: on ? [...granted(role), key] : granted(role).filter((permission) => permission !== key),
    });
  const save = async (role: Role) => {
    try {
      await unwrap(
        api.PATCH('/api/v1/roles/{id}', {
          params: { path: { id: role.id } },
          body: { version: role.version, permissions: granted(role) as PermissionKey[] },
        }),
      );
      const { [role.id]: _saved, ...rest } = edits;
      setEdits(rest);
      setMessage({ kind: 'good', text: `${role.name} saved: ${granted(role).length} permissions.` });
      reload();
    } catch (error) {
      setMessage({ kind: 'bad', text: `${role.name} was not saved: ${messageOf(error)}` });
    }
  };
  const remove = async (role: Role) => {
    if (!confirm(`Delete the role ${role.name}?`)) return;
    try {
      await unwrap(api.DELETE('/api/v1/roles/{id}', { params: { path: { id: role.id } } }));
      setMessage({ kind: 'good', text: `${role.name} deleted.` });
      reload();
    } catch (error) {
      setMessage({ kind: 'bad', text: `${role.name} was not deleted: ${messageOf(error)}` });
    }
  };
  return (
    <section class="card" aria-labelledby="matrix-title">
      <h2 id="matrix-title">Permissions by role</h2>
      <p class="muted">Built-in roles are read-only: create a role starting from one to change it.</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div class="table-wrap">
        <table class="matrix">
          <thead>
            <tr>
              <th scope="col">Permission</th>
              {roles.map((role) => (
                <th scope="col" key={role.id} data-role={role.name}>
                  {role.name}
                  <div class="muted">
                    {role.builtIn ? 'built-in' : 'custom'} · {role.memberCount}{' '}
                    {role.memberCount === 1 ? 'member' : 'members'}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          {groupsOf(permissions).map(([group, members]) => (
            <tbody key={group}>
              <tr>
                <th scope="colgroup" colSpan={roles.length + 1} class="group">
                  {group}
                </th>
              </tr>
              {members.map((permission) => (
                <tr key={permission.key}>
                  <th scope="row">
                    {permission.description}
                    <div class="muted">
                      <code>{permission.key}</code>
                    </div>
                  </th>
                  {roles.map((role) => (
                    <td key={role.id}>
                      <input
                        type="checkbox"
                        aria-label={`${role.name}: ${permission.description}`}
                        checked={granted(role).includes(permission.key)}
                        disabled={role.builtIn}
                        onChange={(event) => toggle(role, permission.key, event.currentTarget.checked)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          ))}
          <tfoot>
            <tr>
              <th scope="row">Changes</th>
              {roles.map((role) => (
                <td key={role.id}>
                  {!role.builtIn && (
                    <div class="stack-tight">
                      <button
                        type="button"
                        class="primary"
                        disabled={!edits[role.id]}
                        onClick={() => void save(role)}
                        aria-label={`Save ${role.name}`}
                      >
                        Save
                      </button>
                      <button
                        type="button"
                        class="danger"
                        onClick={() => void remove(role)}
                        aria-label={`Delete ${role.name}`}
                      >
                        Delete
                      </button>
                    </div>
                  )}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

export default function Roles() {
  const state = useAsync(() =>
    Promise.all([unwrap(api.GET('/api/v1/permissions')), unwrap(api.GET('/api/v1/roles'))]),
  );
  return (
    <Allowed needs={['org.assign_roles']} what="Roles">
      {() => (
        <Loaded state={state}>
          {([permissions, roles]) => (
            <div class="stack">
              <NewRole roles={roles.items} onCreated={state.reload} />
              <Matrix permissions={permissions.items} roles={roles.items} reload={state.reload} />
            </div>
          )}
        </Loaded>
      )}
    </Allowed>
  );
}
