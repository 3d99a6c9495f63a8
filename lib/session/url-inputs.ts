import { isSessionError } from './errors';
import { keyProblem } from './keys';
import type { Maybe } from './maybe';
import type { Namespaces } from './types';

/**
 * A page URL's session inputs: `sc` and campaign parameters go into `public`, as VTEX
 * does. Read the same way by the page middleware and by the Sessions API's read, which
 * a deferred first visit's page hands them to (SessionProvider sends the page's query
 * with its first read, as render-session does), so both land the visitor on one variant.
 */
export type UrlInputs = Readonly<Record<string, string>>;

const URL_INPUT = /^(?:sc|utmi?_[A-Za-z0-9_-]+)$/;
const MAX_URL_INPUTS = 16;

/** A URL without inputs: one frozen object, so `inputs === NO_INPUTS` is the cheap test. */
export const NO_INPUTS: UrlInputs = Object.freeze({});

/** The inputs of a URL; NO_INPUTS, without parsing its query, when it has none. */
export function urlInputs(url: Pick<URL, 'search' | 'searchParams'>, maxValueLength: number): UrlInputs {
  if (url.search === '') return NO_INPUTS;
  let inputs: Record<string, string> | null = null;
  let count = 0;
  for (const [key, value] of url.searchParams) {
    if (count >= MAX_URL_INPUTS) break;
    if ((inputs && Object.hasOwn(inputs, key)) || !URL_INPUT.test(key) || keyProblem(key) !== null) continue;
    // An empty value would clear a key (VTEX's convention for writes); a link should not.
    if (value === '' || value.length > maxValueLength) continue;
    (inputs ??= {})[key] = value;
    count++;
  }
  return inputs ?? NO_INPUTS;
}

/**
 * Whether applying the inputs would change what the session holds. A link to the store
 * the session is in already (`?sc=1` on channel 1) changes nothing while no URL has
 * chosen a store yet: the channel came from elsewhere (the host, the default, a
 * sign-in), and writing `sc` would only cost the visitor a seal, two cookies and, for
 * the router's fetch of that link, a full page load (middleware.ts declines it). Once a
 * URL has chosen one, that choice (`public.sc`) is what a link is compared with.
 */
export function hasNewInputs(namespaces: Namespaces, inputs: UrlInputs): boolean {
  for (const key in inputs) {
    const held = namespaces.public?.[key]?.value;
    if (held === inputs[key]) continue;
    if (key === 'sc' && held === undefined && namespaces.store?.channel?.value === inputs[key]) continue;
    return true;
  }
  return false;
}

/**
 * Runs `apply` with the URL's inputs, then without the channel (`sc`), then with the
 * channel alone, then with none, until one is accepted. A link with a channel the store
 * does not have must still land on a page (and start a session), not on an error; only
 * a session error moves on to the next.
 */
export async function withAcceptedInputs<T>(inputs: UrlInputs, apply: (values: Record<string, string>) => Maybe<T>): Promise<T> {
  const { sc, ...campaign } = inputs;
  const candidates = [inputs, campaign, sc === undefined ? {} : { sc }, {}];
  const tried = new Set<string>();
  let lastError: unknown;
  for (const values of candidates) {
    const key = JSON.stringify(values);
    if (tried.has(key)) continue;
    tried.add(key);
    try {
      return await apply(values);
    } catch (error) {
      if (!isSessionError(error)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
