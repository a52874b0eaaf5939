/** `/reset-password?token=`: the link in a password reset email. */
import { useState } from 'preact/hooks';
import { api, messageOf, unwrap } from '../lib/api';
import { queryParam } from '../lib/format';
import { Field, Notice } from './ui';

export default function ResetPassword() {
  const token = queryParam('token');
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function reset(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const password = form.get('password') as string;
    if (password !== form.get('repeat')) {
      setFailure(new Error('The two passwords differ.'));
      return;
    }
    setBusy(true);
    try {
      await unwrap(
        api.POST('/api/v1/auth/password-reset/confirm', { body: { token: token ?? '', password } }),
        {
          redirectOn401: false,
        },
      );
      setDone(true);
    } catch (error) {
      setFailure(error);
    }
    setBusy(false);
  }

  if (!token)
    return (
      <Notice kind="bad">This link has no reset token in it. Ask for a new one from the sign-in page.</Notice>
    );
  if (done)
    return (
      <Notice kind="good">
        Your password is changed and every session was signed out. <a href="/login">Sign in</a> with the new
        one.
      </Notice>
    );
  return (
    <form onSubmit={(event) => void reset(event)}>
      <Field
        name="password"
        label="New password (at least 10 characters)"
        error={failure}
        type="password"
        autocomplete="new-password"
        minLength={10}
        required
      />
      <Field name="repeat" label="New password again" type="password" autocomplete="new-password" required />
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          Change password
        </button>
      </div>
    </form>
  );
}
