import { NextResponse, type NextRequest } from 'next/server';
import { SessionError } from '../session/errors';
import { DEFAULT_LIMITS } from '../session/limits';
import { decodeSegmentToken, deriveSegment, SEGMENT_KEYS, type SegmentKey } from '../session/segment';
import type { Segment } from '../session/types';
import { withErrors } from './errors';
import type { SessionKit } from './kit';
import { attachSessionIfNeeded, requestHost } from './respond';

type SegmentJson = Partial<Record<SegmentKey, string | null>>;

function isSegmentKey(key: string): key is SegmentKey {
  return (SEGMENT_KEYS as readonly string[]).includes(key);
}

function invalidOverride(key: string, why: string): SessionError {
  return new SessionError(400, 'invalid_segment_override', `Query parameter ${key}: ${why}`);
}

/**
 * The segment fields a query string overrides: `?cultureInfo=en-US` sets a field,
 * an empty value makes it null (`admin_cultureInfo`, which exists only when set,
 * is removed instead). Values are checked as the segment would hold them.
 */
export function segmentOverrides(params: URLSearchParams, maxValueLength = DEFAULT_LIMITS.maxValueLength): Map<SegmentKey, string | null> {
  const overrides = new Map<SegmentKey, string | null>();
  for (const [key, value] of params) {
    if (!isSegmentKey(key)) continue;
    if (overrides.has(key)) throw invalidOverride(key, 'is given more than once');
    if (value.length > maxValueLength) throw invalidOverride(key, `is longer than ${maxValueLength} characters`);
    if (key === 'channelPrivacy' && value !== '' && value !== 'public' && value !== 'private') {
      throw invalidOverride(key, 'must be "public" or "private"');
    }
    overrides.set(key, value === '' ? null : value);
  }
  return overrides;
}

/**
 * A segment with overrides applied, rebuilt in VTEX's fixed key order (the order
 * every client of `vtex_segment` sees), with `admin_cultureInfo` only when it is set.
 */
export function overrideSegment(segment: Segment, overrides: ReadonlyMap<SegmentKey, string | null>): SegmentJson {
  const ordered: SegmentJson = {};
  for (const key of SEGMENT_KEYS) {
    const value = overrides.has(key) ? overrides.get(key)! : segment[key];
    if (key === 'admin_cultureInfo' && (value === undefined || (value === null && overrides.has(key)))) continue;
    ordered[key] = value ?? null;
  }
  return ordered;
}

/**
 * `GET /api/segments`: the visitor's segment, derived from their session (never
 * from the `vtex_segment` cookie they send). Query parameters named like segment
 * fields (`?cultureInfo=en-US`) override the response only; a malformed one is a 400.
 */
export function createSegmentsRoute(kit: SessionKit) {
  const GET = withErrors(async (request: NextRequest) => {
    const overrides = segmentOverrides(request.nextUrl.searchParams);
    const engine = await kit.engine();
    const opened = await engine.open(request.cookies.get(kit.cookieNames.session)?.value, { host: requestHost(request) });
    const response = NextResponse.json(overrideSegment(deriveSegment(opened.session.namespaces), overrides));
    await attachSessionIfNeeded(kit, request, response, opened);
    return response;
  });
  return { GET };
}

/** `GET /api/segments/{token}`: any valid segment token, decoded. A pure function of the URL, so cacheable. */
export function createSegmentTokenRoute() {
  // A catch-all route: standard base64 may hold "/", which splits the path.
  const GET = withErrors(async (_request: NextRequest, context: { params: Promise<{ token: string[] }> }) => {
    const { token } = await context.params;
    return NextResponse.json(decodeSegmentToken(token.join('/')), {
      headers: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
  });
  return { GET };
}
