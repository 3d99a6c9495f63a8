import { NextResponse } from 'next/server';

const MAX_REDIRECT_LENGTH = 2048;
const BASE = 'http://same.site.invalid';

/**
 * A redirect target from a form: only a path on this site, so no form can bounce
 * shoppers to another one. Protocol-relative (`//evil`), backslash (`/\evil`, which
 * browsers read as `//evil`), absolute URLs and control characters are refused.
 */
export function safeRedirectPath(value: string | null | undefined): string | null {
  if (!value || value.length > MAX_REDIRECT_LENGTH || !value.startsWith('/') || value.startsWith('//')) return null;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  try {
    const url = new URL(value, BASE);
    return url.origin === BASE ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}

/** `path` with one query parameter set (or removed when `value` is null). */
export function withQueryParam(path: string, name: string, value: string | null): string {
  const url = new URL(path, BASE);
  url.searchParams.delete(name);
  if (value !== null) url.searchParams.set(name, value);
  return url.pathname + url.search + url.hash;
}

/**
 * A 303 to a same-site path. The Location is relative: the browser resolves it
 * against the page it is on, so no host from a proxy header can send anyone elsewhere.
 */
export function seeOther(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location: path, 'cache-control': 'private, no-store' } });
}
