import { expect, test } from '@playwright/test';
import {
  SEGMENT_COOKIE,
  SESSION_COOKIE,
  cookieValue,
  plain,
  productCard,
  readSession,
  renderedVariant as renderedVariantOf,
  segmentCookie,
  valueOf,
  variantOf,
  visit,
} from './support';

test('a tampered session cookie still gets a working page and a fresh session', async ({ page, context, baseURL, browser }) => {
  // The variant of a first visit on the default channel, from a browser with no cookies.
  const newBrowser = await browser.newContext();
  const firstVisit = variantOf(await visit(await newBrowser.newPage(), '/products'));
  await newBrowser.close();

  const campaign = await visit(page, '/?utm_campaign=blackfriday');
  expect(variantOf(campaign), 'the campaign is a variant of its own').not.toBe(firstVisit);
  const original = await readSession(page.request);
  const token = (await cookieValue(context, SESSION_COOKIE))!;

  // Flip one character in the middle of the sealed token, and forge a B2B segment cookie for good measure.
  const middle = Math.floor(token.length / 2);
  const tampered = token.slice(0, middle) + (token[middle] === 'A' ? 'B' : 'A') + token.slice(middle + 1);
  const forgedSegment = Buffer.from(JSON.stringify({ channel: '3', priceTables: 'b2b-gold', campaigns: 'b2b-vip' })).toString('base64').replace(/=+$/, '');
  // Leave the campaign page first: its scripts would re-render it for the forged segment
  // (router.refresh()), and that request, carrying the campaign URL, would race the one below.
  await page.goto('about:blank');
  await context.addCookies([
    { name: SESSION_COOKIE, value: tampered, url: baseURL! },
    { name: SEGMENT_COOKIE, value: forgedSegment, url: baseURL! },
  ]);

  const response = await visit(page, '/products');
  // Exactly a first visit's variant: neither the campaign of the lost session nor the forged B2B segment.
  expect(variantOf(response)).toBe(firstVisit);
  expect(await renderedVariantOf(page)).toBe(firstVisit);
  await expect(page.getByRole('heading', { name: 'All products' })).toBeVisible();
  expect(plain(await productCard(page, 'stoneware-mug').getByTestId('price').textContent())).toBe('R$ 89,90');
  await expect(page.getByTestId('banner-blackfriday').filter({ visible: true })).toHaveCount(0);
  await expect(page.getByTestId('banner-b2b-vip').filter({ visible: true })).toHaveCount(0);

  const fresh = await cookieValue(context, SESSION_COOKIE);
  expect(fresh).toBeTruthy();
  expect(fresh).not.toBe(tampered);
  expect(fresh).not.toBe(token);
  const segmentToken = await cookieValue(context, SEGMENT_COOKIE);
  expect(segmentToken, 'a new segment cookie replaced the forged one').not.toBe(forgedSegment);
  const segment = await segmentCookie(context);
  expect(segment).toMatchObject({ channel: '1', priceTables: null, campaigns: null, utm_campaign: null });

  const session = await readSession(page.request);
  expect(session.id).not.toBe(original.id);
  expect(valueOf(session, 'public.utm_campaign')).toBeUndefined();
  expect(valueOf(session, 'store.channel')).toBe('1');
});
