import Link from 'next/link';

export function Logo() {
  return (
    <Link href="/" className="logo" aria-label="Aurora Goods, home">
      <svg viewBox="0 0 32 32" aria-hidden="true">
        <circle cx="16" cy="16" r="15" fill="#b4462f" />
        <path d="M6 21a10 10 0 0120 0z" fill="#f6e2da" />
        <path d="M4 21h24" stroke="#1f1d1a" strokeWidth="2" strokeLinecap="round" />
      </svg>
      Aurora Goods
    </Link>
  );
}
