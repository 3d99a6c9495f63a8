import { expect, test } from '@playwright/test';
import { PAULISTA, expectSameDocument, markDocument, picker, productCard, renderedVariant, visit } from './support';

test('a session update in one tab shows in another tab of the same browser', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await visit(first, '/products');
  await visit(second, '/p/potted-monstera');
  const secondVariant = await renderedVariant(second);
  await expect(second.getByTestId('product-detail').locator('[data-availability]')).toHaveText('Enter a postal code to check delivery');
  await markDocument(second);

  await picker(first).enter('BRA', PAULISTA);
  await expect(productCard(first, 'potted-monstera').locator('[data-availability]')).toHaveText('Not available in your region');

  // The other tab hears of the change and follows, without being reloaded by anyone.
  await expect(picker(second).status).toHaveText(new RegExp(`^Delivering to ${PAULISTA}`));
  await expect(second.getByTestId('product-detail').locator('[data-availability]')).toHaveText('Not available in your region');
  await expect(second.getByTestId('banner-sp-local')).toBeVisible();
  expect(await renderedVariant(second)).not.toBe(secondVariant);
  await expectSameDocument(second);
});
