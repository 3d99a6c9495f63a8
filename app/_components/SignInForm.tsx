import { describeWait } from 'vtex-sessions-next';

const MESSAGES: Record<string, string> = {
  invalid_credentials: 'That email and password do not match an account.',
  invalid_body: 'Enter your email and password.',
  too_many_attempts: 'Too many sign-in attempts for this account. Wait a while, then try again.',
};

/** What to tell the shopper: the refusal's own words, with the wait when the route said how long. */
function messageFor(error: string, retryAfterSeconds?: number): string {
  if (error === 'too_many_attempts' && retryAfterSeconds) {
    return `Too many sign-in attempts for this account. Try again in ${describeWait(retryAfterSeconds)}.`;
  }
  return MESSAGES[error] ?? 'Signing in failed. Try again.';
}

const DEMO_ACCOUNTS = [
  { email: 'buyer@b2b.example', role: 'B2B buyer: B2B Gold prices, the b2b-vip campaign' },
  { email: 'shopper@example.com', role: 'a shopper with public prices' },
  { email: 'operator@store.example', role: 'call-centre operator: may impersonate customers' },
];

/**
 * A real form posting to the auth route, which answers with a 303 to `redirect`
 * (or back here on a refusal): signing in needs no JavaScript.
 */
export function SignInForm({ redirect, error, retryAfterSeconds }: { redirect: string; error?: string; retryAfterSeconds?: number }) {
  const errorId = 'sign-in-error';
  return (
    <div className="narrow">
      <h1>Sign in</h1>
      <p className="muted">Sign in to see your prices and your account.</p>
      <form className="panel" method="post" action="/api/auth/login" aria-describedby={error ? errorId : undefined}>
        {error && (
          <p className="notice notice--error" id={errorId} role="alert">
            {messageFor(error, retryAfterSeconds)}
          </p>
        )}
        <input type="hidden" name="redirect" value={redirect} />
        {/* A refusal comes back here as ?auth_error=<code>, keeping where to go next. */}
        <input type="hidden" name="error_redirect" value={`/login?redirect=${encodeURIComponent(redirect)}`} />
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button className="button" type="submit">
          Sign in
        </button>
      </form>
      <div className="demo-accounts">
        <strong>Demo accounts</strong> (password <code>demo</code>):
        <ul>
          {DEMO_ACCOUNTS.map((account) => (
            <li key={account.email}>
              <code>{account.email}</code>, {account.role}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
