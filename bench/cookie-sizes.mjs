/**
 * 6. Cookie sizes with the cookie store (the default: the session rides in
 * vtex_session): a first-time visitor, a B2B buyer with a region and campaigns, and
 * the largest session the store accepts (public values added until the next write
 * is refused with 413 session_too_large).
 */
import { demo, loadKit, ORIGIN, setCookies } from './lib/kit-node.mjs';
import { seeded } from './lib/stats.mjs';

const HOST = { host: 'localhost:3000' };

export async function run() {
  const kit = await loadKit();
  const { NextRequest, signIn, DEFAULT_LIMITS } = kit;
  const { middleware, engine } = demo(kit);
  const rows = [];
  const add = (who, session, segment, note) => rows.push({ who, session: session.length, segment: segment.length, header: `vtex_session=${session}; vtex_segment=${segment}`.length, note });

  const visit = setCookies(await middleware(new NextRequest(`${ORIGIN}/`, { headers: HOST })));
  add('visitor (a new session: the Sessions API\'s first call, or a page that mints)', visit.vtex_session, visit.vtex_segment, 'channel 1, no region');

  const landed = setCookies(await middleware(new NextRequest(`${ORIGIN}/?utm_source=newsletter&utm_campaign=blackfriday`, { headers: HOST })));
  let result = await engine.write(landed.vtex_session, { public: { country: 'BRA', postalCode: '01310-100' } }, HOST);
  let tokens = await engine.issue(result.session, result.storedVersion);
  result = await signIn(engine, tokens.sessionToken, { id: 'c-1001' }, HOST);
  tokens = await engine.issue(result.session, result.storedVersion);
  result = await engine.write(tokens.sessionToken, { public: { sc: '3' } }, HOST);
  const b2b = await engine.issue(result.session, result.storedVersion);
  add('B2B buyer, region and campaigns', b2b.sessionToken, b2b.segmentToken, `channel 3, b2b-gold, 3 sellers, ${b2b.segment.campaigns}`);

  // Largest: the B2B buyer plus public values (random, so nothing compresses) until refused.
  const random = seeded(7);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const text = (n) => Array.from({ length: n }, () => alphabet[Math.floor(random() * 64)]).join('');
  let token = b2b.sessionToken;
  let best = b2b;
  const tryWrite = async (values) => {
    try {
      const written = await engine.write(token, { public: values }, HOST);
      return await engine.issue(written.session, written.storedVersion);
    } catch (error) {
      if (error?.code === 'session_too_large') return null;
      throw error;
    }
  };
  for (let key = 0; ; key++) {
    const name = `note${key}`;
    const issued = await tryWrite({ [name]: text(200) });
    if (issued) {
      best = issued;
      token = issued.sessionToken;
      continue;
    }
    // Then the longest last value that still fits.
    let lo = 0;
    let hi = 200;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const fits = await tryWrite({ [name]: text(mid) });
      if (fits) {
        lo = mid;
        best = fits;
      } else hi = mid - 1;
    }
    break;
  }
  add('largest session accepted', best.sessionToken, best.segmentToken, `budget ${DEFAULT_LIMITS.maxCookieBytes} B (maxCookieBytes): one more character is a 413`);
  return { rows, budget: DEFAULT_LIMITS.maxCookieBytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}
