// The member journey in each of the six languages: sign-up → "Mina produkter"
// → tiers → checkout → invoice, by a browser whose Accept-Language names the
// language (the portal offers it) and a member who chooses it at sign-up.
// Every page is checked with axe-core, for message ids and raw stored values
// (checkA11y does both), and kept for the Nu Html Checker (run.sh). Buttons
// and tabs are found by their text in that language's Fluent files, so a
// page in the wrong language fails. The black bar's switch is used once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { RESULTS_DIR, launchBrowser, messages, startPortal } from '../lib/portal.mjs';
import { ACTION_TIMEOUT, PASSWORD, activationLink, clickTo, flow, newCompany, nextSerial, whereAmI } from '../lib/members.mjs';

const R5 = { code: 'EOS-R5', points: 280, digits: 12 };
const PURCHASE = { date: '2021-01-01', country: 'SE', retailer: 'Foto AB' };

// Silver for a Swedish business: 1 150 kr + 25 % VAT, as each language writes it (CLDR).
const LANGS = [
  { code: 'sv', locale: 'sv-SE', total: '1 437,50 kr', date: /^\d{4}-\d{2}-\d{2}$/ },
  { code: 'en', locale: 'en-GB', total: 'SEK 1,437.50', date: /^\d{1,2} [A-Z][a-z]{2} \d{4}$/ },
  { code: 'nb', locale: 'nb-NO', total: '1 437,50 SEK', date: /^\d{2}\.\d{2}\.\d{4}$/ },
  { code: 'da', locale: 'da-DK', total: '1.437,50 SEK', date: /^\d{2}\.\d{2}\.\d{4}$/ },
  { code: 'fi', locale: 'fi-FI', total: '1 437,50 SEK', date: /^\d{1,2}\.\d{1,2}\.\d{4}$/ },
  { code: 'de', locale: 'de-DE', total: '1.437,50 SEK', date: /^\d{2}\.\d{2}\.\d{4}$/ },
];

const norm = (s) => s.replace(/\s+/g, ' ').trim();

let portal;
let browser;

before(async () => {
  await mkdir(RESULTS_DIR, { recursive: true });
  portal = await startPortal({ env: { CPS__BILLING__INVOICE_DELAY_MINUTES: '0' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

for (const lang of LANGS) {
  describe(`the member journey in ${lang.code}`, () => {
    test(`sign-up → products → tiers → checkout → invoice (${lang.code})`, async (t) => {
      const m = messages(lang.code);
      const msg = (id) => {
        assert.ok(m.has(id), `${id} in ${lang.code}`);
        return m.get(id);
      };
      const context = await browser.newContext({ locale: lang.locale, viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(ACTION_TIMEOUT);
      const page = await context.newPage();
      const { step, a11y } = flow(t, page);
      const c = newCompany();
      const bar = (id) => page.locator('header.bar nav.tabs-wide').getByRole('link', { name: msg(id), exact: true });
      try {
        await step('the sign-up page is offered in the browser\'s language', async () => {
          await page.goto(`${portal.baseUrl}/signup`);
          assert.equal(await page.locator('html').getAttribute('lang'), lang.code);
          assert.equal(await page.locator('#f-street').getAttribute('autocomplete'), 'address-line1');
          // Countries by their name in this language.
          const se = norm(await page.locator('#f-country option[value="SE"]').innerText());
          assert.equal(se, { sv: 'Sverige', en: 'Sweden', nb: 'Sverige', da: 'Sverige', fi: 'Ruotsi', de: 'Schweden' }[lang.code]);
        });
        await a11y(`sign-up (${lang.code})`);

        await step('sign up choosing the language, activate, log in', async () => {
          await page.locator('#f-company_name').fill(c.company_name);
          await page.locator('#f-country').selectOption('SE');
          await page.locator('#f-vat_number').fill(c.vat_number);
          await page.locator('#f-street').fill(c.street);
          await page.locator('#f-postal_code').fill(c.postal_code);
          await page.locator('#f-city').fill(c.city);
          await page.locator('#f-contact_name').fill(c.contact_name);
          await page.locator('#f-email').fill(c.email);
          await page.locator('#f-language').selectOption(lang.code);
          await clickTo(page, page.getByRole('button', { name: msg('signup-submit') }), '**/signup/sent');
          await page.goto(await activationLink(portal, c.email));
          await page.locator('#f-password').fill(PASSWORD);
          await page.locator('#f-password_confirm').fill(PASSWORD);
          await clickTo(page, page.getByRole('button', { name: msg('activate-submit') }), '**/login');
          await page.locator('#f-email').fill(c.email);
          await page.locator('#f-password').fill(PASSWORD);
          await clickTo(page, page.getByRole('main').getByRole('button', { name: msg('login-submit') }), `${portal.baseUrl}/products`);
          assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), msg('nav-my-products'));
        });
        await a11y(`${msg('nav-my-products')} (${lang.code}, new)`);

        await step('two complete products: 560 points', async () => {
          const csrf = await page.locator('input[name="csrf"]').first().getAttribute('value');
          for (let i = 0; i < 2; i++) {
            const res = await page.request.post(`${portal.baseUrl}/products`, {
              form: { csrf, model: R5.code, serial: nextSerial(R5), purchase_date: PURCHASE.date,
                purchase_country: PURCHASE.country, retailer: PURCHASE.retailer },
              maxRedirects: 0,
            });
            assert.equal(res.status(), 303, `register: ${await res.text()}`);
          }
          await page.goto(`${portal.baseUrl}/products`);
          assert.equal(await page.locator('html').getAttribute('lang'), lang.code, 'the member\'s language');
          assert.equal(await page.locator('main table.stack tbody tr').count(), 2);
        });
        await a11y(`${msg('nav-my-products')} (${lang.code}, two products)`);

        if (lang.code === 'sv') {
          await step('the black bar switches the language and back', async () => {
            const sw = page.locator('header.bar form.lang-switch');
            assert.deepEqual(await sw.locator('button').allInnerTexts(), ['SV', 'EN', 'NB', 'DA', 'FI', 'DE']);
            await clickTo(page, sw.getByRole('button', { name: 'DE', exact: true }), `${portal.baseUrl}/products`);
            assert.equal(await page.locator('html').getAttribute('lang'), 'de');
            assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), messages('de').get('nav-my-products'));
            await clickTo(page, page.locator('header.bar form.lang-switch').getByRole('button', { name: 'SV', exact: true }),
              `${portal.baseUrl}/products`);
            assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
          });
        }

        await step('the tiers', async () => {
          await clickTo(page, bar('nav-tiers'), `${portal.baseUrl}/tiers`);
        });
        await a11y(`${msg('nav-tiers')} (${lang.code})`);
        await step('Silver → checkout', async () => {
          await clickTo(page, page.locator('main a[href="/checkout?tier=SILVER"]'), `${portal.baseUrl}/checkout?tier=SILVER`);
        });
        await a11y(`checkout (${lang.code})`);
        await step('by bank transfer → review', async () => {
          await page.locator('#method-bank').check();
          await clickTo(page, page.getByRole('button', { name: msg('checkout-continue') }), /\/checkout\/review\?/);
          assert.ok(norm(await page.locator('main').innerText()).includes(lang.total), `${lang.total} on ${await whereAmI(page)}`);
        });
        await a11y(`review (${lang.code})`);

        await step('confirm: a member', async () => {
          await clickTo(page, page.getByRole('button', { name: msg('checkout-confirm') }), /\/checkout\/done\/\d+$/);
        });
        await a11y(`checkout done (${lang.code})`);

        await step('membership', async () => {
          await clickTo(page, bar('nav-membership'), `${portal.baseUrl}/membership`);
        });
        await a11y(`${msg('nav-membership')} (${lang.code})`);

        await step('the invoice is listed with its amount and date in the language', async () => {
          await clickTo(page, bar('nav-invoices'), `${portal.baseUrl}/invoices`);
          const deadline = Date.now() + 20_000;
          while ((await page.locator('main table.stack tbody tr').count()) === 0) {
            if (Date.now() > deadline) throw new Error(`no invoice within 20 s: ${await whereAmI(page)}`);
            await new Promise((r) => setTimeout(r, 1_000));
            await page.reload();
          }
          const cells = (await page.locator('main table.stack tbody tr').first().locator('th, td').allInnerTexts()).map(norm);
          assert.ok(cells.includes(lang.total), `${lang.total} in ${JSON.stringify(cells)}`);
          assert.ok(cells.some((x) => lang.date.test(x)), `a date like ${lang.date} in ${JSON.stringify(cells)}`);
        });
        await a11y(`${msg('nav-invoices')} (${lang.code})`);
        await step('the invoice page', async () => {
          await clickTo(page, page.locator('main table.stack tbody tr').first().getByRole('link'), /\/invoices\/\d+$/);
          const text = norm(await page.locator('main').innerText());
          assert.ok(text.includes(lang.total), `${lang.total} on the invoice page`);
          assert.ok(text.includes(msg('invoice-due')), `"${msg('invoice-due')}" on the invoice page`);
        });
        await a11y(`invoice (${lang.code})`);
      } finally {
        await context.close();
      }
    });
  });
}
