import { useState } from 'preact/hooks';
import { api, messageOf, unwrap } from '../lib/api';
import { signIn } from '../lib/session';

/** Only same-site paths: `?next=https://evil.example` must not send anyone away. */
export function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export default function SignIn() {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [resetSent, setResetSent] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      const me = await signIn(form.get('email') as string, form.get('password') as string);
      const next = new URLSearchParams(location.search).get('next');
      // Platform staff in no organization have no dashboard: their home is the console.
      location.assign(!next && !me.tenant && me.user.platformRole ? '/platform' : safeNext(next));
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  }

  async function forgot() {
    const email = (document.getElementById('email') as HTMLInputElement).value;
    if (!email) {
      setError('Type your email address first, then choose "Forgot your password?".');
      return;
    }
    try {
      await unwrap(api.POST('/api/v1/auth/password-reset', { body: { email } }), { redirectOn401: false });
      setResetSent(true);
      setError(undefined);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)}>
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="username" required />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      {error && (
        <p class="notice bad" role="alert">
          {error}
        </p>
      )}
      {resetSent && (
        <p class="notice good" role="status">
          If that address has an account, a reset link is on its way.
        </p>
      )}
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" onClick={() => void forgot()}>
          Forgot your password?
        </button>
      </div>
    </form>
  );
}
