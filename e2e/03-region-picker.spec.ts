import { expect, test } from '@playwright/test';
import {
  OUTSIDE_EVERY_REGION,
  PAULISTA,
  SEGMENT_COOKIE,
  cookieValue,
  expectSameDocument,
  markDocument,
  picker,
  productCard,
  readSession,
  renderedVariant,
  screenshot,
  segmentCookie,
  valueOf,
  visit,
} from './support';

const availability = (page: import('@playwright/test').Page, slug: string) => productCard(page, slug).locator('[data-availability]');

test('a São Paulo postal code changes availability and shows the sp-local banner without a full reload', async ({ page, context }) => {
  await visit(page, '/products');
  const before = await renderedVariant(page);
  await expect(availability(page, 'burr-grinder')).toHaveText('Enter a postal code to check delivery');
  await expect(page.getByTestId('banner-sp-local').filter({ visible: true })).toHaveCount(0);
  await markDocument(page);
  // Tag the picker's element, to tell whether the one after the update is another.
  await page.locator('.region-picker').filter({ visible: true }).evaluate((element) => element.setAttribute('data-before-update', ''));

  const region = picker(page);
  await region.enter('BRA', PAULISTA);
  await expect(region.status).toHaveText(`Delivering to ${PAULISTA} · sold by Demo Store, Mercado Centro SP, Paulista Express`);

  // The page follows the new variant: availability and the local banner.
  await expect(page.getByTestId('banner-sp-local').filter({ visible: true })).toBeVisible();
  await expect.poll(() => renderedVariant(page)).not.toBe(before);
  // The page under app/[variant]/ was mounted afresh for the new variant, picker
  // included: still, focus is on Change, and the result is in a polite live region.
  await expect(page.locator('.region-picker[data-before-update]').filter({ visible: true })).toHaveCount(0);
  await expect(region.change).toBeFocused();
  await expect(region.status).toHaveAttribute('aria-live', 'polite');
  await expect(region.status).toHaveText(`Delivering to ${PAULISTA} · sold by Demo Store, Mercado Centro SP, Paulista Express`);
  await expect(availability(page, 'burr-grinder')).toHaveText('Not available in your region');
  await expect(availability(page, 'studio-headphones')).toHaveText('Not available in your region');
  await expect(availability(page, 'stoneware-mug')).toHaveText('Delivers to your region');
  await expect(availability(page, 'oak-cutting-board')).toHaveText('Delivers to your region');
  await expectSameDocument(page);
  expect(await renderedVariant(page)).not.toBe(before);
  await screenshot(page, 'products-sao-paulo');

  const segment = await segmentCookie(context);
  expect(Buffer.from(segment.regionId!, 'base64').toString()).toBe('SW#1;sp-centro;sp-express');
  expect(segment.campaigns).toBe('sp-local');
  const session = await readSession(page.request);
  expect(valueOf(session, 'public.postalCode')).toBe(PAULISTA);
  expect(valueOf(session, 'public.country')).toBe('BRA');

  await visit(page, '/p/oak-cutting-board');
  await expect(page.getByTestId('product-detail').filter({ visible: true })).toContainText('Sold and delivered by Mercado Centro SP, Paulista Express.');
});

test('a code outside every region says so; a malformed code shows the error and changes nothing', async ({ page, context }) => {
  await visit(page, '/products');
  const region = picker(page);
  await region.enter('BRA', PAULISTA);
  await expect(page.getByTestId('banner-sp-local').filter({ visible: true })).toBeVisible();
  await markDocument(page);

  await region.enter('BRA', OUTSIDE_EVERY_REGION);
  await expect(region.status).toHaveText(`No seller delivers to ${OUTSIDE_EVERY_REGION} yet`);
  await expect(page.getByTestId('banner-sp-local').filter({ visible: true })).toHaveCount(0);
  // The page (a new visitor's variant) cannot know the code; the session in the browser does.
  await expect(availability(page, 'stoneware-mug')).toHaveText(`Not delivered to ${OUTSIDE_EVERY_REGION}`);
  await expect(region.change).toBeFocused();
  await expectSameDocument(page);
  const outside = await segmentCookie(context);
  expect(outside.regionId).toBeNull();
  expect(outside.campaigns).toBeNull();
  expect(valueOf(await readSession(page.request), 'public.postalCode')).toBe(OUTSIDE_EVERY_REGION);

  const token = await cookieValue(context, SEGMENT_COOKIE);
  const variant = await renderedVariant(page);
  await region.change.click();
  await region.postalCode.fill('0131');
  await region.apply.click();
  await expect(region.postalCode).toHaveAttribute('aria-invalid', 'true');
  const message = page.locator('.region-picker__error').filter({ visible: true });
  await expect(message).toHaveText('“0131” is not a valid postal code for Brasil');
  // The message is tied to its field for screen readers.
  const describedBy = await region.postalCode.getAttribute('aria-describedby');
  expect(describedBy).toBe(await message.getAttribute('id'));
  await screenshot(page, 'picker-error');

  expect(await cookieValue(context, SEGMENT_COOKIE)).toBe(token);
  expect(await renderedVariant(page)).toBe(variant);
  expect(valueOf(await readSession(page.request), 'public.postalCode')).toBe(OUTSIDE_EVERY_REGION);
});

test('a region entered before the session has started is kept: the write waits for the first read', async ({ page, context }) => {
  // The page sets no cookie (a first visit without URL inputs); hold the provider's first call, which starts the session.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const methods: string[] = [];
  await page.route(
    (url) => url.pathname === '/api/sessions',
    async (route) => {
      methods.push(route.request().method());
      if (route.request().method() === 'GET' && methods.filter((m) => m === 'GET').length === 1) await held;
      await route.continue();
    },
  );
  const response = await page.goto('/products');
  expect(response!.status()).toBe(200);
  await expect.poll(() => methods).toEqual(['GET']);

  const region = picker(page);
  await region.country.selectOption('BRA');
  await region.postalCode.fill(PAULISTA);
  await region.apply.click();
  // The write is not sent while the read that starts the session is in flight: its cookies must land last.
  await page.waitForTimeout(300);
  expect(methods).toEqual(['GET']);
  release();
  await expect(region.status).toHaveText(`Delivering to ${PAULISTA} · sold by Demo Store, Mercado Centro SP, Paulista Express`);
  expect(methods.slice(0, 2)).toEqual(['GET', 'PATCH']);

  // The browser kept the write's session, not the one the read started.
  expect(Buffer.from((await segmentCookie(context)).regionId!, 'base64').toString()).toBe('SW#1;sp-centro;sp-express');
  expect(valueOf(await readSession(page.request), 'public.postalCode')).toBe(PAULISTA);
});
