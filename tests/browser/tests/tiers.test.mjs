// "CPS-nivåer", checkout and "Medlemskap" in the browser, in Swedish:
// (a) more than 2 500 points and 25 complete products: the ON/OFF switch,
//     Business A paid by card, the welcome page and the membership;
// (b) 2 000–2 500 points: Silver, Gold and Platinum all open, no switch, and
//     the review of Silver by bank transfer (kronor with 25 % moms);
// (c) under 500 points: what is missing, no "Välj" links, and the server
//     refusing a checkout anyway;
// (d) the switch without JavaScript (the "Visa" button submits).
// Every page state is checked with axe-core.
//
// Points come from complete products. The first product of each business is
// registered through the form; the rest are POSTed to the same form action
// with the page's CSRF token (page.request shares the session cookies).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RESULTS_DIR, launchBrowser, startPortal } from '../lib/portal.mjs';
import {
  accountLoggedIn, clickTo, flow, nextSerial, registerComplete, scriptedTwin, swedishContext, whereAmI,
} from '../lib/members.mjs';

const ONE_DX = { code: 'EOS-1D-X-MK3', name: 'EOS-1D X Mark III', points: 420, digits: 12 };
const R5 = { code: 'EOS-R5', name: 'EOS R5', points: 280, digits: 12 };
const FIVE_D = { code: 'EOS-5D-MK3', name: 'EOS 5D Mark III', points: 235, digits: 12 };
const EF40 = { code: 'EF-40-F28-STM', name: 'EF 40mm f/2.8 STM', points: 15, digits: 10 };

const PURCHASE = { date: '2021-01-01', country: 'SE', retailer: 'Foto AB' };

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

/** Register one complete product through the form at /products/new?model=CODE. */
const registerInForm = (page, model) => registerComplete(portal.baseUrl, page, model, PURCHASE);

/**
 * POST complete products to the register form's action, with the CSRF token of
 * the page; each must answer 303 to /products like the browser's submit.
 */
async function registerByPost(page, model, count) {
  const csrf = await page.locator('input[name="csrf"]').first().getAttribute('value');
  assert.match(csrf ?? '', /^[0-9a-f]{64}$/, `a CSRF token on ${page.url()}`);
  for (let i = 0; i < count; i++) {
    const sn = nextSerial(model);
    const res = await page.request.post(`${portal.baseUrl}/products`, {
      form: {
        csrf,
        model: model.code,
        serial: sn,
        purchase_date: PURCHASE.date,
        purchase_country: PURCHASE.country,
        retailer: PURCHASE.retailer,
      },
      maxRedirects: 0,
    });
    if (res.status() !== 303 || res.headers().location !== '/products') {
      const body = norm((await res.text()).replace(/<[^>]+>/g, ' ')).slice(0, 300);
      throw new Error(`POST /products ${model.code} ${sn} answered ${res.status()} → ${res.headers().location}: ${body}`);
    }
  }
}

/** Give the logged-in business these products ([model, count] …); resolves to {points, products}. */
async function giveProducts(page, plan) {
  let first = true;
  let points = 0;
  let products = 0;
  for (const [model, count] of plan) {
    let left = count;
    if (first && left > 0) {
      await registerInForm(page, model);
      left -= 1;
      first = false;
    }
    await registerByPost(page, model, left);
    points += model.points * count;
    products += count;
  }
  await page.goto(`${portal.baseUrl}/products`);
  const total = norm(await page.locator('.points-summary strong.points-total').innerText());
  assert.equal(total, `${swedishNumber(points)} poäng`, 'the products page shows the points given');
  return { points, products };
}

/** 2895 → "2 895" (the page's no-break space is normalised to a space). */
function swedishNumber(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Öre → "1 437,50 kr". */
function kronor(ore) {
  return `${swedishNumber(Math.floor(ore / 100))},${String(ore % 100).padStart(2, '0')} kr`;
}

/**
 * The visible part of the ON/OFF switch. The checkbox itself is transparent and
 * lies under the track (which takes the pointer), so a user clicks the track;
 * it is inside the checkbox's label, so the click toggles the checkbox.
 */
const switchTrack = (page) => page.locator('label.switch .switch-track');
const theSwitch = (page) => page.getByRole('switch', { name: 'Företagsnivåer' });

/** The black bar's tabs and which one is current. */
async function tabsOf(page) {
  const tabs = page.locator('header.bar nav.tabs-wide a');
  return {
    labels: (await tabs.allInnerTexts()).map(norm),
    current: await page.locator('header.bar nav.tabs-wide a[aria-current="page"]').allInnerTexts().then((a) => a.map(norm)),
  };
}

/** The tier cards as plain facts. */
async function tierCards(page) {
  const cards = page.locator('li.tier-card');
  const out = [];
  for (let i = 0; i < (await cards.count()); i++) {
    const card = cards.nth(i);
    const link = card.getByRole('link', { name: /^Välj / });
    out.push({
      name: norm(await card.locator('h3').innerText()),
      price: norm(await card.locator('.price').innerText()),
      benefits: (await card.locator('.benefits li').allInnerTexts()).map(norm),
      open: (await card.locator('.status-ok').count()) ? norm(await card.locator('.status-ok').innerText()) : null,
      missing: (await card.locator('.status-warn').count()) ? norm(await card.locator('.status-warn').innerText()) : null,
      choose: (await link.count()) ? norm(await link.innerText()) : null,
      href: (await link.count()) ? await link.getAttribute('href') : null,
    });
  }
  return out;
}

const byName = (cards) => Object.fromEntries(cards.map((c) => [c.name, c]));

/** The rows of the review page's amounts table: [[label, amount], …]. */
async function amountRows(page) {
  return page.locator('table.amounts tr').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('th').innerText, r.querySelector('td').innerText]
      .map((s) => s.replace(/\s+/g, ' ').trim())));
}

/** The facts of a <dl class="facts"> in order: [[term, description], …]. */
async function factList(scope) {
  return scope.locator('dl.facts > div').evaluateAll((divs) => divs.map((d) =>
    [d.querySelector('dt').innerText, d.querySelector('dd').innerText].map((s) => s.replace(/\s+/g, ' ').trim())));
}

/** The same as {term: description}; use where the terms are known to differ. */
async function facts(scope) {
  return Object.fromEntries(await factList(scope));
}

/** The text an element's aria-describedby points at. */
async function description(locator) {
  const ids = ((await locator.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  assert.ok(ids.length, 'the control has a description');
  const texts = [];
  for (const id of ids) texts.push(norm(await locator.page().locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

/** "YYYY-MM-DD – YYYY-MM-DD": a one-year period starting today (UTC, as the server). */
function assertOneYearFromToday(period, todays) {
  const m = period.match(/^(\d{4})-(\d{2})-(\d{2}) – (\d{4}-\d{2}-\d{2})$/);
  assert.ok(m, `period "${period}"`);
  const start = `${m[1]}-${m[2]}-${m[3]}`;
  assert.ok(todays.includes(start), `the period starts today (${todays.join(' or ')}), not ${start}`);
  const end = new Date(Date.UTC(Number(m[1]) + 1, Number(m[2]) - 1, Number(m[3])) - 86_400_000);
  assert.equal(m[4], end.toISOString().slice(0, 10), 'a one-year period ends the day before the anniversary');
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

const INDIVIDUAL = ['Silver', 'Gold', 'Platinum'];
const BUSINESS = ['Business A', 'Business B', 'Business C'];
const PRICE = { Silver: 115_000, Gold: 230_000, Platinum: 400_000, 'Business A': 1_150_000, 'Business B': 2_875_000, 'Business C': 5_750_000 };
const CODE = { Silver: 'SILVER', Gold: 'GOLD', Platinum: 'PLATINUM', 'Business A': 'BUSINESS-A' };

describe('tiers and checkout (sv)', () => {
  test('(a) 2 895 points, 31 products: switch, Business A by card, welcome, membership', { timeout: 240_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, check, a11y } = flow(t, page);
    let given;
    let number;
    let period;
    let reviewFacts = [];
    const todays = [todayUtc()];

    await step('a business with 25 lenses and six 1D X Mark III bodies', async () => {
      await accountLoggedIn(portal, page);
      given = await giveProducts(page, [[EF40, 25], [ONE_DX, 6]]);
      assert.deepEqual(given, { points: 2895, products: 31 });
    });

    await step('the "CPS-nivåer" tab opens the tiers; the switch is off', async () => {
      await clickTo(page, page.locator('header.bar nav.tabs-wide').getByRole('link', { name: 'CPS-nivåer' }),
        `${portal.baseUrl}/tiers`);
      assert.deepEqual(await tabsOf(page),
        { labels: ['Mina produkter', 'CPS-nivåer', 'Medlemskap', 'Fakturor', 'Service', 'Support'], current: ['CPS-nivåer'] });
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Tillgängliga CPS-nivåer');
      assert.equal(norm(await page.locator('main p.lead').innerText()),
        'Ni har 2 895 poäng och 31 fullständigt registrerade produkter.');
      assert.equal(await page.getByText(/^Nivåerna öppnas vid/).count(), 0, 'no "below 500" notice');
      const group = page.getByRole('group', { name: 'Visa nivåer' });
      await group.waitFor();
      const sw = group.getByRole('switch', { name: 'Företagsnivåer' });
      assert.equal(await sw.getAttribute('name'), 'typ');
      assert.equal(await sw.getAttribute('value'), 'foretag');
      assert.equal(await sw.isChecked(), false, 'off at first');
      assert.equal(norm(await page.locator('main h2').first().innerText()), 'Silver, Gold och Platinum');
      const cards = await tierCards(page);
      assert.deepEqual(cards.map((c) => c.name), INDIVIDUAL);
      for (const c of cards) {
        assert.equal(c.open, '✓ Öppen för er', `${c.name} is open`);
        assert.equal(c.href, `/checkout?tier=${CODE[c.name]}`);
      }
    });
    await a11y('CPS-nivåer (switch off)');

    await check('with JavaScript the "Visa" button is hidden', async () => {
      const button = page.getByRole('group', { name: 'Visa nivåer' }).locator('button', { hasText: 'Visa' });
      assert.equal(await button.count(), 1);
      assert.equal(await button.evaluate((b) => b.hidden), true, 'switch.js set hidden');
      const display = await button.evaluate((b) => getComputedStyle(b).display);
      assert.ok(!(await button.isVisible()), `the hidden "Visa" button is still shown (display: ${display})`);
    });

    await step('clicking the switch shows the business tiers (?typ=foretag)', async () => {
      await clickTo(page, switchTrack(page), `${portal.baseUrl}/tiers?typ=foretag`);
      assert.equal(await theSwitch(page).isChecked(), true, 'on after the reload');
      assert.equal(norm(await switchTrack(page).innerText()), 'PÅ', 'the track says PÅ');
      assert.equal(norm(await page.locator('main h2').first().innerText()), 'Företagsnivåer');
      const cards = byName(await tierCards(page));
      assert.deepEqual(Object.keys(cards), BUSINESS);
      for (const name of BUSINESS) assert.equal(cards[name].price, `${kronor(PRICE[name])} per år (exkl. moms)`);
      assert.equal(cards['Business A'].open, '✓ Öppen för er');
      assert.equal(cards['Business A'].missing, null);
      assert.equal(cards['Business A'].choose, 'Välj Business A');
      assert.equal(cards['Business A'].href, '/checkout?tier=BUSINESS-A');
      assert.ok(cards['Business A'].benefits.length >= 3, 'Business A lists its benefits');
      assert.deepEqual([cards['Business B'].missing, cards['Business C'].missing],
        ['69 fullständiga produkter till', '219 fullständiga produkter till']);
      assert.deepEqual([cards['Business B'].choose, cards['Business C'].choose], [null, null]);
      const amber = await page.locator('li.tier-card .status-warn').first()
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(amber, 'rgb(255, 244, 214)', 'what is missing is amber');
      await page.screenshot({ path: join(RESULTS_DIR, 'tiers-business.png'), fullPage: true });
    });
    await a11y('CPS-nivåer (business tiers)');

    await step('"Välj Business A" opens the checkout: terms and payment methods', async () => {
      await clickTo(page, page.getByRole('link', { name: 'Välj Business A' }), `${portal.baseUrl}/checkout?tier=BUSINESS-A`);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Välj period och betalningssätt');
      assert.equal(norm(await page.getByRole('heading', { level: 2 }).first().innerText()), 'Business A');
      const term = page.getByRole('group', { name: 'Period' });
      assert.deepEqual((await term.locator('label').allInnerTexts()).map(norm), [
        '1 år – 11 500,00 kr',
        '2 år – 21 850,00 kr (5 % rabatt)',
        '3 år – 31 050,00 kr (10 % rabatt)',
      ]);
      assert.equal(await term.getByRole('radio', { name: /^1 år/ }).isChecked(), true, '1 år is preselected');
      const method = page.getByRole('group', { name: 'Betalningssätt' });
      const card = method.getByRole('radio', { name: 'Kort', exact: true });
      const bank = method.getByRole('radio', { name: 'Banköverföring', exact: true });
      assert.equal(await card.isChecked(), true, 'Kort is preselected');
      assert.match(await description(card), /förfallodatum, vanligtvis inom 30 dagar/);
      assert.match(await description(bank), /lokala tilläggsavgifter/);
      await page.screenshot({ path: join(RESULTS_DIR, 'checkout.png'), fullPage: true });
    });
    await a11y('Välj period och betalningssätt (Business A)');

    await step('"Kort" and "Gå vidare till betalning" show the review in kronor with 25 % moms', async () => {
      await page.getByRole('radio', { name: 'Kort', exact: true }).check();
      await clickTo(page, page.getByRole('button', { name: 'Gå vidare till betalning' }), /\/checkout\/review\?/);
      const url = new URL(page.url());
      // The sandbox's first test card (succeeds) is chosen by default.
      assert.deepEqual(Object.fromEntries(url.searchParams), { tier: 'BUSINESS-A', term: '1', method: 'card', card: 'sandbox_card_ok' });
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Kontrollera beställningen');
      reviewFacts = await factList(page.locator('main'));
      const values = reviewFacts.map(([, v]) => v);
      assert.deepEqual(reviewFacts.find(([k]) => k === 'Nivå'), ['Nivå', 'Business A']);
      assert.deepEqual(reviewFacts.find(([k]) => k === 'Betalningssätt'), ['Betalningssätt', 'Kort – 4242 4242 4242 4242 (sandbox)']);
      assert.ok(values.includes('1 år – 11 500,00 kr'), `the term is shown: ${JSON.stringify(reviewFacts)}`);
      const dates = values.find((v) => /^\d{4}-\d{2}-\d{2} – /.test(v));
      assert.ok(dates, `the period's dates are shown: ${JSON.stringify(reviewFacts)}`);
      assertOneYearFromToday(dates, [...todays, todayUtc()]);
      assert.deepEqual(await amountRows(page), [
        ['Pris', '11 500,00 kr'],
        ['Att betala exkl. moms', '11 500,00 kr'],
        ['Moms 25 %', '2 875,00 kr'],
        ['Totalt', '14 375,00 kr'],
      ]);
      await page.getByText(/^Fakturan kommer inom några timmar\. Betalar ni med kort debiteras avgiften på förfallodatumet/).waitFor();
      assert.equal(await page.getByText('Banköverföring kan medföra lokala tilläggsavgifter.').count(), 0, 'no bank note for a card');
      await page.getByRole('button', { name: 'Bekräfta beställningen' }).waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'checkout-review.png'), fullPage: true });
    });
    await a11y('Kontrollera beställningen (Business A, kort)');

    await check('the review names each fact differently (term and dates)', () => {
      const labels = reviewFacts.map(([k]) => k);
      assert.equal(new Set(labels).size, labels.length, `labels: ${JSON.stringify(reviewFacts)}`);
    });

    await step('"Bekräfta beställningen" lands on the welcome page with a member number', async () => {
      await clickTo(page, page.getByRole('button', { name: 'Bekräfta beställningen' }), /\/checkout\/done\/\d+$/);
      todays.push(todayUtc());
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Välkommen som Business A-medlem');
      const f = await facts(page.locator('main'));
      number = f['Medlemsnummer'];
      assert.match(number, /^CPS \d{7}-\d$/);
      period = f['Period'];
      assertOneYearFromToday(period, todays);
      assert.equal(await page.locator('main .notice').count(), 0, 'no "number changed" notice for a first membership');
      await page.screenshot({ path: join(RESULTS_DIR, 'checkout-welcome.png'), fullPage: true });
    });
    await a11y('Välkommen som Business A-medlem');

    await step('"Medlemskap" shows Business A, the number, "Aktivt" and the period', async () => {
      await clickTo(page, page.locator('header.bar nav.tabs-wide').getByRole('link', { name: 'Medlemskap' }),
        `${portal.baseUrl}/membership`);
      assert.deepEqual((await tabsOf(page)).current, ['Medlemskap']);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Medlemskap');
      const section = page.locator('main section.card');
      assert.equal(norm(await section.getByRole('heading', { level: 2 }).innerText()), 'Business A');
      assert.deepEqual(await facts(section), { Medlemsnummer: number, Status: 'Aktivt', Period: period });
      await page.screenshot({ path: join(RESULTS_DIR, 'membership.png'), fullPage: true });
    });
    await a11y('Medlemskap (Business A)');

    await step('the tiers page marks Business A as the current membership', async () => {
      await page.goto(`${portal.baseUrl}/tiers?typ=foretag`);
      const ends = period.split(' – ')[1];
      await page.getByText(`Ert nuvarande medlemskap: Business A till och med ${ends}.`).waitFor();
      const a = byName(await tierCards(page))['Business A Ert medlemskap'];
      assert.ok(a, 'the Business A card carries the "Ert medlemskap" badge');
      assert.equal(a.choose, null, 'no "Välj" for the current tier');
    });
    await a11y('CPS-nivåer (business tiers, member)');

    await check('keyboard: Space on the focused switch turns it off again', async () => {
      await theSwitch(page).focus();
      await Promise.all([page.waitForURL(/\/tiers\??$/), page.keyboard.press('Space')]);
      assert.equal(await theSwitch(page).isChecked(), false);
      assert.deepEqual((await tierCards(page)).map((c) => c.name.replace(/ Ert medlemskap$/, '')), INDIVIDUAL);
    });

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });

  test('(b) 2 005 points: Silver, Gold and Platinum open, no switch; Silver by bank transfer', { timeout: 180_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);

    await step('a business with four 1D X Mark III, an R5 and three 40mm lenses', async () => {
      await accountLoggedIn(portal, page);
      const given = await giveProducts(page, [[ONE_DX, 4], [R5, 1], [EF40, 3]]);
      assert.deepEqual(given, { points: 2005, products: 8 });
    });

    await step('/tiers: all three open with "Välj" links, no switch', async () => {
      await page.goto(`${portal.baseUrl}/tiers`);
      assert.equal(norm(await page.locator('main p.lead').innerText()),
        'Ni har 2 005 poäng och 8 fullständigt registrerade produkter.');
      assert.equal(await page.getByRole('switch').count(), 0, 'no switch at 2 500 points or less');
      assert.equal(await page.getByRole('group', { name: 'Visa nivåer' }).count(), 0);
      assert.equal(await page.getByText(/^Nivåerna öppnas vid/).count(), 0);
      const cards = await tierCards(page);
      assert.deepEqual(cards.map((c) => c.name), INDIVIDUAL);
      for (const c of cards) {
        assert.equal(c.open, '✓ Öppen för er', `${c.name} is open`);
        assert.equal(c.missing, null, `${c.name} misses nothing`);
        assert.equal(c.choose, `Välj ${c.name}`);
        assert.equal(c.href, `/checkout?tier=${CODE[c.name]}`);
        assert.equal(c.price, `${kronor(PRICE[c.name])} per år (exkl. moms)`);
      }
      const link = page.getByRole('link', { name: 'Välj Silver' });
      assert.equal(await link.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(11, 92, 213)', 'the link is blue');
      await page.screenshot({ path: join(RESULTS_DIR, 'tiers-2000.png'), fullPage: true });
    });
    await a11y('CPS-nivåer (2 005 points)');

    await step('?typ=foretag does not show business tiers at 2 005 points', async () => {
      await page.goto(`${portal.baseUrl}/tiers?typ=foretag`);
      assert.deepEqual((await tierCards(page)).map((c) => c.name), INDIVIDUAL);
      assert.equal(await page.getByRole('switch').count(), 0);
    });

    await step('"Välj Silver", "Banköverföring": 1 150,00 kr + 287,50 kr moms = 1 437,50 kr', async () => {
      await page.goto(`${portal.baseUrl}/tiers`);
      await clickTo(page, page.getByRole('link', { name: 'Välj Silver' }), `${portal.baseUrl}/checkout?tier=SILVER`);
      await page.getByRole('radio', { name: 'Banköverföring', exact: true }).check();
      await clickTo(page, page.getByRole('button', { name: 'Gå vidare till betalning' }), /\/checkout\/review\?/);
      assert.equal(new URL(page.url()).searchParams.get('method'), 'bank_transfer');
      const f = await factList(page.locator('main'));
      assert.deepEqual(f.find(([k]) => k === 'Nivå'), ['Nivå', 'Silver']);
      assert.deepEqual(f.find(([k]) => k === 'Betalningssätt'), ['Betalningssätt', 'Banköverföring']);
      assert.deepEqual(await amountRows(page), [
        ['Pris', '1 150,00 kr'],
        ['Att betala exkl. moms', '1 150,00 kr'],
        ['Moms 25 %', '287,50 kr'],
        ['Totalt', '1 437,50 kr'],
      ]);
      await page.getByText('Banköverföring kan medföra lokala tilläggsavgifter.', { exact: true }).waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'checkout-review-bank.png'), fullPage: true });
    });
    await a11y('Kontrollera beställningen (Silver, banköverföring)');

    await step('"Ändra" goes back to the checkout with the choices kept', async () => {
      await clickTo(page, page.getByRole('link', { name: 'Ändra' }), /\/checkout\?tier=SILVER&term=1&method=bank_transfer$/);
      assert.equal(await page.getByRole('radio', { name: 'Banköverföring', exact: true }).isChecked(), true);
      assert.equal(await page.getByRole('radio', { name: /^1 år/ }).isChecked(), true);
    });

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });

  test('(c) 430 points: what is missing, no "Välj" links', { timeout: 180_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);
    let given;

    await step('a business with a 5D Mark III and thirteen 40mm lenses', async () => {
      await accountLoggedIn(portal, page);
      given = await giveProducts(page, [[FIVE_D, 1], [EF40, 13]]);
      assert.deepEqual(given, { points: 430, products: 14 });
    });

    await step('/tiers says how many points are missing', async () => {
      await clickTo(page, page.locator('header.bar nav.tabs-wide').getByRole('link', { name: 'CPS-nivåer' }),
        `${portal.baseUrl}/tiers`);
      assert.equal(norm(await page.locator('main p.lead').innerText()),
        'Ni har 430 poäng och 14 fullständigt registrerade produkter.');
      const missing = 500 - given.points;
      const notice = page.locator('main .notice');
      const text = norm(await notice.innerText());
      assert.ok(text.startsWith(`Nivåerna öppnas vid 500 poäng. Ni behöver ${missing} poäng till:`), `notice: ${text}`);
      assert.equal(await notice.getByRole('link', { name: 'Mina produkter' }).getAttribute('href'), '/products');
      const cards = await tierCards(page);
      assert.deepEqual(cards.map((c) => [c.name, c.open, c.missing]), [
        ['Silver', null, '70 poäng till'],
        ['Gold', null, '570 poäng till'],
        ['Platinum', null, '1 170 poäng till'],
      ]);
      assert.equal(await page.getByRole('main').getByRole('link', { name: /^Välj/ }).count(), 0, 'no "Välj" links');
      assert.equal(await page.getByRole('switch').count(), 0, 'no switch');
      await page.screenshot({ path: join(RESULTS_DIR, 'tiers-below.png'), fullPage: true });
    });
    await a11y('CPS-nivåer (430 points)');

    await step('the server refuses the review of Silver anyway (422)', async () => {
      const res = await page.goto(`${portal.baseUrl}/checkout/review?tier=SILVER&term=1&method=card`);
      assert.equal(res.status(), 422, `answered ${res.status()} on ${await whereAmI(page)}`);
      const alert = page.locator('main .error-summary[role="alert"]');
      assert.equal(norm(await alert.innerText()), 'Ert företag uppfyller inte kraven för den nivån ännu.');
      assert.equal(await page.getByRole('button', { name: 'Bekräfta beställningen' }).count(), 0);
    });
    await a11y('Välj period och betalningssätt (refused, 430 points)');

    await step('"Medlemskap" without a membership links to the tiers', async () => {
      await page.goto(`${portal.baseUrl}/membership`);
      await page.getByText('Ni har inget aktivt medlemskap.', { exact: true }).waitFor();
      assert.equal(await page.getByRole('main').getByRole('link', { name: 'Se tillgängliga CPS-nivåer' }).getAttribute('href'), '/tiers');
    });
    await a11y('Medlemskap (none)');

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });

  test('(d) without JavaScript the switch and the "Visa" button work', { timeout: 180_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser, { javaScriptEnabled: false });
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);
    // axe needs JavaScript: check the same URL in a scripted twin with this session.
    const twin = () => scriptedTwin(browser, context, page);

    await step('a business with seven 1D X Mark III (2 940 points)', async () => {
      await accountLoggedIn(portal, page);
      const given = await giveProducts(page, [[ONE_DX, 7]]);
      assert.deepEqual(given, { points: 2940, products: 7 });
    });

    await step('/tiers shows the switch (off) and the "Visa" button', async () => {
      await page.goto(`${portal.baseUrl}/tiers`);
      const group = page.getByRole('group', { name: 'Visa nivåer' });
      assert.equal(await theSwitch(page).isChecked(), false);
      assert.equal(norm(await switchTrack(page).innerText()), 'AV', 'the track says AV');
      assert.ok(await group.getByRole('button', { name: 'Visa' }).isVisible(), 'the "Visa" button is shown');
      assert.deepEqual((await tierCards(page)).map((c) => c.name), INDIVIDUAL);
    });
    await a11y('CPS-nivåer (no JavaScript, switch off)', twin);

    await step('switching on does nothing by itself; "Visa" shows the business tiers', async () => {
      await switchTrack(page).click();
      assert.equal(await theSwitch(page).isChecked(), true, 'the click turned the switch on');
      assert.equal(page.url(), `${portal.baseUrl}/tiers`, 'no submit without JavaScript');
      await clickTo(page, page.getByRole('button', { name: 'Visa', exact: true }), `${portal.baseUrl}/tiers?typ=foretag`);
      assert.equal(await theSwitch(page).isChecked(), true);
      const cards = await tierCards(page);
      assert.deepEqual(cards.map((c) => [c.name, c.open, c.missing, c.choose]), [
        ['Business A', null, '18 fullständiga produkter till', null],
        ['Business B', null, '93 fullständiga produkter till', null],
        ['Business C', null, '243 fullständiga produkter till', null],
      ]);
      await page.screenshot({ path: join(RESULTS_DIR, 'tiers-business-nojs.png'), fullPage: true });
    });
    await a11y('CPS-nivåer (no JavaScript, business tiers)', twin);

    await step('switching off and "Visa" go back to Silver, Gold and Platinum', async () => {
      await switchTrack(page).click();
      assert.equal(await theSwitch(page).isChecked(), false, 'the click turned the switch off');
      await clickTo(page, page.getByRole('button', { name: 'Visa', exact: true }), /\/tiers\??$/);
      assert.equal(await theSwitch(page).isChecked(), false);
      assert.deepEqual((await tierCards(page)).map((c) => c.name), INDIVIDUAL);
    });

    await t.test('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
  });
});
