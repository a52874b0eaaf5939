/** `/settings`: what reaches me, where and when: categories, a kind x channel grid, quiet hours, digest, push here. */
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../lib/api';
import { disablePush, enablePush, pushState, type PushState } from '../lib/push';
import { Field, Loaded, Notice, useAsync } from './ui';

type Preferences = Schemas['NotificationPreferences'];

const CATEGORIES: [keyof Preferences, string][] = [
  ['taskAssignments', 'Task assignments'],
  ['taskDeadlines', 'Task deadlines'],
  ['opportunityUpdates', 'Deal updates'],
  ['goalAlerts', 'Goal alerts'],
  ['systemAnnouncements', 'Announcements'],
];
const CHANNELS = ['in_app', 'push', 'email', 'slack', 'teams'] as const;
const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  in_app: 'In app',
  push: 'Push',
  email: 'Email',
  slack: 'Slack',
  teams: 'Teams',
};
const KINDS: Schemas['Notification']['kind'][] = [
  'task.assigned',
  'task.deadline',
  'task.overdue',
  'task.completed',
  'task.collaborative_update',
  'task.mentioned',
  'opportunity.stage_changed',
  'opportunity.high_value',
  'opportunity.deadline_approaching',
  'opportunity.probability_changed',
  'goal.achieved',
  'goal.milestone',
  'performance.weekly_summary',
  'customer.interaction_reminder',
  'team.announcement',
  'system.maintenance',
  'system.feature',
];

function PushOnThisDevice() {
  const [state, setState] = useState<PushState>();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  useEffect(() => {
    void pushState().then(setState, () => setState('unsupported'));
  }, []);
  async function toggle() {
    try {
      if (state === 'on') await disablePush();
      else await enablePush();
      const next = await pushState();
      setState(next);
      setMessage({
        ok: true,
        text:
          next === 'on'
            ? 'Push notifications are on for this device.'
            : 'Push notifications are off for this device.',
      });
    } catch (error) {
      setMessage({ ok: false, text: messageOf(error) });
    }
  }
  return (
    <section class="card" aria-labelledby="push-title">
      <h2 id="push-title">Push notifications on this device</h2>
      <p id="push-state">
        {state === undefined && 'Checking…'}
        {state === 'unsupported' && 'This browser cannot receive push notifications.'}
        {state === 'denied' &&
          'Notifications are blocked for Closer in this browser; allow them in its site settings.'}
        {state === 'off' && 'Off on this device.'}
        {state === 'on' && 'On: this device is told what matters, even when Closer is closed.'}
      </p>
      {(state === 'on' || state === 'off') && (
        <button type="button" class={state === 'off' ? 'primary' : ''} onClick={() => void toggle()}>
          {state === 'on' ? 'Turn off on this device' : 'Turn on for this device'}
        </button>
      )}
      {message && <Notice kind={message.ok ? 'good' : 'bad'}>{message.text}</Notice>}
    </section>
  );
}

function PreferencesForm({
  preferences,
  onSaved,
}: {
  preferences: Preferences;
  onSaved: (next: Preferences) => void;
}) {
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const channels: Preferences['channels'] = {};
    for (const kind of KINDS)
      for (const channel of CHANNELS) {
        const value = form.get(`${kind}:${channel}`);
        if (value === 'on' || value === 'off') (channels[kind] ??= {})[channel] = value === 'on';
      }
    const body = {
      version: preferences.version,
      ...Object.fromEntries(CATEGORIES.map(([key]) => [key, form.get(key) === 'on'])),
      emailDigest: form.get('emailDigest') as Preferences['emailDigest'],
      timezone: form.get('timezone') as string,
      quietHours: {
        enabled: form.get('quietEnabled') === 'on',
        start: form.get('quietStart') as string,
        end: form.get('quietEnd') as string,
      },
      channels,
    };
    try {
      onSaved(await unwrap(api.PUT('/api/v1/me/notification-preferences', { body: body as never })));
      setFailure(undefined);
      setSaved(true);
    } catch (error) {
      setFailure(error);
      setSaved(false);
    }
  }

  const cell = (kind: string, channel: string) => preferences.channels[kind]?.[channel];
  return (
    <form onSubmit={(event) => void save(event)} key={preferences.version}>
      <section class="card" aria-labelledby="categories-title">
        <h2 id="categories-title">What to hear about</h2>
        {CATEGORIES.map(([key, label]) => (
          <label key={key} class="check">
            <input type="checkbox" name={key} defaultChecked={preferences[key] as boolean} /> {label}
          </label>
        ))}
      </section>
      <section class="card" aria-labelledby="when-title">
        <h2 id="when-title">When</h2>
        <div class="filters">
          <Field name="emailDigest" label="Email digest" error={failure}>
            <select id="field-emailDigest" name="emailDigest">
              {(['none', 'daily', 'weekly'] as const).map((value) => (
                <option key={value} value={value} selected={preferences.emailDigest === value}>
                  {value === 'none' ? 'No digest' : value === 'daily' ? 'Daily' : 'Weekly'}
                </option>
              ))}
            </select>
          </Field>
          <Field name="timezone" label="Time zone" error={failure} defaultValue={preferences.timezone} />
          <label class="check">
            <input type="checkbox" name="quietEnabled" defaultChecked={preferences.quietHours.enabled} />{' '}
            Quiet hours
          </label>
          <Field name="quietHours.start" label="Quiet from" error={failure}>
            <input
              id="field-quietHours.start"
              name="quietStart"
              type="time"
              defaultValue={preferences.quietHours.start}
            />
          </Field>
          <Field name="quietHours.end" label="Quiet until" error={failure}>
            <input
              id="field-quietHours.end"
              name="quietEnd"
              type="time"
              defaultValue={preferences.quietHours.end}
            />
          </Field>
        </div>
      </section>
      <section class="card" aria-labelledby="channels-title">
        <h2 id="channels-title">Where, kind by kind</h2>
        <div class="table-wrap">
          <table class="channel-grid">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                {CHANNELS.map((channel) => (
                  <th scope="col" key={channel}>
                    {CHANNEL_LABELS[channel]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {KINDS.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{kind}</th>
                  {CHANNELS.map((channel) => (
                    <td key={channel}>
                      <select
                        name={`${kind}:${channel}`}
                        aria-label={`${kind} by ${CHANNEL_LABELS[channel]}`}
                      >
                        <option value="" selected={cell(kind, channel) === undefined}>
                          Default
                        </option>
                        <option value="on" selected={cell(kind, channel) === true}>
                          On
                        </option>
                        <option value="off" selected={cell(kind, channel) === false}>
                          Off
                        </option>
                      </select>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
      {saved && <Notice kind="good">Saved.</Notice>}
      <div class="actions">
        <button class="primary" type="submit">
          Save preferences
        </button>
      </div>
    </form>
  );
}

export default function Settings() {
  const preferences = useAsync(() => unwrap(api.GET('/api/v1/me/notification-preferences')));
  return (
    <div class="settings">
      <PushOnThisDevice />
      <Loaded state={preferences}>
        {(value) => <PreferencesForm preferences={value} onSaved={preferences.set} />}
      </Loaded>
    </div>
  );
}
