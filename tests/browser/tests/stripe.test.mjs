// Checkout by card through Stripe, in the browser, against localstripe (a
// fake Stripe on 127.0.0.1, started here) and its Stripe.js replacement: the
// card is typed into the card element on the checkout page, saved with a
// SetupIntent (the number goes to the fake Stripe only), the review names
// the saved card, the order is confirmed, and the invoice appears under
// "Fakturor" with its PDF. Pages the portal draws are checked with axe-core;
// localstripe's stand-in card element is not (Stripe's real one is an iframe
// with its own labels).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR, launchBrowser, startPortal } from '../lib/portal.mjs';
import { accountLoggedIn, clickTo, flow, registerComplete, swedishContext } from '../lib/members.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const R5 = { code: 'EOS-R5', name: 'EOS R5', points: 280, digits: 12 };
const FIVE_D = { code: 'EOS-5D-MK3', name: 'EOS 5D Mark III', points: 235, digits: 12 };
const PURCHASE = { date: '2021-01-01', country: 'SE', retailer: 'Foto AB' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const norm = (s) => s.replace(/\s+/g, ' ').trim();

let portal;
let browser;
let stripe;
let stripeBase;

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startLocalStripe() {
  const port = await freePort();
  const script = join(here, '..', '..', '..', 'scripts', 'fake_stripe.py');
  stripe = spawn('python3', [script, String(port)], { stdio: 'ignore' });
  stripeBase = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    try {
      const res = await fetch(`${stripeBase}/js.stripe.com/v3/`);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await sleep(100);
  }
  throw new Error(`localstripe did not start (python3 ${script}; pip install localstripe)`);
}

before(async () => {
  await mkdir(RESULTS_DIR, { recursive: true });
  await startLocalStripe();
  portal = await startPortal({
    env: {
      CPS__BILLING__INVOICE_DELAY_MINUTES: '0',
      CPS__PAYMENTS__GATEWAY: 'stripe',
      CPS__PAYMENTS__STRIPE__API_BASE: stripeBase,
      CPS__PAYMENTS__STRIPE__JS_URL: `${stripeBase}/js.stripe.com/v3/`,
      CPS__PAYMENTS__STRIPE__PUBLISHABLE_KEY: 'pk_test_cps_browser',
      CPS__PAYMENTS__STRIPE__SECRET_KEY: 'sk_test_cps_browser',
      CPS__PAYMENTS__STRIPE__WEBHOOK_SECRET: 'whsec_cps_browser',
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
  stripe?.kill();
});

describe('checkout with Stripe (sv)', () => {
  test('a card typed into Stripe.js is saved, named on the review, and the invoice follows', { timeout: 180_000 }, async (t) => {
    const { context, page } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);

    await step('a business with 515 points opens the Silver checkout', async () => {
      await accountLoggedIn(portal, page);
      await registerComplete(portal.baseUrl, page, R5, PURCHASE);
      await registerComplete(portal.baseUrl, page, FIVE_D, PURCHASE);
      await page.goto(`${portal.baseUrl}/tiers`);
      await clickTo(page, page.getByRole('link', { name: 'Välj Silver' }), `${portal.baseUrl}/checkout?tier=SILVER`);
      await page.getByText('Kortuppgifter', { exact: true }).waitFor();
      assert.equal(await page.locator('#f-card').count(), 0, 'no sandbox test cards when Stripe is used');
    });

    await step('the card goes into the Stripe card element and the review names it', async () => {
      await page.getByRole('radio', { name: 'Kort', exact: true }).check();
      const card = page.locator('#card-element');
      await card.locator('input[placeholder="number"]').fill('4242424242424242');
      await card.locator('input[placeholder="exp_month"]').fill('12');
      await card.locator('input[placeholder="exp_year"]').fill('34');
      await card.locator('input[placeholder="cvc"]').fill('123');
      await card.locator('input[placeholder="postal_code"]').fill('11122');
      await clickTo(page, page.getByRole('button', { name: 'Gå vidare till betalning' }), /\/checkout\/review\?/);
      const params = Object.fromEntries(new URL(page.url()).searchParams);
      assert.match(params.card, /^seti_/, 'a SetupIntent id, never a card number');
      assert.ok(!page.url().includes('4242'), 'the card number is not in the address');
      await page.getByText('Kort – Visa •••• 4242').waitFor();
    });
    await a11y('Kontrollera beställningen (Stripe)');

    await step('confirming lands on the welcome page and the invoice appears with its PDF', async () => {
      await clickTo(page, page.getByRole('button', { name: 'Bekräfta beställningen' }), /\/checkout\/done\/\d+$/);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Välkommen som Silver-medlem');
      const deadline = Date.now() + 20_000;
      for (;;) {
        await page.goto(`${portal.baseUrl}/invoices`);
        if (await page.locator('main table.stack tbody tr').count() > 0) break;
        if (Date.now() > deadline) throw new Error('no invoice within 20 s');
        await sleep(1_000);
      }
      await clickTo(page, page.locator('main table.stack tbody tr th a').first(), /\/invoices\/\d+$/);
      const href = await page.getByRole('link', { name: 'Ladda ner PDF' }).getAttribute('href');
      const res = await page.request.get(`${portal.baseUrl}${href}`);
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      assert.equal((await res.body()).subarray(0, 5).toString(), '%PDF-');
    });
    await a11y('Fakturan (Stripe)');
  });
});
