// CPS Priority Support end to end: a member who sees no MIGRERA PRODUKTER
// button contacts support from that page with the topic filled in; a staff
// user created with `cps staff create` logs in to the back office with a
// password and a TOTP code computed here, answers; the member reads the
// answer. Every page state is checked with axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { RESULTS_DIR, launchBrowser, startPortal } from '../lib/portal.mjs';
import { accountLoggedIn, clickTo, createStaff, flow, swedishContext, totp } from '../lib/members.mjs';

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

describe('support (sv)', () => {
  test('a member asks from the no-migrate-button page, staff answer with TOTP, the member reads it', { timeout: 180_000 }, async (t) => {
    const { context, page } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);
    let caseUrl;

    await step('the member without an old email sees no MIGRERA PRODUKTER button and a way to support', async () => {
      await accountLoggedIn(portal, page);
      await page.goto(`${portal.baseUrl}/products`);
      assert.equal(await page.getByRole('button', { name: 'MIGRERA PRODUKTER' }).count(), 0);
      await clickTo(page, page.getByRole('link', { name: 'Kontakta CPS Priority Support' }), /\/support\?topic=migration/);
    });
    await a11y('Support form from the products page');

    await step('the form has the topic and the context filled in; sending opens the case', async () => {
      assert.equal(await page.locator('#f-topic').inputValue(), 'migration');
      assert.match(await page.locator('#f-message').inputValue(), /MIGRERA PRODUKTER/);
      await page.locator('#f-message').fill('Jag ser inte knappen MIGRERA PRODUKTER. Min gamla adress var studio@gamla.se.');
      await clickTo(page, page.getByRole('button', { name: 'Skicka' }), /\/support\/S-\d+$/);
      caseUrl = page.url();
      await page.getByText('Väntar på svar').first().waitFor();
    });
    await a11y('The case, waiting for an answer');

    const staffContext = await swedishContext(browser);
    t.after(() => staffContext.context.close());
    const staff = staffContext.page;
    const staffFlow = flow(t, staff);
    let password;
    let secret;

    await staffFlow.step('a support user is created on the command line and logs in with password and TOTP', async () => {
      ({ password, secret } = await createStaff(portal, 'sam@cps.test', 'support'));
      await staff.goto(`${portal.baseUrl}/admin/tickets`);
      assert.match(staff.url(), /\/admin\/login$/, 'the back office asks for a log-in');
      await staff.locator('#f-email').fill('sam@cps.test');
      await staff.locator('#f-password').fill(password);
      await clickTo(staff, staff.getByRole('main').getByRole('button', { name: 'Logga in' }), /\/admin\/totp$/);
    });
    await staffFlow.a11y('Back office: code from the authenticator');

    await staffFlow.step('the code from the authenticator opens the support tools', async () => {
      await staff.locator('#f-code').fill(totp(secret));
      await clickTo(staff, staff.getByRole('button', { name: 'Fortsätt' }), /\/admin\/businesses$/);
      await clickTo(staff, staff.getByRole('link', { name: 'Supportärenden' }), /\/admin\/tickets$/);
    });
    await staffFlow.a11y('Back office: the support queue');

    await staffFlow.step('staff open the case and answer it', async () => {
      const reference = caseUrl.split('/').pop();
      await clickTo(staff, staff.getByRole('link', { name: reference }), new RegExp(`/admin/tickets/${reference}$`));
      await staff.getByText('studio@gamla.se').first().waitFor();
      await staff.locator('#f-body').fill('Vi har kontrollerat adressen. Ange den under Kontoinställningar så visas knappen.');
      await clickTo(staff, staff.getByRole('button', { name: 'Skicka svar' }), new RegExp(`/admin/tickets/${reference}$`));
      await staff.getByText('Svaret är skickat.').waitFor();
    });
    await staffFlow.a11y('Back office: the answered case');

    await step('the member reads the answer on the case page', async () => {
      await page.goto(caseUrl);
      await page.getByText('Vi har kontrollerat adressen.').waitFor();
      await page.getByText('Besvarat').first().waitFor();
    });
    await a11y('The case with the answer');
  });

  test('every back-office page an admin sees passes axe', { timeout: 180_000 }, async (t) => {
    const { context, page } = await swedishContext(browser);
    t.after(() => context.close());
    const { step, a11y } = flow(t, page);
    await step('an admin logs in with password and TOTP', async () => {
      const { password, secret } = await createStaff(portal, 'ada@cps.test', 'admin');
      await page.goto(`${portal.baseUrl}/admin/login`);
      await page.locator('#f-email').fill('ada@cps.test');
      await page.locator('#f-password').fill(password);
      await clickTo(page, page.getByRole('main').getByRole('button', { name: 'Logga in' }), /\/admin\/totp$/);
      await page.locator('#f-code').fill(totp(secret));
      await clickTo(page, page.getByRole('button', { name: 'Fortsätt' }), /\/admin\/businesses$/);
    });
    for (const [path, heading] of [
      ['/admin/businesses?q=a', 'Hitta ett företag'],
      ['/admin/businesses/1', null],
      ['/admin/tickets', 'Supportärenden'],
      ['/admin/invoices', 'Fakturor'],
      ['/admin/payments', 'Bankbetalningar'],
      ['/admin/jobs', 'Jobb'],
      ['/admin/audit', 'Granskningslogg'],
      ['/admin/catalogue', 'Katalog och nivåer'],
      ['/admin/staff', 'Personal'],
      ['/admin/service', 'Servicekö'],
      ['/admin/service/loans', 'Lånepoolen'],
    ]) {
      await step(`${path} opens`, async () => {
        const res = await page.goto(`${portal.baseUrl}${path}`);
        assert.equal(res.status(), 200);
        if (heading) assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), heading);
      });
      await a11y(`back office ${path}`);
    }
  });
});
