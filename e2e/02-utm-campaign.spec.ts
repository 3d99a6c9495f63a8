import { expect, test } from '@playwright/test';
import { deferred, readSession, renderedVariant, screenshot, segmentCookie, valueOf, variantOf, visit } from './support';

test('landing with utm_campaign=blackfriday shows the Black Friday banner, and it stays on later visits', async ({ page, context }) => {
  const plainVisitor = await context.browser()!.newContext();
  const plainCode = variantOf(await (await plainVisitor.newPage()).goto('/').then((response) => response!));
  await plainVisitor.close();

  const landing = await visit(page, '/?utm_campaign=blackfriday&utm_source=newsletter');
  const banner = page.getByTestId('banner-blackfriday').filter({ visible: true });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Black Friday');

  // The landing page set no cookie: SessionProvider's first call, with the page's query, started the session with the campaign.
  expect(deferred(landing)).toBe(true);
  expect(await landing.headerValues('set-cookie')).toEqual([]);
  const session = await readSession(page.request);
  expect(valueOf(session, 'public.utm_campaign')).toBe('blackfriday');
  expect(valueOf(session, 'public.utm_source')).toBe('newsletter');
  expect(valueOf(session, 'rnb.campaigns')).toBe('blackfriday');

  const segment = await segmentCookie(context);
  expect(segment.utm_campaign).toBe('blackfriday');
  expect(segment.campaigns).toBe('blackfriday');
  // The audience, not the UTM, picks the variant: it differs from a plain visitor's.
  const code = variantOf(landing);
  expect(code).not.toBe(plainCode);
  await screenshot(page, 'home-blackfriday');

  // Later, without the parameter: the session remembers the campaign.
  const later = await visit(page, '/products');
  expect(new URL(page.url()).search).toBe('');
  await expect(page.getByTestId('banner-blackfriday').filter({ visible: true })).toBeVisible();
  expect(variantOf(later)).toBe(code);
  expect(await renderedVariant(page)).toBe(code);
  expect((await segmentCookie(context)).campaigns).toBe('blackfriday');
});
