import Link from 'next/link';

/** Outside any variant (no store header to draw): a bare page that still looks like the store. */
export default function NotFound() {
  return (
    <main className="container store-main narrow empty-state">
      <h1>We could not find that page</h1>
      <p className="muted">The link may be old or mistyped.</p>
      <Link className="button" href="/">
        Go to the store
      </Link>
    </main>
  );
}
