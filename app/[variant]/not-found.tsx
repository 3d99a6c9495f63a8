import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="narrow empty-state">
      <h1>We could not find that page</h1>
      <p className="muted">The product may have sold out for good, or the link has a typo.</p>
      <Link className="button" href="/products">
        Browse all products
      </Link>
    </div>
  );
}
