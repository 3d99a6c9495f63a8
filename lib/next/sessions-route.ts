import { NextResponse, type NextRequest } from 'next/server';
import { parseItems, selectItems } from '../session/items';
import { andThen, isThenable, type Maybe } from '../session/maybe';
import { canonicalPublicInputs } from '../session/public-inputs';
import type { IssuedTokens } from '../session/engine';
import type { Session, TraceEntry } from '../session/types';
import { hasNewInputs, urlInputs, withAcceptedInputs } from '../session/url-inputs';
import { publicFromQuery, readBodyText, sessionWriteOf } from './body';
import { sessionCookieLines } from './cookies';
import { withErrors } from './errors';
import type { SessionKit } from './kit';
import { VARIANT_HEADER } from './middleware';
import { assertSameOrigin } from './origin';
import { attachSessionIfNeeded, requestHost, sessionCookieOptions } from './respond';

/** The session object of the API: `{ id, namespaces }` with only the selected items. */
export function sessionBody(session: Session, items: ReturnType<typeof parseItems>, trace?: TraceEntry[]) {
  return {
    id: session.id,
    namespaces: selectItems(session.namespaces, items),
    ...(session.debug && trace ? { trace } : {}),
  };
}

/**
 * `/api/sessions`: GET reads (`?items=`), POST creates or edits (201), PATCH edits
 * (200). A read whose query brings a page's URL inputs (`sc`, `utm_*`) the session
 * lacks applies them, as the page middleware would have. Writes return `{ sessionToken, segmentToken }`, or the session object when
 * `?items=` is given, and set both cookies to exactly those tokens; a write that
 * changes nothing answers the visitor's own tokens, which it need not set. Real VTEX clients
 * call it unmodified (docs/vtex-clients.md): query parameters are best effort, and
 * namespaces this kit lacks are simply absent from the answer.
 */
export function createSessionsRoute(kit: SessionKit) {
  const GET = withErrors(async (request: NextRequest) => {
    const url = request.nextUrl;
    const items = parseItems(url.searchParams.get('items'));
    const engine = await kit.engine();
    const host = requestHost(request);
    const token = request.cookies.get(kit.cookieNames.session)?.value;
    const opened = await engine.open(token, { host });
    const inputs = urlInputs(url, engine.limits.maxValueLength);
    // The page's own inputs, which SessionProvider sends with its first read: a first
    // visit's page was deferred (no cookie), so they reach the session here, applied as
    // the page middleware applies them. None accepted (`?sc=` of a private channel), it
    // is a plain read: never an error, and nothing stored for it.
    // The tokens are issued inside the fallbacks: the cookie's budget is checked there.
    const applied = hasNewInputs(opened.session.namespaces, inputs)
      ? await withAcceptedInputs(inputs, async (values) => {
          if (Object.keys(values).length === 0) return null;
          const written = engine.writeNow(token, { public: values }, { host });
          const result = isThenable(written) ? await written : written;
          const issued = engine.answerNow(result, token);
          return { result, tokens: isThenable(issued) ? await issued : issued };
        })
      : null;
    if (applied) {
      const { result, tokens } = applied;
      const headers = answerHeaders(kit, request, token, tokens, result.session.expiresAt);
      return Response.json(sessionBody(engine.present(result.session), items), { headers: isThenable(headers) ? await headers : headers });
    }
    const response = NextResponse.json(sessionBody(engine.present(opened.session), items));
    await attachSessionIfNeeded(kit, request, response, opened);
    return response;
  });

  const write = (status: number) =>
    withErrors(async (request: NextRequest) => {
      assertSameOrigin(request, kit.allowedOrigins);
      const rawItems = request.nextUrl.searchParams.get('items');
      const items = rawItems === null ? null : parseItems(rawItems);
      const body = sessionWriteOf(await readBodyText(request), request.headers.get('content-type'));
      const started = kit.engineNow();
      const engine = isThenable(started) ? await started : started;
      const fromQuery = publicFromQuery(request.nextUrl, engine.limits.maxValueLength);
      // Synchronous with the cookie store and embedded regions: no promise to await (writeNow).
      const token = request.cookies.get(kit.cookieNames.session)?.value;
      const written = engine.writeNow(
        token,
        { public: canonicalPublicInputs({ ...fromQuery, ...body.public }) },
        { host: requestHost(request), debug: body.debug },
      );
      const result = isThenable(written) ? await written : written;
      const issued = engine.answerNow(result, token);
      const tokens = isThenable(issued) ? await issued : issued;
      const payload = items
        ? sessionBody(engine.present(result.session), items, result.trace)
        : { sessionToken: tokens.sessionToken, segmentToken: tokens.segmentToken, ...(result.session.debug ? { trace: result.trace } : {}) };
      const headers = answerHeaders(kit, request, token, tokens, result.session.expiresAt);
      return Response.json(payload, { status, headers: isThenable(headers) ? await headers : headers });
    });

  return { GET, POST: write(201), PATCH: write(200) };
}

/**
 * The headers of an answer that issued `tokens` to a visitor who sent `token`, made
 * whole once, as a list: the response's own Headers is the only copy (each copy checks
 * every character of both cookies again). A write that changed nothing answers the
 * visitor's own token: that cookie is not set again, nor the segment's when the visitor
 * holds it too (both were set together, so they expire together). The variant the next
 * page will be rendered for goes with them, so the browser knows it before that render.
 */
function answerHeaders(kit: SessionKit, request: NextRequest, token: string | undefined, tokens: IssuedTokens, expiresAt: number): Maybe<[string, string][]> {
  const headers: [string, string][] = [['cache-control', 'private, no-store']];
  const [sessionLine, segmentLine] = sessionCookieLines(tokens, sessionCookieOptions(kit, request, expiresAt));
  const kept = tokens.sessionToken === token;
  if (!kept) headers.push(['set-cookie', sessionLine]);
  if (!kept || tokens.segmentToken !== request.cookies.get(kit.cookieNames.segment)?.value) headers.push(['set-cookie', segmentLine]);
  return andThen(kit.variantCodeNow(tokens.segment), (code) => {
    headers.push([VARIANT_HEADER, code]);
    return headers;
  });
}
