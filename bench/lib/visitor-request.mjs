/**
 * The headers and body of request i of a load run: the run's fixed headers, then
 * the Cookie header of the visitor whose turn it is (or none), then the body. One
 * rule for both load generators (load.mjs, closed loop; open-loop.mjs, fixed rate),
 * so a scenario sends the same requests whichever measures it.
 *
 * @param {object} o
 * @param {Record<string,string>} [o.headers]  sent with every request
 * @param {string[]} [o.cookies]  one Cookie header per visitor, rotated
 * @param {(i: number) => string | undefined} [o.cookie]  or the Cookie header of request i (none when undefined)
 * @param {(i: number) => string} [o.body]  a body per request (JSON)
 * @returns {(i: number, base?: Record<string,string>) => { headers: Record<string,string>, body?: string, visitor?: number }}
 *   `visitor`: the index in `cookies` of the visitor whose cookie was sent
 */
export function visitorRequests({ headers = {}, cookies = [], cookie, body }) {
  return (i, base = {}) => {
    const out = { ...base, ...headers };
    let visitor;
    if (cookie) {
      const value = cookie(i);
      if (value === undefined) delete out.cookie;
      else out.cookie = value;
    } else if (cookies.length > 0) {
      visitor = i % cookies.length;
      out.cookie = cookies[visitor];
    }
    if (!body) return { headers: out, visitor };
    out['content-type'] = 'application/json';
    return { headers: out, body: body(i), visitor };
  };
}

/**
 * A Cookie header after an answer's Set-Cookie lines, as a browser keeps it: each line's
 * cookie replaces the one of its name, or joins the header; the attributes are not sent.
 */
export function withSetCookies(cookieHeader, setCookieLines) {
  const pairs = new Map(
    (cookieHeader ?? '')
      .split(';')
      .map((pair) => pair.trim())
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair]),
  );
  for (const line of setCookieLines) {
    const pair = line.split(';', 1)[0].trim();
    pairs.set(pair.slice(0, pair.indexOf('=')), pair);
  }
  return [...pairs.values()].join('; ');
}
