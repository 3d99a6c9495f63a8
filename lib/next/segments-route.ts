import { NextResponse, type NextRequest } from 'next/server';
import { decodeSegmentToken, deriveSegment, SEGMENT_KEYS } from '../session/segment';
import type { Segment } from '../session/types';
import { withErrors } from './errors';
import type { SessionKit } from './kit';
import { attachSessionIfNeeded, requestHost } from './respond';

/**
 * `GET /api/segments`: the visitor's segment, derived from their session (never
 * from the `vtex_segment` cookie they send). Query parameters named like segment
 * fields (`?cultureInfo=en-US`) override the response only.
 */
export function createSegmentsRoute(kit: SessionKit) {
  const GET = withErrors(async (request: NextRequest) => {
    const engine = await kit.engine();
    const opened = await engine.open(request.cookies.get(kit.cookieNames.session)?.value, { host: requestHost(request) });
    const segment: Segment = deriveSegment(opened.session.namespaces);
    const overridden: Record<string, string | null> = { ...segment };
    for (const [key, value] of request.nextUrl.searchParams) {
      if ((SEGMENT_KEYS as readonly string[]).includes(key)) overridden[key] = value === '' ? null : value;
    }
    const response = NextResponse.json(overridden);
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
