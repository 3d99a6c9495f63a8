import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/next-server';
import { CookieJar } from '../support/cookie-jar';

const OLD = 'rotation-old-secret-0123456789-0123456789';
const NEW = 'rotation-new-secret-0123456789-0123456789';

describe('secret rotation over HTTP', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function idWith(secret: string, jar: CookieJar): Promise<string> {
    server = await startServer({ SESSION_SECRET: secret });
    const session = await (await jar.fetch(`${server.url}/api/sessions?items=public.k`)).json();
    await server.stop();
    server = undefined;
    return session.id;
  }

  it('keeps sessions sealed with the previous secret once a new one is added first, and drops them once it is removed', async () => {
    const jar = new CookieJar();
    server = await startServer({ SESSION_SECRET: OLD });
    await jar.fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"public":{"k":{"value":"v"}}}' });
    const original = (await (await jar.fetch(`${server.url}/api/sessions?items=public.k`)).json()).id;
    await server.stop();
    server = undefined;
    const sealedWithOld = jar.get('vtex_session')!;

    expect(await idWith(`${NEW},${OLD}`, jar)).toBe(original);
    jar.set('vtex_session', sealedWithOld);
    const fresh = await idWith(NEW, jar);
    expect(fresh).not.toBe(original);
  });
});
