import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../support/cookie-jar';
import { startServer, type RunningServer } from '../support/next-server';

/** The RegionPicker without JavaScript: a urlencoded post to /api/sessions/form, answered 303. */
describe('POST /api/sessions/form over HTTP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = (jar: CookieJar, body: string, headers: Record<string, string> = {}) =>
    jar.fetch(`${server.url}/api/sessions/form`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, 'sec-fetch-site': 'same-origin', ...headers },
    });

  async function read(jar: CookieJar) {
    const response = await jar.fetch(`${server.url}/api/sessions?items=public.*,checkout.*`);
    return (await response.json()) as { namespaces: Record<string, Record<string, { value: string }>> };
  }

  it('updates the session through the transforms and goes back to the page', async () => {
    const jar = new CookieJar();
    const response = await post(jar, 'country=BRA&postalCode=01310-100&redirect=%2Fp%2Fmug%3Fsize%3Dl');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/p/mug?size=l');
    expect(response.headers.get('cache-control')).toMatch(/private/);
    expect(jar.get('vtex_session')).toBeTruthy();
    const segment = JSON.parse(Buffer.from(jar.get('vtex_segment')!, 'base64').toString());
    const session = await read(jar);
    expect(session.namespaces.public).toMatchObject({ country: { value: 'BRA' }, postalCode: { value: '01310-100' } });
    expect(session.namespaces.checkout?.regionId?.value).toBe(segment.regionId);
    expect(JSON.parse(session.namespaces.checkout!.sellers!.value).length).toBeGreaterThan(0);
  });

  /** A page as the browser gets it: through the middleware, with the jar's cookies. */
  async function page(jar: CookieJar, path: string) {
    const response = await jar.fetch(`${server.url}${path}`);
    expect(response.status).toBe(200);
    return response.text();
  }

  it('sends a malformed code to the region page, which shows it refused in its field, and changes nothing', async () => {
    const jar = new CookieJar();
    await post(jar, 'country=BRA&postalCode=01310-100&redirect=%2F');
    const before = { session: jar.get('vtex_session'), segment: jar.get('vtex_segment') };
    const response = await post(jar, 'country=BRA&postalCode=1310-10&redirect=%2Fc%2Fkitchen');
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toBe('/region?from=%2Fc%2Fkitchen&error=invalid_postal_code&country=BRA&postalCode=1310-10');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect({ session: jar.get('vtex_session'), segment: jar.get('vtex_segment') }).toEqual(before);
    expect((await read(jar)).namespaces.public?.postalCode?.value).toBe('01310-100');

    const html = await page(jar, location);
    expect(html).toMatch(/<input[^>]*aria-invalid="true"[^>]*value="1310-10"|<input[^>]*value="1310-10"[^>]*aria-invalid="true"/);
    expect(html).toContain('“1310-10” is not a valid postal code for Brasil');
    expect(html).toMatch(/<option value="BRA" selected=""/);
    expect(html).toContain('href="/c/kitchen"');
    expect(html).toMatch(/name="redirect" value="\/c\/kitchen"/);
  });

  it('sends a code no seller serves to the region page, with the session written and no region', async () => {
    const jar = new CookieJar();
    const response = await post(jar, 'country=BRA&postalCode=69900-000&redirect=%2Fp%2Fmug');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/region?from=%2Fp%2Fmug');
    const segment = JSON.parse(Buffer.from(jar.get('vtex_segment')!, 'base64').toString());
    expect(segment.regionId).toBeNull();
    const session = await read(jar);
    expect(session.namespaces.public?.postalCode?.value).toBe('69900-000');
    expect(session.namespaces.checkout ?? {}).toEqual({});

    const html = await page(jar, '/region?from=%2Fp%2Fmug');
    expect(html).toContain('No seller delivers to 69900-000 yet');
    expect(html).toContain('href="/p/mug"');
  });

  it('never links the region page off-site', async () => {
    const html = await page(new CookieJar(), '/region?from=%2F%2Fevil.example%2Fx');
    expect(html).toMatch(/<a data-testid="region-back" href="\/">/);
    expect(html).toMatch(/name="redirect" value="\/"/);
    expect(html).not.toMatch(/href="[^"]*evil\.example/);
  });

  // The region page is the demo's request-time page, which opens the session on the
  // server: neither it nor the posts above may leave an error in the server's log.
  it('served the region pages above with nothing logged as an error', async () => {
    await page(new CookieJar(), '/region');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.output()).not.toMatch(/Error:|⨯/);
  });

  it('refuses a post from another site', async () => {
    const jar = new CookieJar();
    const response = await post(jar, 'country=BRA&postalCode=01310-100', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('cross_site_write');
    expect(jar.get('vtex_session')).toBeUndefined();
  });
});
