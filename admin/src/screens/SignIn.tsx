import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useTitle } from '../context';
import { identify } from '../queries';
import { session } from '../session';
import { Field } from '../ui/Field';

export function SignIn({ ended }: { ended: 'expired' | 'signed-out' | null }) {
  useTitle('Sign in');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = key.trim();
    if (!candidate) {
      setError('Paste an API key.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await identify(candidate);
      session.signIn(candidate);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'This key was not accepted. Check that it is complete and has not been revoked.'
          : (err as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin" id="main">
      <form className="card signin-card" onSubmit={submit} noValidate>
        <h1>Status admin</h1>
        <p className="lead">Sign in with an API key: the root key, or a key scoped to your pages.</p>
        {ended === 'expired' && (
          <p className="form-alert" role="alert">
            Your session ended: the API no longer accepts that key. Sign in again.
          </p>
        )}
        {ended === 'signed-out' && <p className="hint" role="status">You are signed out.</p>}
        <Field
          label="API key"
          name="apiKey"
          errors={error ? { apiKey: [error] } : undefined}
          hint="Kept in this browser tab only (session storage) and sent to this server alone."
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              autoFocus
            />
          )}
        </Field>
        <button type="submit" className="button primary wide" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
