/** `/invite?token=`: the link in an invitation email. Choose a name and password, join, and go in. */
import { useState } from 'preact/hooks';
import { api, messageOf, setCsrfToken, unwrap } from '../lib/api';
import { queryParam } from '../lib/format';
import { Field, Notice } from './ui';

export default function AcceptInvitation() {
  const token = queryParam('token');
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function accept(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const password = form.get('password') as string;
    if (password !== form.get('repeat')) {
      setFailure(new Error('The two passwords differ.'));
      return;
    }
    setBusy(true);
    try {
      const me = await unwrap(
        api.POST('/api/v1/invitations/accept', {
          body: { token: token ?? '', name: form.get('name') as string, password },
        }),
        { redirectOn401: false },
      );
      setCsrfToken(me.csrfToken);
      location.assign('/');
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  if (!token)
    return (
      <Notice kind="bad">This link has no invitation in it. Open the link from your email again.</Notice>
    );
  return (
    <form onSubmit={(event) => void accept(event)}>
      <p>You were invited to Closer. Choose how you appear and your password.</p>
      <Field name="name" label="Your name" error={failure} autocomplete="name" required />
      <Field
        name="password"
        label="Password (at least 10 characters)"
        error={failure}
        type="password"
        autocomplete="new-password"
        minLength={10}
        required
      />
      <Field name="repeat" label="Password again" type="password" autocomplete="new-password" required />
      {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Joining…' : 'Join'}
        </button>
      </div>
    </form>
  );
}
