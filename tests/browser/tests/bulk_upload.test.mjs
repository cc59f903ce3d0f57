// "Ladda upp en lista" in the browser, in Swedish: the upload form, the
// preview of a list with a good and a bad row, and the result page after
// confirming — a plain multipart form, checked with axe-core at each state.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESULTS_DIR, launchBrowser, startPortal } from '../lib/portal.mjs';
import { accountLoggedIn, clickTo, flow, serial, swedishContext } from '../lib/members.mjs';

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

describe('bulk upload (sv)', () => {
  test('upload a list, check the preview, confirm', { timeout: 180_000 }, async (t) => {
    const { context, page, jsErrors } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);
    const good = serial(12);
    const file = join(RESULTS_DIR, 'bulk-list.csv');

    await step('"Ladda upp en lista" on Mina produkter opens the form', async () => {
      await accountLoggedIn(portal, page);
      const link = page.getByRole('main').getByRole('link', { name: 'Ladda upp en lista' });
      assert.equal(await link.getAttribute('href'), '/products/upload');
      await clickTo(page, link, `${portal.baseUrl}/products/upload`);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Ladda upp en lista med produkter');
      assert.equal(await page.getByLabel('Fil med produkter').getAttribute('type'), 'file');
      await page.getByRole('link', { name: 'Ladda ner mallen (svenska rubriker)' }).waitFor();
    });
    await a11y('Ladda upp en lista (form)');

    await step('a list with one good and one unknown model is previewed', async () => {
      await writeFile(file, `Modell;Serienummer;Inköpsdatum;Inköpsland;Återförsäljare\r\nEOS R5;${good};2021-03-01;SE;Foto AB\r\nNikon Z9;${serial(12)};2021-03-01;SE;Foto AB\r\n`);
      await page.getByLabel('Fil med produkter').setInputFiles(file);
      await clickTo(page, page.getByRole('button', { name: 'Kontrollera listan' }), `${portal.baseUrl}/products/upload`);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Kontrollera listan');
      const lead = norm(await page.locator('main p.lead').innerText());
      assert.equal(lead, '1 produkt kan registreras och ger 280 poäng nu. 1 rad hoppas över.');
      await page.getByText('Modellen finns inte i katalogen.').waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'bulk-preview.png'), fullPage: true });
    });
    await a11y('Ladda upp en lista (preview)');

    await step('confirming registers the good row and lists the skipped one', async () => {
      await Promise.all([page.waitForURL(/\/products\/upload\/\d+$/), page.getByRole('button', { name: 'Registrera 1 produkt' }).click()]);
      assert.equal(norm(await page.getByRole('heading', { level: 1 }).innerText()), 'Listan är registrerad');
      assert.equal(norm(await page.locator('main p.lead').innerText()), '1 produkt registrerades och gav 280 poäng.');
      await page.getByText('Nikon Z9').waitFor();
    });
    await a11y('Ladda upp en lista (result)');

    await step('the product is in the list', async () => {
      await clickTo(page, page.getByRole('link', { name: 'Till Mina produkter' }), `${portal.baseUrl}/products`);
      await page.getByRole('cell', { name: good }).waitFor();
      assert.deepEqual(jsErrors, []);
    });
  });
});
