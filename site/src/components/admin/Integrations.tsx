/**
 * Integrations: Slack workspaces and Microsoft Teams tenants connected to the organization (connect,
 * disconnect), and API keys: created with the permissions they carry, the whole key shown once only,
 * revoked when no longer needed.
 */
import { useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../../lib/api';
import type { paths } from '../../lib/api-schema';
import { day, formText, relative } from '../../lib/format';
import { Allowed, Field, Loaded, Notice, useAsync } from '../ui';

type Workspace = Schemas['ChatWorkspace'];
type PermissionKey =
  paths['/api/v1/api-keys']['post']['requestBody']['content']['application/json']['permissions'][number];

function Workspaces() {
  const state = useAsync(() =>
    Promise.all([
      unwrap(api.GET('/api/v1/integrations/slack/workspaces')),
      unwrap(api.GET('/api/v1/integrations/teams/tenants')),
    ]),
  );
  const [failure, setFailure] = useState<unknown>();
  const [outcome, setOutcome] = useState('');
  const connect = async (event: Event, platform: 'slack' | 'teams') => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    try {
      const connected =
        platform === 'slack'
          ? await unwrap(
              api.POST('/api/v1/integrations/slack/workspaces', {
                body: {
                  teamId: formText(form, 'teamId'),
                  botToken: formText(form, 'botToken'),
                  ...(formText(form, 'alertChannel') && { alertChannel: formText(form, 'alertChannel') }),
                },
              }),
            )
          : await unwrap(
              api.POST('/api/v1/integrations/teams/tenants', {
                body: {
                  tenantId: formText(form, 'tenantId'),
                  ...(formText(form, 'name') && { name: formText(form, 'name') }),
                },
              }),
            );
      setFailure(undefined);
      setOutcome(`${connected.name} is connected.`);
      formElement.reset();
      state.reload();
    } catch (error) {
      setFailure(error);
    }
  };
  const disconnect = async (workspace: Workspace) => {
    if (!confirm(`Disconnect ${workspace.name}? Its people stop reaching Closer from ${workspace.platform}.`))
      return;
    try {
      const path =
        workspace.platform === 'slack'
          ? '/api/v1/integrations/slack/workspaces/{id}'
          : '/api/v1/integrations/teams/tenants/{id}';
      await unwrap(api.DELETE(path, { params: { path: { id: workspace.id } } }));
      setOutcome(`${workspace.name} is disconnected.`);
      state.reload();
    } catch (error) {
      setOutcome(messageOf(error));
    }
  };
  return (
    <section class="card" aria-labelledby="chat-title">
      <h2 id="chat-title">Slack and Microsoft Teams</h2>
      {outcome && <Notice kind="good">{outcome}</Notice>}
      <Loaded state={state}>
        {([slack, teams]) => {
          const all = [...slack.items, ...teams.items];
          return all.length === 0 ? (
            <p class="muted">Nothing is connected yet.</p>
          ) : (
            <ul class="list-plain">
              {all.map((workspace) => (
                <li key={workspace.id} class="row-between">
                  <span>
                    <strong>{workspace.name}</strong> <span class="badge">{workspace.platform}</span>{' '}
                    <span class="muted">
                      {workspace.externalId} · {workspace.linkedMembers} people linked
                      {workspace.alertChannel && ` · alerts in ${workspace.alertChannel}`} · since{' '}
                      {day(workspace.createdAt)}
                    </span>
                  </span>
                  <button
                    type="button"
                    class="danger"
                    onClick={() => void disconnect(workspace)}
                    aria-label={`Disconnect ${workspace.name}`}
                  >
                    Disconnect
                  </button>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
      <p>
        <a class="button primary" href="/slack/install">
          Add to Slack
        </a>{' '}
        <span class="muted">(Slack asks you to approve Closer, then brings you back here.)</span>
      </p>
      <details>
        <summary>Connect a Slack workspace by hand (its bot token)</summary>
        <form class="filters" aria-label="Connect Slack" onSubmit={(event) => void connect(event, 'slack')}>
          <Field name="teamId" label="Slack team id (T…)" required error={failure} />
          <Field
            name="botToken"
            label="Bot token (xoxb-…)"
            required
            error={failure}
            type="password"
            autocomplete="off"
          />
          <Field name="alertChannel" label="Alert channel (optional)" error={failure} />
          <button class="primary" type="submit">
            Connect Slack
          </button>
        </form>
      </details>
      <details>
        <summary>Connect a Microsoft Teams tenant</summary>
        <form class="filters" aria-label="Connect Teams" onSubmit={(event) => void connect(event, 'teams')}>
          <Field name="tenantId" label="Microsoft Entra tenant id" required error={failure} />
          <Field name="name" id="teams-name" label="Name (optional)" error={failure} />
          <button class="primary" type="submit">
            Connect Teams
          </button>
        </form>
      </details>
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
    </section>
  );
}

function ApiKeys() {
  const state = useAsync(() =>
    Promise.all([unwrap(api.GET('/api/v1/api-keys')), unwrap(api.GET('/api/v1/permissions'))]),
  );
  const [secret, setSecret] = useState<{ name: string; value: string }>();
  const [failure, setFailure] = useState<unknown>();
  const [outcome, setOutcome] = useState('');
  const create = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const permissions = form
      .getAll('permissions')
      .filter((value): value is string => typeof value === 'string');
    try {
      const created = await unwrap(
        api.POST('/api/v1/api-keys', {
          body: { name: formText(form, 'name'), permissions: permissions as PermissionKey[] },
        }),
      );
      setSecret({ name: created.apiKey.name, value: created.secret });
      setFailure(undefined);
      formElement.reset();
      state.reload();
    } catch (error) {
      setFailure(error);
    }
  };
  const revoke = async (key: Schemas['ApiKey']) => {
    if (!confirm(`Revoke ${key.name}? Whatever uses it stops working at once.`)) return;
    try {
      await unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
      setOutcome(`${key.name} is revoked.`);
      state.reload();
    } catch (error) {
      setOutcome(messageOf(error));
    }
  };
  return (
    <section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      {secret && (
        <div class="notice good" role="status" data-testid="new-key">
          <p>
            The key <strong>{secret.name}</strong>: copy it now, it is not shown again.
          </p>
          <code class="secret">{secret.value}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(secret.value)}>
            Copy
          </button>{' '}
          <button type="button" onClick={() => setSecret(undefined)}>
            I have copied it
          </button>
        </div>
      )}
      {outcome && <Notice>{outcome}</Notice>}
      <Loaded state={state}>
        {([keys, permissions]) => (
          <>
            <ul class="list-plain">
              {keys.items.map((key) => (
                <li key={key.id} class="row-between">
                  <span>
                    <strong>{key.name}</strong> <code>{key.prefix}…</code>{' '}
                    <span class="muted">
                      {key.permissions.length} permissions · created {day(key.createdAt)} · last used{' '}
                      {key.lastUsedAt ? relative(key.lastUsedAt) : 'never'}
                      {key.revokedAt && ` · revoked ${day(key.revokedAt)}`}
                    </span>
                  </span>
                  {!key.revokedAt && (
                    <button
                      type="button"
                      class="danger"
                      onClick={() => void revoke(key)}
                      aria-label={`Revoke ${key.name}`}
                    >
                      Revoke
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <form aria-label="New API key" onSubmit={(event) => void create(event)}>
              <Field
                name="name"
                id="key-name"
                label="Key name"
                required
                error={failure}
                placeholder="Data warehouse sync"
              />
              <fieldset class="permission-picks">
                <legend>Its permissions (no more than yours)</legend>
                {permissions.items.map((permission) => (
                  <label key={permission.key} class="check">
                    <input type="checkbox" name="permissions" value={permission.key} />{' '}
                    {permission.description}
                  </label>
                ))}
              </fieldset>
              <div class="actions-row">
                <button class="primary" type="submit">
                  Create key
                </button>
              </div>
              {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
            </form>
          </>
        )}
      </Loaded>
    </section>
  );
}

export default function Integrations() {
  return (
    <Allowed needs={['org.manage_integrations']} what="Integrations and API keys">
      {() => (
        <div class="stack">
          <Workspaces />
          <ApiKeys />
        </div>
      )}
    </Allowed>
  );
}
