// "Fakturor" in the browser, in Swedish: a business with 515 points orders
// Silver (1) by bank transfer and (2) by card with the sandbox; the portal
// issues the invoice a configurable time after the order, here at once
// (CPS__BILLING__INVOICE_DELAY_MINUTES=0, the in-process worker polls every
// second). The invoice then appears under "Fakturor" as "Obetald", its page
// shows seller, buyer, 25 % moms and how to pay, its e-invoice (Peppol BIS 3.0
// UBL) downloads, and its mail is in the outbox. /invoices and the invoice are
// also shown 390 px wide (screenshots in test-results/).
// Every page state is checked with axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESULTS_DIR, launchBrowser, startPortal, waitForMail } from '../lib/portal.mjs';
import {
  ACTION_TIMEOUT, accountLoggedIn, clickTo, flow, registerComplete, swedishContext, whereAmI,
} from '../lib/members.mjs';

const R5 = { code: 'EOS-R5', name: 'EOS R5', points: 280, digits: 12 };
const FIVE_D = { code: 'EOS-5D-MK3', name: 'EOS 5D Mark III', points: 235, digits: 12 };
const PURCHASE = { date: '2021-01-01', country: 'SE', retailer: 'Foto AB' };

const NUMBER_RE = /CPS-\d{4}-\d{6}/;
const SELLER = 'CPS Sample Seller AB';

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

const norm = (s) => s.replace(/\s+/g, ' ').trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Register one complete product through the form at /products/new?model=CODE. */
const registerInForm = (page, model) => registerComplete(portal.baseUrl, page, model, PURCHASE);

/** The rows of a table.amounts: [[label, amount], …]. */
async function amountRows(page) {
  return page.locator('table.amounts tr').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('th').innerText, r.querySelector('td').innerText]
      .map((s) => s.replace(/\s+/g, ' ').trim())));
}

/** The facts of every <dl class="facts"> in scope, in order: [[term, description], …]. */
async function factList(scope) {
  return scope.locator('dl.facts > div').evaluateAll((divs) => divs.map((d) =>
    [d.querySelector('dt').innerText, d.querySelector('dd').innerText].map((s) => s.replace(/\s+/g, ' ').trim())));
}

/** The rows of the "Fakturor" table as {number, href, date, due, amount, status}. */
async function invoiceRows(page) {
  return page.locator('main table.stack tbody tr').evaluateAll((rows) => rows.map((r) => {
    const cells = [...r.querySelectorAll('td')].map((c) => c.innerText.replace(/\s+/g, ' ').trim());
    const a = r.querySelector('th a');
    return {
      number: a ? a.innerText.trim() : null,
      href: a ? a.getAttribute('href') : null,
      date: cells[0], due: cells[1], amount: cells[2], status: cells[3],
    };
  }));
}

/** The text of a party section ("Säljare"/"Köpare"), lines joined by " | ". */
async function party(page, heading) {
  const section = page.getByRole('region', { name: heading });
  return (await section.innerText()).split('\n').map((s) => s.trim()).filter(Boolean).join(' | ');
}

/** YYYY-MM-DD in UTC (the server's dates), today and maybe yesterday around midnight. */
const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * One business orders Silver with `method` ('bank' or 'card'), then finds,
 * opens and downloads its invoice. The assertions that differ by method are
 * in `expect`.
 */
async function orderAndInvoice(t, method) {
  const label = method === 'bank' ? 'banköverföring' : 'kort';
  const { context, page, jsErrors } = await swedishContext(browser);
  t.after(() => context.close());
  const { step, check, a11y } = flow(t, page);
  let company;
  let invoiceUrl;
  let number;
  let issuedOn;

  await step('a business with an EOS R5 and an EOS 5D Mark III (515 points)', async () => {
    company = await accountLoggedIn(portal, page);
    await registerInForm(page, R5);
    await registerInForm(page, FIVE_D);
    await page.goto(`${portal.baseUrl}/products`);
    assert.equal(norm(await page.locator('.points-summary strong.points-total').innerText()), '515 poäng');
  });

  await step('"Fakturor" has no invoices before the order', async () => {
    await clickTo(page, page.locator('header.bar nav.tabs-wide').getByRole('link', { name: 'Fakturor' }),
      `${portal.baseUrl}/invoices`);
    assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Fakturor');
    await page.getByText(/^Ni har inga fakturor ännu\./).waitFor();
    assert.equal(await page.locator('main table').count(), 0);
  });
  await a11y(`Fakturor (empty, ${label})`);

  await step('/tiers → "Välj Silver" opens the checkout', async () => {
    await page.goto(`${portal.baseUrl}/tiers`);
    await clickTo(page, page.getByRole('link', { name: 'Välj Silver' }), `${portal.baseUrl}/checkout?tier=SILVER`);
    assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Välj period och betalningssätt');
  });

  if (method === 'bank') {
    await step('"Banköverföring" and "Gå vidare till betalning" show the review', async () => {
      await page.getByRole('radio', { name: 'Banköverföring', exact: true }).check();
      await clickTo(page, page.getByRole('button', { name: 'Gå vidare till betalning' }), /\/checkout\/review\?/);
      assert.equal(new URL(page.url()).searchParams.get('method'), 'bank_transfer');
      const f = await factList(page.locator('main'));
      assert.deepEqual(f.find(([k]) => k === 'Betalningssätt'), ['Betalningssätt', 'Banköverföring']);
      assert.deepEqual(await amountRows(page), [
        ['Pris', '1 150,00 kr'],
        ['Att betala exkl. moms', '1 150,00 kr'],
        ['Moms 25 %', '287,50 kr'],
        ['Totalt', '1 437,50 kr'],
      ]);
      await page.getByText('Banköverföring kan medföra lokala tilläggsavgifter.', { exact: true }).waitFor();
    });
  } else {
    await step('"Kort" with the test card 4242 4242 4242 4242 shows the review', async () => {
      await page.getByRole('radio', { name: 'Kort', exact: true }).check();
      const select = page.getByLabel('Testkort', { exact: true });
      assert.equal(norm(await select.locator('option:checked').innerText()), '4242 4242 4242 4242', 'the default test card');
      await select.selectOption({ label: '4242 4242 4242 4242' });
      await page.screenshot({ path: join(RESULTS_DIR, 'invoices-checkout-card.png'), fullPage: true });
      await clickTo(page, page.getByRole('button', { name: 'Gå vidare till betalning' }), /\/checkout\/review\?/);
      const params = Object.fromEntries(new URL(page.url()).searchParams);
      assert.deepEqual(params, { tier: 'SILVER', term: '1', method: 'card', card: 'sandbox_card_ok' });
      const f = await factList(page.locator('main'));
      assert.deepEqual(f.find(([k]) => k === 'Betalningssätt'), ['Betalningssätt', 'Kort – 4242 4242 4242 4242 (sandbox)']);
      assert.deepEqual((await amountRows(page)).at(-1), ['Totalt', '1 437,50 kr']);
      assert.equal(await page.getByText('Banköverföring kan medföra lokala tilläggsavgifter.').count(), 0, 'no bank note for a card');
    });
  }
  await a11y(`Kontrollera beställningen (Silver, ${label})`);

  await step('"Bekräfta beställningen" lands on the welcome page', async () => {
    await clickTo(page, page.getByRole('button', { name: 'Bekräfta beställningen' }), /\/checkout\/done\/\d+$/);
    assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Välkommen som Silver-medlem');
    await page.getByText(/Fakturan kommer inom några timmar\./).waitFor();
  });
  await a11y(`Välkommen som Silver-medlem (${label})`);

  await step('the invoice appears under "Fakturor" as "Obetald" (within 20 s)', async () => {
    const todays = [todayUtc()];
    await clickTo(page, page.locator('header.bar nav.tabs-wide').getByRole('link', { name: 'Fakturor' }),
      `${portal.baseUrl}/invoices`);
    const deadline = Date.now() + 20_000;
    let rows = [];
    for (;;) {
      rows = await invoiceRows(page);
      if (rows.some((r) => NUMBER_RE.test(r.number ?? '') && r.status === 'Obetald')) break;
      if (Date.now() > deadline) {
        throw new Error(`no unpaid invoice within 20 s; rows: ${JSON.stringify(rows)}; ${await whereAmI(page)}`);
      }
      await sleep(1_000);
      await page.reload();
    }
    todays.push(todayUtc());
    assert.equal(rows.length, 1, `one invoice: ${JSON.stringify(rows)}`);
    const [row] = rows;
    assert.match(row.number, /^CPS-\d{4}-\d{6}$/);
    number = row.number;
    issuedOn = row.date;
    assert.ok(todays.includes(row.date), `issued today (${todays.join(' or ')}): ${row.date}`);
    assert.match(row.due, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(row.due > row.date, `due ${row.due} after ${row.date}`);
    assert.equal(row.amount, '1 437,50 kr');
    assert.match(row.href, /^\/invoices\/\d+$/);
    assert.deepEqual(await page.locator('main table.stack thead th').allInnerTexts(),
      ['Fakturanummer', 'Fakturadatum', 'Förfallodatum', 'Belopp', 'Status']);
    assert.deepEqual(
      await page.locator('header.bar nav.tabs-wide a[aria-current="page"]').allInnerTexts().then((a) => a.map(norm)),
      ['Fakturor']);
    await page.screenshot({ path: join(RESULTS_DIR, `invoices-${method}.png`), fullPage: true });
  });
  await a11y(`Fakturor (one invoice, ${label})`);

  await step(`the invoice page: "Faktura CPS-…", seller, buyer, moms 25 %, ${label}`, async () => {
    await clickTo(page, page.getByRole('link', { name: number, exact: true }), /\/invoices\/\d+$/);
    invoiceUrl = page.url();
    assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), `Faktura ${number}`);
    assert.equal(norm(await page.locator('main article.invoice p.muted').first().innerText()), 'Obetald');
    const seller = await party(page, 'Säljare');
    assert.ok(seller.startsWith(`Säljare | ${SELLER} |`), `seller: ${seller}`);
    assert.match(seller, /Momsreg\.nr: SE\d{12}/);
    assert.match(seller, /Org\.nr: /);
    const buyer = await party(page, 'Köpare');
    assert.ok(buyer.startsWith(
      `Köpare | ${company.company_name} | ${company.street} | ${company.postal_code} ${company.city} | Sverige | Momsreg.nr: ${company.vat_number}`),
    `buyer: ${buyer}`);
    const f = await factList(page.locator('main'));
    assert.deepEqual(f.slice(0, 4).map(([k]) => k), ['Fakturanummer', 'Fakturadatum', 'Er referens', 'Förfallodatum']);
    assert.deepEqual(f[0], ['Fakturanummer', number]);
    assert.deepEqual(f[1], ['Fakturadatum', issuedOn]);
    // No reference given at checkout or in the settings: the contact person (BT-10).
    assert.deepEqual(f[2], ['Er referens', company.contact_name]);
    const rows = await amountRows(page);
    assert.deepEqual(rows.map(([k]) => k), ['Tjänst', 'Period', 'Belopp exkl. moms', 'Moms 25 %', 'Att betala']);
    assert.match(rows[0][1], /Silver/);
    assert.match(rows[1][1], /^\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(rows.slice(2), [
      ['Belopp exkl. moms', '1 150,00 kr'],
      ['Moms 25 %', '287,50 kr'],
      ['Att betala', '1 437,50 kr'],
    ]);
    assert.equal(norm(await page.getByRole('heading', { level: 2, name: 'Betalningssätt' }).innerText()), 'Betalningssätt');
    const bankFacts = Object.fromEntries(f.slice(4));
    if (method === 'bank') {
      await page.locator('main article.invoice').getByText('Banköverföring', { exact: true }).waitFor();
      assert.equal(bankFacts['Bankgiro'], '5050-1055');
      assert.match(bankFacts['IBAN'] ?? '', /^SE\d{22}$/);
      assert.ok(bankFacts['BIC'], 'a BIC');
      assert.match(bankFacts['Betalningsreferens (OCR/RF)'] ?? '', /^\d+$/, `a digits-only OCR: ${JSON.stringify(bankFacts)}`);
      await page.getByText('Banköverföring kan medföra lokala tilläggsavgifter.', { exact: true }).waitFor();
    } else {
      await page.locator('main article.invoice').getByText('Kort – debiteras på förfallodatumet', { exact: true }).waitFor();
      assert.deepEqual(bankFacts, {}, 'no bank details for a card');
      const main = await page.locator('main').innerText();
      for (const word of ['Bankgiro', 'IBAN', 'BIC', 'OCR', 'lokala tilläggsavgifter']) {
        assert.ok(!main.includes(word), `no "${word}" on a card invoice`);
      }
      assert.equal(await page.getByRole('button', { name: 'Betala nu' }).count(), 0, 'nothing to pay now');
    }
    await page.screenshot({ path: join(RESULTS_DIR, `invoice-${method}.png`), fullPage: true });
  });
  await a11y(`Faktura (${label})`);

  await step('"Ladda ner e-faktura (Peppol BIS 3.0, XML)" downloads the UBL invoice', async () => {
    const link = page.getByRole('link', { name: 'Ladda ner e-faktura (Peppol BIS 3.0, XML)' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), `${number}.xml`);
    const file = join(RESULTS_DIR, `invoice-${method}-${number}.xml`);
    await download.saveAs(file);
    const xml = await readFile(file, 'utf8');
    assert.ok(xml.startsWith('<?xml'), `starts with <?xml: ${xml.slice(0, 60)}`);
    assert.ok(xml.includes('<cbc:ID>CPS-'), 'has <cbc:ID>CPS-');
    assert.ok(xml.includes(`<cbc:ID>${number}</cbc:ID>`), `has <cbc:ID>${number}</cbc:ID>`);
    assert.ok(xml.includes('<cbc:PayableAmount currencyID="SEK">1437.50</cbc:PayableAmount>'),
      `PayableAmount 1437.50 SEK: ${xml.match(/<cbc:PayableAmount[^>]*>[^<]*<\/cbc:PayableAmount>/)?.[0]}`);
    assert.equal(page.url(), invoiceUrl, 'the page stays on the invoice');
  });

  await check('the invoice mail "Faktura CPS-… från CPS" is in the outbox', async () => {
    const mail = await waitForMail(portal.outboxDir,
      (text) => text.includes(company.email) && text.includes(`subject: Faktura ${number} från CPS`), 15_000);
    assert.ok(mail.includes(invoiceUrl), `the mail links to ${invoiceUrl}`);
    assert.match(mail, /1\s?437,50\s?kr/, `the mail names the total:\n${mail}`);
    if (method === 'bank') assert.match(mail, /Betala med banköverföring senast/);
    else assert.match(mail, /debiteras kortet på förfallodatumet/);
  });

  // The same two pages 390 px wide, in a second context with the same session.
  let small;
  const narrow = async () => {
    if (small) return small;
    const ctx = await browser.newContext({
      locale: 'sv-SE',
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
    });
    ctx.setDefaultTimeout(ACTION_TIMEOUT);
    context.once('close', () => ctx.close().catch(() => {}));
    small = await ctx.newPage();
    small.on('pageerror', (err) => jsErrors.push(`pageerror (390 px): ${err.message}`));
    return small;
  };

  await step('390 px: /invoices shows the invoice as a card without horizontal scrolling', async () => {
    await (await narrow()).goto(`${portal.baseUrl}/invoices`);
    await small.getByRole('link', { name: number, exact: true }).waitFor();
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await small.screenshot({ path: join(RESULTS_DIR, `invoices-${method}-390.png`), fullPage: true });
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow}px)`);
  });
  await a11y(`Fakturor 390 px (${label})`, narrow);

  await step('390 px: the invoice page fits the screen', async () => {
    await small.goto(invoiceUrl);
    await small.getByRole('heading', { level: 1, name: `Faktura ${number}` }).waitFor();
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await small.screenshot({ path: join(RESULTS_DIR, `invoice-${method}-390.png`), fullPage: true });
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow}px)`);
  });
  await a11y(`Faktura 390 px (${label})`, narrow);

  await check('no JavaScript errors', () => assert.deepEqual(jsErrors, []));
}

describe('invoices (sv)', () => {
  test('(1) Silver by bank transfer: invoice under "Fakturor", OCR, e-invoice, mail', { timeout: 180_000 }, async (t) => {
    await orderAndInvoice(t, 'bank');
  });

  test('(2) Silver by card (sandbox 4242…): invoice without bank details, e-invoice, mail', { timeout: 180_000 }, async (t) => {
    await orderAndInvoice(t, 'card');
  });
});
