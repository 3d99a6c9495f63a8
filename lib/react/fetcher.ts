import { NETWORK_ERROR, SessionRequestError } from './errors';
import type { PublicPatch, SessionData } from './types';

/** The Sessions API URL for the selected items; commas stay readable (the server splits on them). */
export function sessionUrl(endpoint: string, items: readonly string[]): string {
  return `${endpoint}?items=${items.map(encodeURIComponent).join(',')}`;
}

/**
 * A read that also hands the API the page's own query, as render-session's first call
 * does: the page of a first visit set no cookie (docs/middleware.md, "Deferred first
 * visits"), and its URL's inputs (`?sc=`, `utm_*`) must reach the session it starts.
 * The server picks those out and ignores the rest; `items` stays the one sent first.
 */
export function withPageQuery(url: string): string {
  const query = typeof location === 'undefined' ? '' : location.search.slice(1);
  return query ? `${url}&${query}` : url;
}

/** The Sessions API's answer to a write names the variant the next page will be rendered for. */
export const VARIANT_HEADER = 'x-segment-variant';

interface Answer {
  session: SessionData;
  /** `x-segment-variant` of the answer; null when the server sent none (reads). */
  variant: string | null;
}

async function request(url: string, init?: RequestInit): Promise<Answer> {
  let response: Response;
  try {
    // The session is per visitor and changes under us: never from the HTTP cache.
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', ...init });
  } catch (cause) {
    throw new SessionRequestError(0, NETWORK_ERROR, cause instanceof Error ? cause.message : 'The network request failed');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new SessionRequestError(
      response.status,
      typeof error?.code === 'string' ? error.code : `http_${response.status}`,
      typeof error?.message === 'string' ? error.message : `The session request failed with status ${response.status}`,
    );
  }
  return { session: body as SessionData, variant: response.headers.get(VARIANT_HEADER) };
}

/** SWR's fetcher: the key is the URL. */
export const fetchSession = async (url: string): Promise<SessionData> => (await request(url)).session;

/** PATCH with `?items=` so the answer is the session object (not the tokens), with the new variant code. */
export function patchSession(url: string, patch: PublicPatch): Promise<Answer> {
  const body: Record<string, { value: string }> = {};
  for (const [key, value] of Object.entries(patch)) body[key] = { value: value ?? '' };
  return request(url, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ public: body }),
  });
}

/** What the session will look like if the server accepts the patch: shown while the PATCH is in flight. */
export function applyPublicPatch(session: SessionData, patch: PublicPatch): SessionData {
  const publicNs = { ...session.namespaces.public };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === '') delete publicNs[key];
    else publicNs[key] = { value };
  }
  return { ...session, namespaces: { ...session.namespaces, public: publicNs } };
}
