import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_SECRET, type RunningServer } from '../support/next-server';
import { CookieJar } from '../support/cookie-jar';
import { products } from '@/data/catalogue';
import { formatMoney } from '@/app/_store/commerce';
import { TokenCodec } from '@/lib/session/token';
import customers from '@/data/customers.json';

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * Products whose B2B price differs from the public one (and from every public
 * price, so finding it on a page can only mean a leak): the prices that must not leak.
 */
const publicAmounts = new Set(products.map((p) => p.prices.BRL.public));
const b2bOnly = products
  .filter((p) => p.prices.BRL['b2b-gold'] !== undefined && !publicAmounts.has(p.prices.BRL['b2b-gold']))
  .slice(0, 3);
const b2bPrice = (p: (typeof products)[number]) => formatMoney(p.prices.BRL['b2b-gold']!, 'BRL', 'pt-BR');
const publicPrice = (p: (typeof products)[number]) => formatMoney(p.prices.BRL.public, 'BRL', 'pt-BR');

/** Each customer's personal details: id, email, first and last name. */
const detailsOf = (email: string): string[] => {
  const customer = customers.find((c) => c.email === email)!;
  return [customer.id, customer.email, customer.firstName, customer.lastName];
};

/**
 * Personal details that may reach a browser only through the private Sessions API,
 * never a page: every customer's, the operator's own included (data/customers.json).
 */
const PERSONAL = customers.flatMap((c) => detailsOf(c.email));

/** A personal detail as a whole word, so "Operator" is not found inside "operators". */
const mentions = (text: string, detail: string) => new RegExp(`(^|[^A-Za-z0-9@.-])${detail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9@-])`).test(text);

describe('cache isolation: a B2B buyer, an impersonating operator and visitors on the same pages', () => {
  let server: RunningServer;
  const codec = new TokenCodec({ secrets: [TEST_SECRET], cacheSize: 0 });

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function login(email: string): Promise<CookieJar> {
    const jar = new CookieJar();
    const response = await jar.fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ email, password: 'demo' }) });
    expect(response.status).toBe(200);
    return jar;
  }

  async function sessionId(jar: CookieJar): Promise<string> {
    return (await (await jar.fetch(`${server.url}/api/sessions?items=profile.email`)).json()).id;
  }

  it('never serves one shopper another one’s prices, name or cookie', { timeout: 120_000 }, async () => {
    expect(b2bOnly.length).toBeGreaterThan(0);
    const buyer = await login('buyer@b2b.example');
    const operator = await login('operator@store.example');
    const impersonating = await operator.fetch(`${server.url}/api/sessions`, {
      method: 'PATCH',
      headers: JSON_HEADERS,
      body: JSON.stringify({ public: { 'vtex-impersonated-customer-email': { value: 'buyer@b2b.example' } } }),
    });
    expect(impersonating.status).toBe(200);
    const visitors = [new CookieJar(), new CookieJar()];
    // `own`: the personal details a shopper's own private API answers may carry.
    const shoppers = [
      { name: 'buyer', jar: buyer, b2b: true, own: detailsOf('buyer@b2b.example') },
      { name: 'visitor-1', jar: visitors[0]!, b2b: false, own: [] as string[] },
      { name: 'operator', jar: operator, b2b: true, own: [...detailsOf('operator@store.example'), ...detailsOf('buyer@b2b.example')] },
      { name: 'visitor-2', jar: visitors[1]!, b2b: false, own: [] as string[] },
    ];
    const ids = new Map<string, string>();
    for (const shopper of shoppers) ids.set(shopper.name, await sessionId(shopper.jar));
    const pages = ['/', '/products', ...b2bOnly.map((p) => `/p/${p.slug}`)];
    let priceChecks = 0;

    for (let round = 0; round < 3; round++) {
      for (const page of pages) {
        for (const shopper of round % 2 ? [...shoppers].reverse() : shoppers) {
          const response = await shopper.jar.fetch(`${server.url}${page}`);
          expect(response.status, `${shopper.name} ${page}`).toBe(200);
          const html = await response.text();
          const cacheControl = response.headers.get('cache-control') ?? '';
          expect(cacheControl, `${shopper.name} ${page}`).not.toMatch(/public|s-maxage/);
          if (response.headers.getSetCookie().length > 0) expect(cacheControl).toMatch(/private/);
          if (response.headers.getSetCookie().length > 0) expect(cacheControl).toMatch(/no-store/);

          for (const cookie of response.headers.getSetCookie().filter((c) => c.startsWith('vtex_session='))) {
            const opened = await codec.unseal(decodeURIComponent(cookie.slice('vtex_session='.length).split(';')[0]!));
            expect(opened.status === 'valid' && opened.payload.id, `${shopper.name} got someone else's cookie`).toBe(ids.get(shopper.name));
          }
          for (const secret of PERSONAL) expect(mentions(html, secret), `${shopper.name} ${page} carries "${secret}"`).toBe(false);

          const shown = b2bOnly.filter((p) => page === '/products' || page === '/' ? html.includes(p.name) : page === `/p/${p.slug}`);
          for (const product of shown) {
            priceChecks++;
            if (shopper.b2b) expect(html, `${shopper.name} ${page} ${product.slug}`).toContain(b2bPrice(product));
            else {
              expect(html, `${shopper.name} ${page} ${product.slug}`).not.toContain(b2bPrice(product));
              expect(html).toContain(publicPrice(product));
            }
          }
        }
      }
    }

    // The private API, interleaved the same way, answers each shopper with only their own
    // details: the buyer never sees the operator who impersonates them, visitors nobody.
    for (let round = 0; round < 2; round++) {
      for (const shopper of round % 2 ? [...shoppers].reverse() : shoppers) {
        const body = await (await shopper.jar.fetch(`${server.url}/api/sessions?items=*`)).text();
        for (const secret of PERSONAL.filter((detail) => !shopper.own.includes(detail))) {
          expect(mentions(body, secret), `${shopper.name}'s session carries "${secret}"`).toBe(false);
        }
        // And the check can see a name: signed-in sessions do carry the (impersonated) buyer's.
        if (shopper.b2b) expect(mentions(body, 'Beatriz'), `${shopper.name}'s session`).toBe(true);
      }
    }

    // Every product page and the listing showed B2B-priced products to all four shoppers.
    expect(priceChecks).toBeGreaterThanOrEqual(3 * shoppers.length * (b2bOnly.length * 2));
    for (const shopper of shoppers) expect(await sessionId(shopper.jar)).toBe(ids.get(shopper.name));
    const buyerProfile = await (await buyer.fetch(`${server.url}/api/sessions?items=profile.email`)).json();
    expect(buyerProfile.namespaces.profile.email.value).toBe('buyer@b2b.example');
    const visitorProfile = await (await visitors[0]!.fetch(`${server.url}/api/sessions?items=profile.*`)).json();
    expect(visitorProfile.namespaces.profile).toEqual({ isAuthenticated: { value: 'false' } });
  });
});
