// Accounts in the browser, in Swedish: sign-up, activation mail, password,
// log-in (members land on "Mina produkter"), the logged-in shell (black bar,
// tabs, account menu), log-out; and the narrow (phone) layout of the shell. Every page state is checked with axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RESULTS_DIR, launchBrowser, startPortal } from '../lib/portal.mjs';
import {
  PASSWORD, accountLoggedIn, activationLink, clickTo, fillSignUp, flow, newCompany, swedishContext,
} from '../lib/members.mjs';

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

describe('accounts (sv)', () => {
  test('sign-up, activation, password, log-in and log-out', { timeout: 180_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);
    const c = newCompany();
    let link;

    await step('start page', async () => {
      const res = await page.goto(`${portal.baseUrl}/`);
      assert.equal(res.status(), 200);
      assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
      await page.getByRole('heading', { level: 1 }).waitFor();
      const signUp = page.getByRole('link', { name: 'Skapa företagskonto' });
      assert.equal(await signUp.getAttribute('href'), '/signup');
      assert.ok((await page.getByRole('link', { name: 'Logga in' }).count()) >= 1, 'a "Logga in" link');
    });
    await a11y('start page');

    await step('go to sign-up', async () => {
      await clickTo(page, page.getByRole('link', { name: 'Skapa företagskonto' }), `${portal.baseUrl}/signup`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await page.getByLabel('Företagets namn').getAttribute('id'), 'f-company_name');
      assert.equal(await page.getByLabel('Momsregistreringsnummer').getAttribute('id'), 'f-vat_number');
      await page.screenshot({ path: join(RESULTS_DIR, 'signup.png'), fullPage: true });
    });
    await a11y('sign-up form');

    await step('empty sign-up shows the error summary (422)', async () => {
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${portal.baseUrl}/signup` && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Skapa konto' }).click(),
      ]);
      await page.waitForLoadState();
      const shown = await page.locator('main').innerText();
      assert.equal(res.status(), 422, `POST /signup answered ${res.status()}: ${shown.replace(/\s+/g, ' ').slice(0, 200)}`);
      const summary = page.locator('.error-summary');
      await summary.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
      const links = summary.getByRole('link');
      const n = await links.count();
      assert.ok(n >= 1, 'the summary lists the errors');
      for (let i = 0; i < n; i++) {
        const href = await links.nth(i).getAttribute('href');
        assert.match(href, /^#f-[a-z_]+$/, `summary link ${i} points at a field`);
        const field = page.locator(href);
        assert.equal(await field.count(), 1, `${href} exists`);
        assert.equal(await field.getAttribute('aria-invalid'), 'true', `${href} is marked invalid`);
        const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
        assert.ok(describedBy.split(/\s+/).includes(`${href.slice(1)}-error`), `${href} is described by its error`);
      }
      assert.equal(await summary.locator('a[href="#f-company_name"]').count(), 1, 'company name is reported');
      // Following a summary link puts the keyboard on the field.
      await summary.locator('a[href="#f-company_name"]').click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-company_name');
      await page.screenshot({ path: join(RESULTS_DIR, 'signup-errors.png'), fullPage: true });
    });
    await a11y('sign-up form with errors');

    await step('sign-up sends the mail', async () => {
      await fillSignUp(page, c);
      await clickTo(page, page.getByRole('button', { name: 'Skapa konto' }), `${portal.baseUrl}/signup/sent`);
      await page.getByRole('heading', { level: 1, name: 'Kontrollera din e-post' }).waitFor();
    });
    await a11y('sign-up sent');

    await step('activation mail in the outbox', async () => {
      link = await activationLink(portal, c.email);
      assert.ok(link.startsWith(`${portal.baseUrl}/activate/`));
    });

    await step('activation link opens the password page', async () => {
      const res = await page.goto(link);
      assert.equal(res.status(), 200);
      await page.getByRole('heading', { level: 1, name: 'Ange ett nytt lösenord' }).waitFor();
      assert.equal(await page.getByLabel('Nytt lösenord').getAttribute('id'), 'f-password');
      assert.equal(await page.getByLabel('Upprepa lösenordet').getAttribute('id'), 'f-password_confirm');
    });
    await a11y('set password');

    await step('setting the password leads to the login page with a flash', async () => {
      await page.locator('#f-password').fill(PASSWORD);
      await page.locator('#f-password_confirm').fill(PASSWORD);
      await clickTo(page, page.getByRole('button', { name: 'Spara lösenord' }), `${portal.baseUrl}/login`);
      const flash = page.locator('.flash[role="status"]');
      await flash.waitFor();
      assert.equal((await flash.innerText()).trim(), 'Ditt lösenord är sparat. Logga in för att fortsätta.');
    });
    await a11y('login with flash');

    await step('log in lands on "Mina produkter" in the black bar shell', async () => {
      await page.locator('#f-email').fill(c.email);
      await page.locator('#f-password').fill(PASSWORD);
      await clickTo(page, page.getByRole('main').getByRole('button', { name: 'Logga in' }), `${portal.baseUrl}/products`);
      const h1 = page.getByRole('heading', { level: 1 });
      assert.equal((await h1.innerText()).trim(), 'Mina produkter');
      assert.equal(await page.getByRole('heading', { name: /^Välkommen/ }).count(), 0, 'no "Välkommen" heading any more');
      const barColour = await page.locator('header.bar').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(barColour, 'rgb(0, 0, 0)', 'the top bar is black');
      const tabs = page.locator('header.bar nav.tabs-wide a');
      assert.deepEqual((await tabs.allInnerTexts()).map((s) => s.trim()),
        ['Mina produkter', 'CPS-nivåer', 'Medlemskap', 'Fakturor', 'Service', 'Support'], 'the member tabs');
      assert.deepEqual(await tabs.evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
        ['/products', '/tiers', '/membership', '/invoices', '/service', '/support']);
      const current = page.locator('header.bar nav.tabs-wide a[aria-current="page"]');
      assert.equal(await current.count(), 1, 'one current tab');
      assert.equal((await current.innerText()).trim(), 'Mina produkter');
      assert.equal(await current.getAttribute('href'), '/products');
      assert.ok(await current.isVisible(), 'the wide tabs are visible on a wide screen');
      assert.ok(!(await page.locator('details.tabs-narrow').isVisible()), 'the narrow menu is hidden on a wide screen');
      await page.screenshot({ path: join(RESULTS_DIR, 'logged-in.png'), fullPage: true });
    });
    await a11y('Mina produkter after log-in');

    await step('"/" takes a member to "Mina produkter"', async () => {
      await page.goto(`${portal.baseUrl}/`);
      assert.equal(page.url(), `${portal.baseUrl}/products`);
      assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), 'Mina produkter');
    });

    await step('account menu opens', async () => {
      const menu = page.locator('details.account-menu');
      const summary = menu.locator('summary');
      assert.ok((await summary.innerText()).includes(c.email), 'the menu button shows the email');
      await summary.click();
      assert.equal(await menu.getAttribute('open'), '');
      await menu.getByRole('link', { name: 'Kontoinställningar' }).waitFor();
      await menu.getByRole('button', { name: 'Logga ut' }).waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'logged-in-account-menu.png'), fullPage: true });
    });
    await a11y('Mina produkter with account menu open');

    await step('log out ends on the login page', async () => {
      await clickTo(page, page.locator('details.account-menu').getByRole('button', { name: 'Logga ut' }), `${portal.baseUrl}/login`);
      await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
      assert.equal(await page.locator('details.account-menu').count(), 0, 'no account menu after log-out');
      // The session is gone: the start page is the visitor's again.
      await page.goto(`${portal.baseUrl}/`);
      assert.equal(await page.getByRole('link', { name: 'Skapa företagskonto' }).count(), 1);
    });

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });

  test('narrow viewport: tabs collapse into the "Meny" details', { timeout: 120_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser, { viewport: { width: 390, height: 844 } });
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);

    await step('logged in on a phone-sized screen', async () => {
      await accountLoggedIn(portal, page);
      assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), 'Mina produkter');
    });

    await step('wide tabs hidden, "Meny" shown', async () => {
      assert.ok(!(await page.locator('nav.tabs-wide').isVisible()), 'wide tabs are hidden');
      const menu = page.locator('details.tabs-narrow');
      assert.ok(await menu.isVisible(), 'the narrow menu is visible');
      assert.equal((await menu.locator('summary').innerText()).trim(), 'Meny');
      assert.equal(await menu.getAttribute('open'), null, 'closed at first');
      await page.screenshot({ path: join(RESULTS_DIR, 'logged-in-narrow.png'), fullPage: true });
    });
    await a11y('Mina produkter (narrow)');

    await step('"Meny" opens and shows the current tab', async () => {
      const menu = page.locator('details.tabs-narrow');
      await menu.locator('summary').click();
      assert.equal(await menu.getAttribute('open'), '');
      const current = menu.locator('a[aria-current="page"]');
      await current.waitFor({ state: 'visible' });
      assert.equal((await current.innerText()).trim(), 'Mina produkter');
      assert.equal(await current.getAttribute('href'), '/products');
      await page.screenshot({ path: join(RESULTS_DIR, 'logged-in-narrow-menu.png'), fullPage: true });
    });
    await a11y('Mina produkter (narrow, menu open)');

    await step('no horizontal scrolling at 390 px', async () => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `page is ${width} px wide`);
    });

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });
});
