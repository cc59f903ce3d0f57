// "Service" and "API-nycklar" in the browser, in Swedish: a member (no
// membership yet) sends a registered camera for repair by drop-off, sees the
// request with its promised-date rule, and makes and revokes an API token.
// Every page is checked with axe-core and kept for the Nu Html Checker.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { RESULTS_DIR, launchBrowser, startPortal } from '../lib/portal.mjs';
import { accountLoggedIn, clickTo, flow, registerComplete, swedishContext } from '../lib/members.mjs';

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
});
