// "Vanliga frågor" in the browser, in Swedish: reached from the footer, the
// search finds the answer about the green check, and the products page links
// straight to it. Every page state is checked with axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { RESULTS_DIR, launchBrowser, startPortal } from '../lib/portal.mjs';
import { accountLoggedIn, clickTo, flow, swedishContext } from '../lib/members.mjs';

let portal;
let browser;

before(async () => {
  await mkdir(RESULTS_DIR, { recursive: true });
  portal = await startPortal();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

describe('faq (sv)', () => {
  test('the FAQ search in Swedish finds the answer about the green check', { timeout: 120_000 }, async (t) => {
    const { context, page } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);

    await step('the footer leads to "Vanliga frågor"', async () => {
      await page.goto(`${portal.baseUrl}/`);
      await clickTo(page, page.locator('footer').getByRole('link', { name: 'Vanliga frågor' }), /\/faq$/);
      assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), 'Vanliga frågor');
    });
    await a11y('Vanliga frågor');

    await step('searching "grön bock" puts the green check answer first', async () => {
      await page.getByLabel('Sök bland frågorna').fill('grön bock');
      await clickTo(page, page.getByRole('button', { name: 'Sök' }), /\/faq\?q=/);
      const first = page.locator('article.faq-item').first();
      assert.equal((await first.getByRole('heading', { level: 3 }).innerText()).trim(), 'Varför har min produkt ingen grön bock?');
      assert.match(await first.innerText(), /Visa produkt/);
    });
    await a11y('Vanliga frågor (sökresultat)');

    await step('"Mina produkter" links to the same answer', async () => {
      await accountLoggedIn(portal, page);
      await page.goto(`${portal.baseUrl}/products/new?model=EOS-R5`);
      await page.getByRole('button', { name: 'Registrera produkt' }).click();
      await page.waitForURL(/\/products$/);
      await clickTo(page, page.getByRole('link', { name: 'Varför har en produkt ingen grön bock?' }), /\/faq#green-check$/);
      const target = page.locator('#green-check');
      assert.ok(await target.isVisible());
    });
  });
});
