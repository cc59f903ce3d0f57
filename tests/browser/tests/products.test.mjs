// "Mina produkter" in the browser, in Swedish: registering a product found with
// the JavaScript suggestions (and without JavaScript), completing it later,
// the points history, migrating products from the old CPS system, the
// invitation at 500 points, and the phone layout of the products table.
// Every page state is checked with axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESULTS_DIR, launchBrowser, startPortal, waitForMail } from '../lib/portal.mjs';
import {
  accountLoggedIn, clickTo, flow, newCompany, scriptedTwin, serial, swedishContext, whereAmI,
} from '../lib/members.mjs';

const FIVE_D = { code: 'EOS-5D-MK3', name: 'EOS 5D Mark III', points: 235 };
const R5 = { code: 'EOS-R5', name: 'EOS R5', points: 280 };
const EF40 = { code: 'EF-40-F28-STM', name: 'EF 40mm f/2.8 STM', points: 15 };

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

const norm = (s) => s.replace(/\s+/g, ' ').trim();

/** The text of the flash message, which must be there. */
async function flashText(page) {
  const flash = page.locator('.flash[role="status"]');
  try {
    await flash.waitFor();
  } catch {
    throw new Error(`no flash message on ${await whereAmI(page)}`);
  }
  return norm(await flash.innerText());
}

/** The products table row of a model (the row header holds the model name). */
function productRow(page, model) {
  return page.locator('table.stack tbody tr').filter({ has: page.locator('th', { hasText: model }) });
}

/** The texts of a product row, by column label. */
async function rowTexts(row) {
  return row.locator('th, td').evaluateAll((cells) =>
    Object.fromEntries(cells.map((c) => [c.dataset.label, c.innerText.replace(/\s+/g, ' ').trim()])));
}

/** "Totalt: N poäng" on /products. */
async function totalText(page) {
  return norm(await page.locator('.points-summary strong.points-total').innerText());
}

/**
 * Register a product through /products/new?model=CODE (the search result link)
 * and land on /products. Blank fields stay blank.
 */
async function registerProduct(page, model, { serial: sn, date = '', country = '', retailer = '' }) {
  await page.goto(`${portal.baseUrl}/products/new?model=${encodeURIComponent(model.code)}`);
  await page.getByRole('heading', { level: 2, name: model.name }).waitFor();
  await page.locator('#f-serial').fill(sn);
  await page.locator('#f-purchase_date').fill(date);
  if (country) await page.locator('#f-purchase_country').selectOption(country);
  await page.locator('#f-retailer').fill(retailer);
  await clickTo(page, page.getByRole('button', { name: 'Registrera produkt' }), `${portal.baseUrl}/products`);
}

/** Computed style facts of the amber / green status badges of a row. */
async function statusOf(row) {
  const ok = row.locator('.status.status-ok');
  const warn = row.locator('.status.status-warn');
  return {
    ok: (await ok.count()) ? norm(await ok.innerText()) : null,
    warn: (await warn.count()) ? norm(await warn.innerText()) : null,
    missing: (await row.locator('.missing').count()) ? norm(await row.locator('.missing').innerText()) : null,
  };
}

describe('products (sv)', () => {
  test('register with suggestions, incomplete, complete it, history', { timeout: 180_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);
    const sn = serial(12);
    let productUrl;

    await step('a new member lands on an empty "Mina produkter"', async () => {
      await accountLoggedIn(portal, page);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Mina produkter');
      assert.equal(await totalText(page), '0 poäng');
      assert.match(norm(await page.locator('.points-summary').innerText()), /^Totalt: 0 poäng\b/);
      const progress = page.locator('.points-summary progress');
      assert.equal(await progress.getAttribute('value'), '0');
      assert.equal(await progress.getAttribute('max'), '500');
      await page.getByText('500 poäng kvar till Silver', { exact: true }).waitFor();
      // No old email given at sign-up: no button, but the explanation.
      assert.equal(await page.getByRole('button', { name: 'MIGRERA PRODUKTER' }).count(), 0);
      const notice = norm(await page.locator('.notice').innerText());
      assert.ok(notice.startsWith('Ser ni inte den blå knappen ”MIGRERA PRODUKTER”?'), `notice: ${notice}`);
      assert.equal(await page.locator('table.stack').count(), 0, 'no table without products');
      await page.screenshot({ path: join(RESULTS_DIR, 'products-empty.png'), fullPage: true });
    });
    await a11y('Mina produkter (empty)');

    await step('"Registrera produkt" opens the search', async () => {
      const link = page.getByRole('main').getByRole('link', { name: 'Registrera produkt' });
      assert.equal(await link.getAttribute('href'), '/products/new');
      await clickTo(page, link, `${portal.baseUrl}/products/new`);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Registrera produkt');
      assert.equal(await page.getByLabel('Sök modell').getAttribute('id'), 'f-q');
      await page.getByRole('button', { name: 'Sök' }).waitFor();
    });
    await a11y('Registrera produkt (search)');

    await step('typing "5D Mark" suggests EOS 5D Mark III', async () => {
      await page.locator('#f-q').pressSequentially('5D Mark', { delay: 30 });
      const suggestion = page.locator('#suggestions').getByRole('link', { name: FIVE_D.name, exact: true });
      await suggestion.waitFor();
      assert.equal(await suggestion.getAttribute('href'), `/products/new?model=${FIVE_D.code}`);
      await page.screenshot({ path: join(RESULTS_DIR, 'products-suggestions.png'), fullPage: true });
    });
    await a11y('Registrera produkt (suggestions shown)');

    await step('choosing the suggestion shows the model and its points', async () => {
      const suggestion = page.locator('#suggestions').getByRole('link', { name: FIVE_D.name, exact: true });
      await clickTo(page, suggestion, `${portal.baseUrl}/products/new?model=${FIVE_D.code}`);
      await page.getByRole('heading', { level: 2, name: FIVE_D.name }).waitFor();
      await page.getByText('Ger 235 poäng när registreringen är fullständig.', { exact: true }).waitFor();
      for (const [label, id] of [['Serienummer', 'f-serial'], ['Inköpsdatum', 'f-purchase_date'],
        ['Inköpsland', 'f-purchase_country'], ['Återförsäljare', 'f-retailer']]) {
        assert.equal(await page.getByLabel(label).getAttribute('id'), id, `"${label}" labels #${id}`);
      }
      await page.screenshot({ path: join(RESULTS_DIR, 'products-register.png'), fullPage: true });
    });
    await a11y('Registrera produkt (model chosen)');

    await step('registering without country and retailer: amber "Ofullständig", 0 points', async () => {
      await page.locator('#f-serial').fill(sn);
      await page.locator('#f-purchase_date').fill('2014-03');
      await clickTo(page, page.getByRole('button', { name: 'Registrera produkt' }), `${portal.baseUrl}/products`);
      const flash = await flashText(page);
      assert.ok(flash.startsWith('Produkten är registrerad men ofullständig'), `flash: ${flash}`);
      const row = productRow(page, FIVE_D.name);
      assert.equal(await row.count(), 1);
      const cells = await rowTexts(row);
      assert.equal(cells['Serienummer'], sn);
      assert.equal(cells['Poäng'], '0 poäng');
      const status = await statusOf(row);
      assert.equal(status.warn, 'Ofullständig');
      assert.equal(status.ok, null);
      assert.equal(status.missing, 'Saknas: inköpsland, återförsäljare');
      const amber = await row.locator('.status-warn').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(amber, 'rgb(255, 244, 214)', 'the badge is amber');
      const view = row.getByRole('link', { name: /^Visa produkt/ });
      assert.equal(norm(await view.innerText()), 'Visa produkt');
      assert.match(await view.getAttribute('href'), /^\/products\/\d+$/);
      assert.equal(await totalText(page), '0 poäng');
    });
    await a11y('Mina produkter (one incomplete product)');

    await step('"Visa produkt" shows the details prefilled', async () => {
      const view = productRow(page, FIVE_D.name).getByRole('link', { name: /^Visa produkt/ });
      productUrl = `${portal.baseUrl}${await view.getAttribute('href')}`;
      await clickTo(page, view, productUrl);
      assert.equal(await page.locator('#f-serial').inputValue(), sn);
      // "YYYY-MM" is stored as a date: the form gives it back as the 1st of the month.
      assert.match(await page.locator('#f-purchase_date').inputValue(), /^2014-03(-01)?$/);
      assert.equal(await page.locator('#f-purchase_country').inputValue(), '');
      assert.equal(await page.locator('#f-retailer').inputValue(), '');
      assert.equal(norm(await page.locator('main .status-warn').innerText()), 'Ofullständig');
      await page.getByRole('button', { name: 'Spara uppgifter' }).waitFor();
      assert.match(await page.getByRole('link', { name: 'Ta bort produkt' }).getAttribute('href'), /\/remove$/);
      await page.screenshot({ path: join(RESULTS_DIR, 'product-view.png'), fullPage: true });
    });
    await a11y('Visa produkt (incomplete)');

    await step('completing the details saves them and gives the green check', async () => {
      await page.locator('#f-purchase_country').selectOption('SE');
      await page.locator('#f-retailer').fill('Foto AB');
      await clickTo(page, page.getByRole('button', { name: 'Spara uppgifter' }), productUrl);
      assert.equal(await flashText(page), 'Uppgifterna är sparade.');
      assert.equal(norm(await page.locator('main .status-ok').innerText()), '✓ Registrerad');
      assert.equal(await page.locator('main .status-warn').count(), 0);
      assert.equal(await page.locator('#f-retailer').inputValue(), 'Foto AB');
    });
    await a11y('Visa produkt (saved, complete)');

    await step('"Mina produkter" shows the green check and 235 points', async () => {
      await page.goto(`${portal.baseUrl}/products`);
      const row = productRow(page, FIVE_D.name);
      const status = await statusOf(row);
      assert.equal(status.ok, '✓ Registrerad');
      assert.equal(status.warn, null);
      assert.equal(status.missing, null);
      const green = await row.locator('.status-ok').evaluate((el) => getComputedStyle(el).color);
      assert.equal(green, 'rgb(30, 126, 52)', 'the check is green');
      const cells = await rowTexts(row);
      assert.equal(cells['Poäng'], '235 poäng');
      assert.equal(cells['Inköpsland'], 'Sverige');
      assert.equal(cells['Återförsäljare'], 'Foto AB');
      assert.equal(await totalText(page), '235 poäng');
      await page.getByText('265 poäng kvar till Silver', { exact: true }).waitFor();
    });
    await a11y('Mina produkter (one complete product)');

    await step('the points history shows +235', async () => {
      await clickTo(page, page.getByRole('link', { name: /^Poänghistorik/ }), `${portal.baseUrl}/products/history`);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Poänghistorik');
      const amounts = (await page.locator('table.stack tbody td[data-label="Poäng"]').allInnerTexts()).map(norm);
      assert.deepEqual(amounts, ['+235']);
      const row = norm(await page.locator('table.stack tbody tr').first().innerText());
      assert.ok(row.includes(FIVE_D.name), `history row names the product: ${row}`);
    });
    await a11y('Poänghistorik');

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });

  test('search without JavaScript', { timeout: 120_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser, { javaScriptEnabled: false });
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);
    // axe needs JavaScript: check the same URL in a scripted twin with this session.
    const twin = () => scriptedTwin(browser, context, page);

    await step('"Sök" lists the matching models as links', async () => {
      await accountLoggedIn(portal, page);
      await page.goto(`${portal.baseUrl}/products/new`);
      await page.locator('#f-q').fill('5D Mark');
      await clickTo(page, page.getByRole('button', { name: 'Sök' }), /\/products\/new\?q=5D/);
      const result = page.getByRole('main').getByRole('link', { name: FIVE_D.name, exact: true });
      assert.equal(await result.getAttribute('href'), `/products/new?model=${FIVE_D.code}`);
    });
    await a11y('Registrera produkt (search results)', twin);

    await step('a result opens the registration form', async () => {
      const result = page.getByRole('main').getByRole('link', { name: FIVE_D.name, exact: true });
      await clickTo(page, result, `${portal.baseUrl}/products/new?model=${FIVE_D.code}`);
      await page.getByRole('heading', { level: 2, name: FIVE_D.name }).waitFor();
      await page.locator('#f-serial').waitFor();
    });
    await a11y('Registrera produkt (model chosen from the results)', twin);

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });

  test('migration of the old CPS account (old email = login email)', { timeout: 180_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);
    const c = newCompany();
    c.old_email = c.email;
    const camera = serial(12);
    const lens = serial(10);

    await step('import the legacy export with CPS_BIN import-legacy', async () => {
      const file = join(portal.dir, `legacy-${c.tag}.csv`);
      const account = `${c.email},Ljus Studio ${c.tag},SE,CPS-${randomInt(100000, 999999)}`;
      await writeFile(file, [
        'email,name,country,legacy_number,model,serial,purchase_date,purchase_country,retailer',
        `${account},${FIVE_D.name},${camera},2014-03-01,SE,Foto AB`,
        `${account},${EF40.name},${lens},,,`,
        '',
      ].join('\n'));
      const { stdout } = await portal.cli('import-legacy', file);
      assert.match(stdout, /accounts 1 added/, stdout);
      assert.match(stdout, /products 2 added/, stdout);
    });

    await step('sign-up with the old email = login email shows "MIGRERA PRODUKTER"', async () => {
      await accountLoggedIn(portal, page, c);
      const button = page.getByRole('button', { name: 'MIGRERA PRODUKTER' });
      assert.ok(await button.isVisible(), 'the button is shown');
      const bg = await button.evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(bg, 'rgb(11, 92, 213)', 'the button is blue');
      const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
      const b = await button.boundingBox();
      assert.ok(b.x >= h1.x + h1.width, `the button (x=${b.x}) is right of the h1 (ends at ${h1.x + h1.width})`);
      assert.ok(b.y < h1.y + h1.height && b.y + b.height > h1.y, 'the button is on the h1 line');
      const notice = norm(await page.locator('.notice').innerText());
      assert.ok(notice.includes(c.email) && notice.includes('2 produkter'), `notice: ${notice}`);
      assert.equal(await page.locator('table.stack').count(), 0, 'nothing migrated yet');
      await page.screenshot({ path: join(RESULTS_DIR, 'products-migrate.png'), fullPage: true });
    });
    await a11y('Mina produkter (migration available)');

    await step('pressing the button migrates: one green, one amber, button gone', async () => {
      await clickTo(page, page.getByRole('button', { name: 'MIGRERA PRODUKTER' }), `${portal.baseUrl}/products`);
      const flash = await flashText(page);
      assert.ok(flash.startsWith('Produkterna är migrerade'), `flash: ${flash}`);
      assert.equal(await page.getByRole('button', { name: 'MIGRERA PRODUKTER' }).count(), 0, 'the button is gone');
      assert.equal(await page.locator('table.stack').first().locator('tbody tr').count(), 2);

      const cam = productRow(page, FIVE_D.name);
      assert.equal(norm(await cam.locator('.tag').innerText()), 'Migrerad');
      assert.equal((await statusOf(cam)).ok, '✓ Registrerad');
      const camCells = await rowTexts(cam);
      assert.equal(camCells['Serienummer'], camera);
      assert.equal(camCells['Poäng'], '235 poäng');

      const ef = productRow(page, EF40.name);
      assert.equal(norm(await ef.locator('.tag').innerText()), 'Migrerad');
      const efStatus = await statusOf(ef);
      assert.equal(efStatus.warn, 'Ofullständig');
      assert.equal(efStatus.missing, 'Saknas: inköpsdatum, inköpsland, återförsäljare');
      assert.equal((await rowTexts(ef))['Poäng'], '0 poäng');
      await ef.getByRole('link', { name: /^Visa produkt/ }).waitFor();

      assert.equal(await totalText(page), '235 poäng');
      assert.equal(await page.locator('#migration-problems').count(), 0, 'nothing was left behind');
      await page.screenshot({ path: join(RESULTS_DIR, 'products-migrated.png'), fullPage: true });
    });
    await a11y('Mina produkter (migrated)');

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });

  test('invitation at 500 points: banner and mail', { timeout: 180_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);
    let c;
    const banner = () => page.locator('.banners .banner');

    await step('235 points: no invitation yet', async () => {
      c = await accountLoggedIn(portal, page);
      await registerProduct(page, FIVE_D, { serial: serial(12), date: '2013-05-20', country: 'SE', retailer: 'Foto AB' });
      const flash = await flashText(page);
      assert.ok(flash.endsWith('och poängen är tilldelade.'), `flash: ${flash}`);
      assert.equal(await totalText(page), '235 poäng');
      assert.equal(await banner().count(), 0, 'no banner under 500 points');
    });
    await a11y('Mina produkter (235 points)');

    await step('515 points: the banner invites to CPS', async () => {
      await registerProduct(page, R5, { serial: serial(12), date: '2021-02', country: 'NO', retailer: 'Foto AB' });
      assert.equal(await totalText(page), '515 poäng');
      await banner().waitFor();
      const text = norm(await banner().innerText());
      assert.ok(text.startsWith('Grattis! Ni har minst 500 poäng och är inbjudna att gå med i CPS.'), `banner: ${text}`);
      const link = banner().getByRole('link', { name: 'Se tillgängliga CPS-nivåer' });
      assert.equal(await link.getAttribute('href'), '/tiers'); // /tiers itself: tiers.test.mjs
      // The banner sits under the black bar, above the page.
      const bar = await page.locator('header.bar').boundingBox();
      const box = await banner().boundingBox();
      const main = await page.locator('main').boundingBox();
      assert.ok(box.y >= bar.y + bar.height && box.y + box.height <= main.y + 1, 'banner between the bar and main');
      // Past 500 the progress bar points at the next tier (Gold at 1 000).
      await page.locator('.points-summary').getByText('485 poäng kvar till Gold', { exact: true }).waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'products-invited.png'), fullPage: true });
    });
    await a11y('Mina produkter (invited)');

    await step('the banner stays on other pages', async () => {
      await page.goto(`${portal.baseUrl}/products/history`);
      await banner().getByRole('link', { name: 'Se tillgängliga CPS-nivåer' }).waitFor();
    });
    await a11y('Poänghistorik (invited)');

    await step('the invitation mail is in the outbox', async () => {
      const mail = await waitForMail(portal.outboxDir,
        (text) => text.includes(c.email) && /^subject: Ni är inbjudna att gå med i CPS$/m.test(text), 20_000);
      assert.ok(mail.includes('Se tillgängliga CPS-nivåer'), 'the mail has the tiers link');
    });

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });

  test('narrow viewport: the products table stacks into cards', { timeout: 180_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser, { viewport: { width: 390, height: 844 } });
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);

    await step('a member with two products on a phone', async () => {
      await accountLoggedIn(portal, page);
      await registerProduct(page, FIVE_D, { serial: serial(12), date: '2014-03-01', country: 'SE', retailer: 'Foto AB' });
      await registerProduct(page, EF40, { serial: serial(10), date: '2015-06' });
      assert.equal(await page.locator('table.stack tbody tr').count(), 2);
    });

    await step('the table stacks and nothing scrolls sideways', async () => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390 + 1, `page is ${width} px wide`);
      const display = await page.locator('table.stack tbody tr').first().evaluate((el) => getComputedStyle(el).display);
      assert.equal(display, 'block', 'rows are cards');
      const head = await page.locator('table.stack thead').boundingBox();
      assert.ok(!head || head.width <= 1, 'the column headings are hidden visually');
      // Each cell names its column.
      const before = await page.locator('table.stack tbody td[data-label="Serienummer"]').first()
        .evaluate((el) => getComputedStyle(el, '::before').content);
      assert.equal(before, '"Serienummer: "');
      await page.screenshot({ path: join(RESULTS_DIR, 'products-narrow.png'), fullPage: true });
    });
    await a11y('Mina produkter (narrow)');

    await step('the same page on a wide screen', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      const display = await page.locator('table.stack tbody tr').first().evaluate((el) => getComputedStyle(el).display);
      assert.equal(display, 'table-row');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 1280, `page is ${width} px wide`);
      await page.screenshot({ path: join(RESULTS_DIR, 'products.png'), fullPage: true });
    });
    await a11y('Mina produkter (wide)');

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });
});
