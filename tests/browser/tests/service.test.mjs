// "Service" and "API-nycklar" in the browser, in Swedish: a member (no
// membership yet) sends a registered camera for repair by drop-off, sees the
// request with its promised-date rule, and makes and revokes an API token.
// Every page is checked with axe-core and kept for the Nu Html Checker.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { RESULTS_DIR, launchBrowser, startPortal } from '../lib/portal.mjs';
import { accountLoggedIn, clickTo, createStaff, flow, registerComplete, staffLogIn, swedishContext } from '../lib/members.mjs';

const R5 = { code: 'EOS-R5', name: 'EOS R5', digits: 12 };
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

describe('service and API tokens (sv)', () => {
  test('a repair request by drop-off, then an API token', { timeout: 180_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);

    await step('the Service tab lists no requests and what a membership would give', async () => {
      await accountLoggedIn(portal, page);
      await registerComplete(portal.baseUrl, page, R5, PURCHASE);
      const tab = page.locator('header.bar nav.tabs-wide').getByRole('link', { name: 'Service', exact: true });
      await clickTo(page, tab, `${portal.baseUrl}/service`);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Service och reparation');
      await page.getByText('Du har inga serviceärenden ännu.').waitFor();
      await page.getByText('Utan medlemskap gäller listpris', { exact: false }).waitFor();
    });
    await a11y('Service');

    await step('a request without a description is refused with the reason at the field', async () => {
      await clickTo(page, page.getByRole('link', { name: 'Ny serviceförfrågan' }), `${portal.baseUrl}/service/new`);
      await page.locator('#f-product').selectOption({ index: 1 });
      await page.locator('#f-kind').selectOption('repair');
      await page.locator('#f-shipping').selectOption('drop_off');
      await clickTo(page, page.getByRole('button', { name: 'Skicka förfrågan' }), `${portal.baseUrl}/service/new`);
      await page.locator('#f-description-error').waitFor();
      assert.match(norm(await page.locator('#f-description-error').innerText()), /Beskriv felet så att verkstaden vet/);
    });
    await a11y('Ny serviceförfrågan (error)');

    await step('with a description the request gets its number and page', async () => {
      await page.locator('#f-description').fill('Autofokus jagar i svagt ljus.');
      await Promise.all([
        page.waitForURL(/\/service\/SR-\d{4}-\d{6}$/),
        page.getByRole('button', { name: 'Skicka förfrågan' }).click(),
      ]);
      const number = page.url().split('/').pop();
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), `Serviceärende ${number}`);
      await page.getByText('Tack! Din serviceförfrågan är registrerad.').waitFor();
      await page.getByText('10 arbetsdagar från den dag vi tar emot produkten').first().waitFor();
      assert.equal(await page.getByRole('link', { name: 'Ladda ner fraktsedel (PDF)' }).count(), 0, 'drop-off: no label');
      await clickTo(page, page.locator('header.bar nav.tabs-wide').getByRole('link', { name: 'Service', exact: true }), `${portal.baseUrl}/service`);
      await page.getByRole('rowheader', { name: number }).getByRole('link', { name: number }).waitFor();
    });
    await a11y('Service (one request)');

    await step('an owner makes an API token, sees it once, and revokes it', async () => {
      await page.goto(`${portal.baseUrl}/account/tokens`);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'API-nycklar');
      await page.getByText('Ni har inga API-nycklar.').waitFor();
      await page.getByLabel('Namn', { exact: true }).fill('Lagersystemet');
      await page.getByLabel('Läsa produkter och poäng').check();
      await page.getByLabel('Registrera, ändra och ta bort produkter').check();
      await page.locator('#f-expiry_days').selectOption({ index: 1 });
      await clickTo(page, page.getByRole('button', { name: 'Skapa nyckeln' }), `${portal.baseUrl}/account/tokens`);
      const token = await page.getByLabel('API-nyckel', { exact: true }).inputValue();
      assert.match(token, /^cps_pat_[0-9a-f]{64}$/);
      await page.getByRole('cell', { name: 'Lagersystemet', exact: true }).waitFor();
    });
    await a11y('API-nycklar (new token)');

    await step('revoking it marks it revoked', async () => {
      await clickTo(page, page.getByRole('button', { name: 'Återkalla' }), `${portal.baseUrl}/account/tokens`);
      await page.getByText('Nyckeln är återkallad och kan inte längre användas.').waitFor();
      await page.getByRole('cell', { name: 'Återkallad', exact: true }).waitFor();
      assert.deepEqual(jsErrors, []);
    });
    await a11y('API-nycklar (revoked)');
  });
  test('the service centre receives and quotes, the member approves, the queue follows', { timeout: 240_000 }, async (t) => {
    const member = await swedishContext(browser);
    t.after(() => member.context.close());
    const m = flow(t, member.page);
    const page = member.page;
    let number;
    let serial;

    await m.step('a member sends a camera for repair by drop-off', async () => {
      await accountLoggedIn(portal, page);
      serial = await registerComplete(portal.baseUrl, page, R5, PURCHASE);
      await page.goto(`${portal.baseUrl}/service/new`);
      await page.locator('#f-product').selectOption({ index: 1 });
      await page.locator('#f-kind').selectOption('repair');
      await page.locator('#f-description').fill('Slutaren fastnar ibland.');
      await page.locator('#f-shipping').selectOption('drop_off');
      await Promise.all([
        page.waitForURL(/\/service\/SR-\d{4}-\d{6}$/),
        page.getByRole('button', { name: 'Skicka förfrågan' }).click(),
      ]);
      number = page.url().split('/').pop();
    });

    const staffContext = await swedishContext(browser);
    t.after(() => staffContext.context.close());
    const staff = staffContext.page;
    const s = flow(t, staff);
    const requestUrl = () => `${portal.baseUrl}/admin/service/${number}`;

    await s.step('a service user logs in and lands on the service queue with the request in it', async () => {
      const user = await createStaff(portal, 'sven@cps.test', 'service');
      await staffLogIn(portal, staff, user, /\/admin\/service$/);
      assert.equal(norm(await staff.getByRole('heading', { level: 1 }).innerText()), 'Servicekö');
      await clickTo(staff, staff.getByRole('link', { name: number, exact: true }), requestUrl());
      assert.equal(norm(await staff.getByRole('heading', { level: 1 }).innerText()), `Serviceärende ${number}`);
    });
    await s.a11y('Back office: a registered service request');

    await s.step('a serial that is not the product\'s is refused; the right one receives it', async () => {
      await staff.locator('#f-serial').fill('999999999999');
      await clickTo(staff, staff.getByRole('button', { name: 'Markera som mottagen' }), /\/admin\/service\/SR-/);
      await staff.locator('#f-serial-error').waitFor();
      await staff.locator('#f-serial').fill(serial);
      await clickTo(staff, staff.getByRole('button', { name: 'Markera som mottagen' }), requestUrl());
      await staff.getByText('Mottaget', { exact: true }).first().waitFor();
    });
    await s.a11y('Back office: received, the quote form');

    await s.step('staff enter a quote of a part and labour', async () => {
      await staff.locator('#f-kind1').selectOption('part');
      await staff.locator('#f-desc1').fill('Slutarenhet');
      await staff.locator('#f-qty1').fill('1');
      await staff.locator('#f-price1').fill('1 500,00');
      await staff.locator('#f-kind2').selectOption('labour');
      await staff.locator('#f-desc2').fill('Byte av slutare');
      await staff.locator('#f-qty2').fill('1');
      await staff.locator('#f-price2').fill('500');
      await clickTo(staff, staff.getByRole('button', { name: 'Spara offerten' }), requestUrl());
      await staff.getByText('Slutarenhet').first().waitFor();
    });
    await s.a11y('Back office: the quote entered');

    await m.step('the member sees the quote at list price and approves it', async () => {
      await page.goto(`${portal.baseUrl}/service/${number}`);
      await page.getByRole('rowheader', { name: 'Slutarenhet' }).waitFor();
      // 1 500,00 + 500,00 at list price (no membership), 25 % VAT.
      const totals = norm(await page.locator('main').innerText());
      assert.match(totals, /Att betala\s+2\s500,00\skr/);
      await clickTo(page, page.getByRole('button', { name: 'Godkänn offerten' }), `${portal.baseUrl}/service/${number}`);
      await page.getByText('Offerten är godkänd. Vi påbörjar reparationen.').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Godkänn offerten' }).count(), 0, 'decided once');
      assert.deepEqual(member.jsErrors, []);
    });
    await m.a11y('Service request, the quote approved');

    await s.step('staff start the repair; the queue shows it in repair', async () => {
      await staff.goto(requestUrl());
      await clickTo(staff, staff.getByRole('button', { name: 'Påbörja reparationen' }), requestUrl());
      await clickTo(staff, staff.getByRole('link', { name: 'Service', exact: true }).first(), /\/admin\/service$/);
      const row = staff.getByRole('row').filter({ has: staff.getByRole('link', { name: number, exact: true }) });
      assert.match(norm(await row.innerText()), /Under reparation/);
      assert.deepEqual(staffContext.jsErrors, []);
    });
    await s.a11y('Back office: the service queue');
  });
});
