import { useState, type FormEvent } from 'react';
import { signIn, type Viewer } from '../api';
import { Notice } from '../components/ui';

// SignIn takes an API key, checks it with the server and shows the
// server's own message when it is refused.
export function SignIn({ onSignedIn, notice }: { onSignedIn: (key: string, viewer: Viewer) => void; notice?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const k = key.trim();
    if (!k) {
      setError('Paste the API key rmmgraph printed.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      onSignedIn(k, await signIn(k));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <h1>rmmgraph console</h1>
      <p>Connect RMMs, map their scopes to clients, run syncs and browse assets.</p>
      <Notice tone="info">{notice}</Notice>
      <form onSubmit={submit} className="card" noValidate>
        <div className="field">
          <label htmlFor="signin-key">API key</label>
          <input id="signin-key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)}
            aria-describedby="signin-help" aria-invalid={error ? true : undefined} placeholder="rmg_…" />
          <p id="signin-help" className="help">
            Printed by <code>rmmgraph serve</code> on its first start, or made with <code>rmmgraph apikey create</code>.
            It is kept for this browser tab's session only.
          </p>
        </div>
        <Notice tone="error">{error}</Notice>
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Checking…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
