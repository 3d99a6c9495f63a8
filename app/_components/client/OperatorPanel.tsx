'use client';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useSession } from 'vtex-sessions-next/react';

/** The session key an operator writes; the impersonate transform does the rest. */
const IMPERSONATE_KEY = 'vtex-impersonated-customer-email';

export function OperatorPanel() {
  const { data, status, update } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (status === 'loading') return <div className="panel panel--loading" aria-busy="true" />;
  if (status === 'unauthenticated') {
    return (
      <div className="panel" data-testid="operator-denied">
        <h2>Operators only</h2>
        <p>Sign in with a call-centre operator account to act on behalf of a customer.</p>
        <Link className="button" href="/login?redirect=%2Foperator">
          Sign in
        </Link>
      </div>
    );
  }

  const impersonate = data?.namespaces.impersonate ?? {};
  if (impersonate.canImpersonate?.value !== 'true') {
    return (
      <div className="panel" data-testid="operator-denied">
        <h2>Operators only</h2>
        <p>Your account cannot impersonate customers.</p>
      </div>
    );
  }

  async function change(email: string) {
    setPending(true);
    setError(null);
    try {
      await update({ [IMPERSONATE_KEY]: email });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'That did not work');
    } finally {
      setPending(false);
    }
  }

  const acting = impersonate.storeUserEmail?.value;
  const profile = data?.namespaces.profile ?? {};
  return (
    <div className="panel" data-testid="operator-panel">
      {acting ? (
        <>
          <p className="notice notice--ok" role="status" data-testid="impersonating">
            You are acting as {profile.firstName?.value} {profile.lastName?.value} ({acting}). Prices, campaigns and the
            account shown are theirs.
          </p>
          <button className="button" type="button" disabled={pending} onClick={() => change('')}>
            Stop impersonating
          </button>
        </>
      ) : (
        <ImpersonateForm pending={pending} onSubmit={change} />
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function ImpersonateForm({ pending, onSubmit }: { pending: boolean; onSubmit: (email: string) => void }) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = new FormData(event.currentTarget).get('customer');
    if (typeof email === 'string' && email.trim()) onSubmit(email.trim());
  }
  return (
    <form onSubmit={submit}>
      <h2>Act on behalf of a customer</h2>
      <p className="muted">You will see the store exactly as they do: their prices, campaigns and account.</p>
      <div className="field">
        <label htmlFor="customer">Customer email</label>
        <input id="customer" name="customer" type="email" required placeholder="buyer@b2b.example" />
      </div>
      <button className="button" type="submit" disabled={pending}>
        Start impersonating
      </button>
    </form>
  );
}
