import { expect, test } from '@playwright/test';
import { readSession, screenshot, variantOf, visit } from './support';

test('the session inspector shows the namespaces, the variant and, with debug on, the transform trace', async ({ page }) => {
  const response = await visit(page, '/session');
  const code = variantOf(response);
  await expect(page.getByTestId('variant-code').filter({ visible: true })).toHaveText(code);
  await expect(page.getByTestId('variant-segment').filter({ visible: true })).toContainText('pt-BR');

  const session = await readSession(page.request);
  await expect(page.getByTestId('session-id').filter({ visible: true })).toHaveText(session.id);
  await expect(page.locator('[data-namespace="store"]').filter({ visible: true })).toContainText('currencyCode');
  await expect(page.locator('[data-namespace="account"]').filter({ visible: true })).toContainText('demostore');
  await expect(page.getByTestId('segment-cookie').filter({ visible: true })).toContainText('BRL');

  await page.getByRole('button', { name: 'Turn debug on' }).click();
  await expect(page.getByRole('button', { name: 'Turn debug off' })).toBeVisible();
  await expect(page.getByTestId('trace').filter({ visible: true })).toBeVisible();

  await page.getByLabel('Key', { exact: true }).fill('utm_campaign');
  await page.getByLabel('Value', { exact: true }).fill('blackfriday');
  await page.getByRole('button', { name: 'Write to public' }).click();
  const trace = page.getByTestId('trace').filter({ visible: true });
  await expect(trace.locator('tbody tr').filter({ hasText: 'rnb' })).toContainText('rnb.campaigns');
  await expect(trace).toContainText('public.utm_campaign');

  // The audience changed the variant: the page was rendered again for the new one.
  await expect(page.getByTestId('variant-code').filter({ visible: true })).not.toHaveText(code);
  await expect(page.getByTestId('variant-segment').filter({ visible: true })).toContainText('blackfriday');
  await expect(page.locator('[data-namespace="rnb"]').filter({ visible: true })).toContainText('blackfriday');
  await screenshot(page, 'session-inspector');
});

/** A write through the Sessions API answers with the trace only while the session's debug flag is on. */
async function traceOnWrite(request: import('@playwright/test').APIRequestContext): Promise<unknown> {
  const response = await request.patch('/api/sessions', { data: { public: { utm_source: { value: 'inspector' } } } });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { trace?: unknown }).trace;
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the debug switch is a server action: the page comes back with the trace', async ({ page }) => {
    // No provider runs: the page starts no session, the first write does.
    await visit(page, '/session', { scripts: false });
    expect(await traceOnWrite(page.request)).toBeUndefined();

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Turn debug on' }).click()]);
    await expect(page.getByRole('button', { name: 'Turn debug off' })).toBeVisible();
    await expect(page.getByTestId('trace').filter({ visible: true })).toBeVisible();
    expect(await traceOnWrite(page.request)).toEqual(expect.any(Array));

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Turn debug off' }).click()]);
    await expect(page.getByRole('button', { name: 'Turn debug on' })).toBeVisible();
    await expect(page.getByTestId('trace').filter({ visible: true })).toHaveCount(0);
    expect(await traceOnWrite(page.request)).toBeUndefined();
  });
});

test('the debug switch with JavaScript turns the flag on the session on and off', async ({ page }) => {
  await visit(page, '/session');
  await expect(page.getByTestId('session-id').filter({ visible: true })).not.toHaveText('…');
  await page.getByRole('button', { name: 'Turn debug on' }).click();
  await expect(page.getByTestId('trace').filter({ visible: true })).toBeVisible();
  expect(await traceOnWrite(page.request)).toEqual(expect.any(Array));
  await page.getByRole('button', { name: 'Turn debug off' }).click();
  await expect(page.getByRole('button', { name: 'Turn debug on' })).toBeVisible();
  await expect(page.getByTestId('trace').filter({ visible: true })).toHaveCount(0);
  expect(await traceOnWrite(page.request)).toBeUndefined();
});
