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

  it('goes back with regionError and changes nothing when the code is malformed', async () => {
    const jar = new CookieJar();
    await post(jar, 'country=BRA&postalCode=01310-100&redirect=%2F');
    const before = jar.get('vtex_session');
    const response = await post(jar, 'country=BRA&postalCode=1310-10&redirect=%2Fc%2Fkitchen');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/c/kitchen?regionError=invalid_postal_code');
    expect(jar.get('vtex_session')).toBe(before);
    expect((await read(jar)).namespaces.public?.postalCode?.value).toBe('01310-100');
  });

  it('refuses a post from another site', async () => {
    const jar = new CookieJar();
    const response = await post(jar, 'country=BRA&postalCode=01310-100', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('cross_site_write');
    expect(jar.get('vtex_session')).toBeUndefined();
  });
});
