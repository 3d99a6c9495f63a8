import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthRoutes } from '@/lib/next/auth-route';
import { createSessionFormRoute } from '@/lib/next/form-route';
import { createSessionKit } from '@/lib/next/kit';
import { createApiNotFoundRoute } from '@/lib/next/not-found';
import { createSegmentsRoute, createSegmentTokenRoute } from '@/lib/next/segments-route';
import { createSessionsRoute } from '@/lib/next/sessions-route';
import { cookieStore } from '@/lib/session/stores/cookie';
import { memoryStore } from '@/lib/session/stores/memory';
import { builtInTransforms } from '@/lib/session/transforms/defaults';
import { storeConfig } from '@/store.config';
import { demoDirectory, SECRET } from '../support/commerce-engine';

// Route code that signs variant codes reads the secret from the environment, as in production.
vi.stubEnv('SESSION_SECRET', SECRET);

const ORIGIN = 'http://localhost:3000';

/** Bodies that would pollute Object.prototype if any code merged them into a plain object. */
const HOSTILE_BODIES = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"public":{"__proto__":{"polluted":"yes"}}}',
  '{"public":{"constructor":{"prototype":{"polluted":"yes"}}}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"public":{"k":{"value":"v","__proto__":{"polluted":"yes"}}}}',
  '{"public":{"a":{"value":"x"},"b":{"__proto__":{"polluted":"yes"},"value":"y"}},"__proto__":{"polluted":"yes"}}',
  '{"a":{"b":{"c":{"__proto__":{"polluted":"yes"}}}}}',
  '{"public":{"prototype":{"value":"x"}},"debug":{"__proto__":{"polluted":"yes"}}}',
  '{"email":"buyer@b2b.example","password":"demo","__proto__":{"polluted":"yes"}}',
  '{"email":{"__proto__":{"polluted":"yes"}},"password":{"constructor":{"prototype":{"polluted":"yes"}}}}',
  '__proto__[polluted]=yes&constructor[prototype][polluted]=yes&country=BRA&postalCode=01310-100',
];

const HOSTILE_QUERIES = [
  '__proto__[polluted]=yes',
  '__proto__.polluted=yes',
  'constructor[prototype][polluted]=yes',
  'constructor.prototype.polluted=yes',
  'items=__proto__.polluted',
  'items=public.__proto__,constructor.prototype',
  '__proto__=yes&constructor=yes&prototype=yes',
  'cultureInfo=x&__proto__=polluted',
  'utm_source=x&__proto__%5Bpolluted%5D=yes',
];

function expectClean() {
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.create(null) as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}

for (const [storeName, store] of [['cookie', cookieStore], ['memory', memoryStore]] as const) {
  describe(`prototype pollution through the route handlers, in-process (${storeName} store)`, () => {
    const kit = createSessionKit({
      config: storeConfig,
      transforms: builtInTransforms(storeConfig, { customerDirectory: demoDirectory }),
      store: () => store(),
      secrets: () => [SECRET],
    });
    const sessions = createSessionsRoute(kit);
    const segments = createSegmentsRoute(kit);
    const segmentToken = createSegmentTokenRoute();
    const auth = createAuthRoutes(kit, { directory: demoDirectory });
    const form = createSessionFormRoute(kit);
    const notFound = createApiNotFoundRoute();

    afterEach(() => {
      delete (Object.prototype as Record<string, unknown>).polluted;
    });

    const request = (path: string, init: { method: string; body?: string; contentType?: string }) =>
      new NextRequest(`${ORIGIN}${path}`, {
        method: init.method,
        headers: { 'content-type': init.contentType ?? 'application/json', origin: ORIGIN },
        body: init.body,
      });

    it('hostile JSON and form bodies to every write route leave Object.prototype alone', async () => {
      let answered = 0;
      for (const body of HOSTILE_BODIES) {
        for (const contentType of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
          const responses = await Promise.all([
            sessions.POST(request('/api/sessions', { method: 'POST', body, contentType })),
            sessions.PATCH(request('/api/sessions?items=*', { method: 'PATCH', body, contentType })),
            auth.login.POST(request('/api/auth/login', { method: 'POST', body, contentType })),
            auth.logout.POST(request('/api/auth/logout', { method: 'POST', body, contentType })),
            form.POST(request('/api/sessions/form', { method: 'POST', body, contentType })),
            notFound.POST(request('/api/nope', { method: 'POST', body, contentType })),
          ]);
          for (const response of responses) {
            expect(response.status, body).toBeLessThan(500);
            answered++;
          }
          expectClean();
        }
      }
      expect(answered).toBe(HOSTILE_BODIES.length * 3 * 6);
    });

    it('hostile query strings to every route leave Object.prototype alone', async () => {
      for (const query of HOSTILE_QUERIES) {
        const responses = await Promise.all([
          sessions.GET(request(`/api/sessions?${query}`, { method: 'GET' })),
          sessions.POST(request(`/api/sessions?${query}`, { method: 'POST', body: '{}' })),
          sessions.PATCH(request(`/api/sessions?${query}`, { method: 'PATCH', body: '{"public":{"k":{"value":"v"}}}' })),
          segments.GET(request(`/api/segments?${query}`, { method: 'GET' })),
          segmentToken.GET(request(`/api/segments/e30?${query}`, { method: 'GET' }), { params: Promise.resolve({ token: ['e30'] }) }),
          auth.login.POST(request(`/api/auth/login?${query}`, { method: 'POST', body: '{"email":"a@b.example","password":"x"}' })),
          form.POST(request(`/api/sessions/form?${query}`, { method: 'POST', body: 'country=BRA&postalCode=01310-100', contentType: 'application/x-www-form-urlencoded' })),
        ]);
        for (const response of responses) {
          expect(response.status, query).toBeLessThan(500);
          const text = await response.text();
          expect(text, query).not.toContain('"polluted"');
        }
        expectClean();
      }
    });

    it('a hostile segment token decodes without touching Object.prototype', async () => {
      for (const json of ['{"__proto__":{"polluted":"yes"},"channel":"1"}', '{"constructor":{"prototype":{"polluted":"yes"}}}']) {
        const token = Buffer.from(json).toString('base64').replace(/=+$/, '');
        const response = await segmentToken.GET(request(`/api/segments/${token}`, { method: 'GET' }), { params: Promise.resolve({ token: [token] }) });
        expect(response.status).toBeLessThan(500);
        expect(await response.text()).not.toContain('polluted');
        expectClean();
      }
    });
  });
}
