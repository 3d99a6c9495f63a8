import { expect, test } from '@playwright/test';

/**
 * A store that ran `vtex-sessions-next init`: the region picker on the /region page
 * init wrote changes the region, and the store's cached pages follow the new variant.
 */
test('the region picker changes the region and the pages show the new variant', async ({ page, context }) => {
  const home = await page.goto('/');
  expect(home?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Welcome to the store' })).toBeVisible();
  const before = (await home?.allHeaders())?.['x-segment-variant'];
  expect(before).toBeTruthy();

  await page.goto('/region');
  await expect(page.getByRole('heading', { name: 'Delivery region' })).toBeVisible();
  // The page refreshes itself for the new variant once the session has changed.
  const refreshed = page.waitForResponse((response) => {
    const code = response.headers()['x-segment-variant'];
    return code !== undefined && code !== before;
  });
  // ...and commits it to the history (a same-document navigation) before a link can win over it.
  const committed = page.waitForEvent('framenavigated');
  await page.getByLabel('Country').selectOption('USA');
  await page.getByLabel('Postal code').fill('10001');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('status')).toHaveText('Delivering to 10001 · sold by Main store');
  const after = (await refreshed).headers()['x-segment-variant'];
  await committed;

  const segmentCookie = (await context.cookies()).find((cookie) => cookie.name === 'vtex_segment')!;
  const segment = JSON.parse(Buffer.from(segmentCookie.value, 'base64').toString()) as { regionId: string };
  expect(Buffer.from(segment.regionId, 'base64').toString()).toBe('SW#1');

  // The store's own cached page, now served from the new variant.
  await page.getByRole('link', { name: 'Back to the page you were on' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { name: 'Welcome to the store' })).toBeVisible();
  const again = await page.goto('/');
  expect((await again?.allHeaders())?.['x-segment-variant']).toBe(after);
  await expect(page.getByRole('heading', { name: 'Welcome to the store' })).toBeVisible();
});
