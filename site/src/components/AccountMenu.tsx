import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../lib/api';
import { session, signOut, switchOrganization, type Session } from '../lib/session';

const THEMES = ['system', 'light', 'dark'] as const;

/** The signed-in person, their organization (a switch when they belong to several), theme, sign out. */
export default function AccountMenu() {
  const [me, setMe] = useState<Session>();
  const [error, setError] = useState<string>();
  const [theme, setTheme] = useState(localStorage.getItem('closer.theme') ?? 'system');

  useEffect(() => {
    session().then(setMe, (failure: unknown) => setError(messageOf(failure)));
  }, []);

  function chooseTheme(value: string) {
    setTheme(value);
    if (value === 'system') {
      localStorage.removeItem('closer.theme');
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem('closer.theme', value);
      document.documentElement.dataset.theme = value;
    }
  }

  if (error) return <span class="error">{error}</span>;
  if (!me) return <span class="muted">Loading…</span>;
  const organizations = me.memberships.filter((membership) => membership.status === 'active');
  return (
    <div class="account">
      <span>{me.user.name}</span>
      {organizations.length > 1 ? (
        <select
          aria-label="Organization"
          value={me.tenant?.id}
          onChange={(event) => {
            switchOrganization(event.currentTarget.value).catch((failure: unknown) =>
              setError(messageOf(failure)),
            );
          }}
        >
          {organizations.map((membership) => (
            <option key={membership.tenantId} value={membership.tenantId}>
              {membership.tenantName}
            </option>
          ))}
        </select>
      ) : (
        <span>{me.tenant?.name}</span>
      )}
      <select aria-label="Theme" value={theme} onChange={(event) => chooseTheme(event.currentTarget.value)}>
        {THEMES.map((name) => (
          <option key={name} value={name}>
            {name[0]!.toUpperCase() + name.slice(1)} theme
          </option>
        ))}
      </select>
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </div>
  );
}
