import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Segment } from '../lib/session/types';
import { expect, type APIRequestContext, type BrowserContext, type Page, type Response } from '@playwright/test';

export const SESSION_COOKIE = 'vtex_session';
export const SEGMENT_COOKIE = 'vtex_segment';
export const VARIANT_HEADER = 'x-segment-variant';

export const BUYER = { email: 'buyer@b2b.example', password: 'demo', firstName: 'Beatriz' };
export const SHOPPER = { email: 'shopper@example.com', password: 'demo', firstName: 'Sam' };
export const OPERATOR = { email: 'operator@store.example', password: 'demo', firstName: 'Olivia' };

/** Av. Paulista: sellers 1, sp-centro and sp-express serve it (data/regions.json). */
export const PAULISTA = '01310-100';
/** Rio Branco, Acre: a well-formed Brazilian code that no seller serves. */
export const OUTSIDE_EVERY_REGION = '69900-000';

/** The segment as VTEX's JSON carries it (decoded here independently of the kit's own decoder). */
export type SegmentJson = Segment;

export interface SessionJson {
  id: string;
  namespaces: Record<string, Record<string, { value: string; keepAlive?: boolean }>>;
}

export async function cookieValue(context: BrowserContext, name: string): Promise<string | undefined> {
  return (await context.cookies()).find((cookie) => cookie.name === name)?.value;
}

/** The vtex_segment cookie, decoded the way any VTEX client would: base64 of JSON, padding optional. */
export function decodeSegment(token: string): SegmentJson {
  const padded = token + '='.repeat((4 - (token.length % 4)) % 4);
  return JSON.parse(Buffer.from(padded, 'base64').toString('utf8')) as SegmentJson;
}

export async function segmentCookie(context: BrowserContext): Promise<SegmentJson> {
  const token = await cookieValue(context, SEGMENT_COOKIE);
  expect(token, 'the vtex_segment cookie is set').toBeTruthy();
  return decodeSegment(token!);
}

/** The whole session as the Sessions API shows it, read with the context's cookies. */
export async function readSession(request: APIRequestContext): Promise<SessionJson> {
  const response = await request.get('/api/sessions?items=*');
  expect(response.status()).toBe(200);
  return (await response.json()) as SessionJson;
}

export function valueOf(session: SessionJson, path: string): string | undefined {
  const [ns, key] = path.split('.') as [string, string];
  return session.namespaces[ns]?.[key]?.value;
}

/** Whether the document response left the session to the provider: a first visit with nothing to keep sets no cookie. */
export function deferred(response: Response): boolean {
  return /desc="deferred"/.test(response.headers()['server-timing'] ?? '');
}

/**
 * Navigates and returns the document response, which carries the variant header. A
 * first visit's page sets no cookie: with scripts on, this waits until the
 * SessionProvider's first call has started the session, as the shopper's next click would find it.
 */
export async function visit(page: Page, url: string, { scripts = true }: { scripts?: boolean } = {}): Promise<Response> {
  const response = await page.goto(url);
  expect(response, `a response for ${url}`).not.toBeNull();
  expect(response!.status(), `status of ${url}`).toBe(200);
  if (scripts && deferred(response!)) {
    await expect.poll(() => cookieValue(page.context(), SESSION_COOKIE), { message: "the provider's first call starts the session" }).toBeTruthy();
  }
  return response!;
}

export function variantOf(response: Response): string {
  const code = response.headers()[VARIANT_HEADER];
  expect(code, `${VARIANT_HEADER} on ${response.url()}`).toBeTruthy();
  return code!;
}

/**
 * The variant the page on screen was rendered for, as the store layout stamps it.
 * Locators in these journeys keep to visible elements: under Cache Components Next
 * keeps the page of the previous variant in the DOM, hidden (React's Activity), so a
 * variant change leaves a second, hidden copy of the store behind.
 */
export async function renderedVariant(page: Page): Promise<string> {
  const code = await page.locator('[data-segment-variant]').filter({ visible: true }).first().getAttribute('data-segment-variant');
  expect(code, 'the page says which variant it was rendered for').toBeTruthy();
  return code!;
}

/** Key pages are kept as artifacts under test-results/screenshots, one file per name. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(__dirname, '..', 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** A flag on window survives client navigation and router.refresh(), not a full reload. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __sameDocument?: boolean }).__sameDocument = true;
  });
}

export async function expectSameDocument(page: Page): Promise<void> {
  const same = await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
  expect(same, 'the page updated without a full reload').toBe(true);
}

/** Signs in through the real form, as a shopper would, and waits for the redirect back. */
export async function signIn(page: Page, user: { email: string; password: string; firstName: string }, from = '/'): Promise<void> {
  await visit(page, `/login?redirect=${encodeURIComponent(from)}`);
  await page.getByLabel('Email').filter({ visible: true }).fill(user.email);
  await page.getByLabel('Password').filter({ visible: true }).fill(user.password);
  await Promise.all([page.waitForURL((url) => url.pathname === from.split('?')[0]), page.getByRole('button', { name: 'Sign in' }).click()]);
  await expect(page.getByTestId('account-name').filter({ visible: true })).toHaveText(user.firstName);
}

export function productCard(page: Page, slug: string) {
  return page.locator(`[data-testid="product-card"][data-slug="${slug}"]`).filter({ visible: true });
}

/** Prices are formatted by Intl, which puts a no-break space after R$: compare with plain spaces. */
export function plain(text: string | null): string {
  return (text ?? '').replace(/\u00a0|\u202f/g, ' ').trim();
}

/** The kit's RegionPicker, by what a shopper reads on screen. */
export function picker(page: Page) {
  const region = page.locator('.region-picker').filter({ visible: true });
  return {
    status: region.getByRole('status'),
    country: region.getByLabel('Country'),
    postalCode: region.getByLabel('Postal code'),
    apply: region.getByRole('button', { name: 'Apply' }),
    change: region.getByRole('button', { name: 'Change' }),
    async enter(country: 'BRA' | 'USA', postalCode: string) {
      if (await this.change.isVisible()) await this.change.click();
      await this.country.selectOption(country);
      await this.postalCode.fill(postalCode);
      await this.apply.click();
    },
  };
}
