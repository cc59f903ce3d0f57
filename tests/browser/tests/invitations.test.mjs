// Inviting a colleague, in the browser: the owner invites an address under
// "Kontoinställningar"; the mail carries no company name; the invitee opens
// the link and sees which business invited them, then accepts with a
// password (Swedish) or declines (English); the owner's list follows. Every
// page is checked with axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { RESULTS_DIR, launchBrowser, startPortal, waitForMail } from '../lib/portal.mjs';
import { PASSWORD, accountLoggedIn, clickTo, flow, logIn, swedishContext } from '../lib/members.mjs';

let portal;
let browser;

const norm = (s) => s.replace(/\s+/g, ' ').trim();

before(async () => {
  await mkdir(RESULTS_DIR, { recursive: true });
  portal = await startPortal();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

/** The invitation link in the mail to `email`, and the mail's decoded text. */
async function invitationLink(email) {
  const re = new RegExp(`${portal.baseUrl.replace(/[.]/g, '\\.')}/invitations/[0-9a-f]{64}`);
  const mail = await waitForMail(portal.outboxDir, (text) => text.includes(`to: ${email}`) && re.test(text), 15_000);
  return { link: mail.match(re)[0], mail };
}

async function invite(page, email) {
  await page.goto(`${portal.baseUrl}/account`);
  await page.locator('#f-invite_email').fill(email);
  await clickTo(page, page.getByRole('button', { name: 'Skicka inbjudan' }), `${portal.baseUrl}/account`);
  assert.equal(norm(await page.locator('.flash[role="status"]').innerText()), 'Inbjudan är skickad. Den gäller i sju dagar.');
}

/** The line of the owner's user list that names `email`. */
async function listLine(page, email) {
  await page.goto(`${portal.baseUrl}/account`);
  return norm(await page.locator('main li', { hasText: email }).innerText());
}

describe('inviting a colleague', () => {
  test('the invitee sees the inviting business and accepts (sv) or declines (en)', { timeout: 240_000 }, async (t) => {
    const tag = randomBytes(4).toString('hex');
    const kalle = `kalle.${tag}@example.se`;
    const nej = `nej.${tag}@example.se`;
    const owner = await swedishContext(browser);
    t.after(() => owner.context.close());
    const { step, a11y } = flow(t, owner.page);
    let company;

    await step('the owner invites two colleagues under Kontoinställningar', async () => {
      company = await accountLoggedIn(portal, owner.page);
      await invite(owner.page, kalle);
      await invite(owner.page, nej);
      assert.match(await listLine(owner.page, kalle), /inbjuden, gäller till/);
    });
    await a11y('Kontoinställningar med inbjudningar');

    const invitee = await swedishContext(browser);
    t.after(() => invitee.context.close());
    const inv = flow(t, invitee.page);
    let link;

    await inv.step('the mail names no company, the page does', async () => {
      const found = await invitationLink(kalle);
      link = found.link;
      assert.match(found.mail, /subject: Inbjudan till ett företagskonto i CPS/);
      assert.ok(!found.mail.includes(company.company_name), 'no typed text in the mail');
      await invitee.page.goto(link);
      assert.equal(norm(await invitee.page.getByRole('heading', { level: 1 }).innerText()), 'Inbjudan till ett företagskonto');
      const lead = norm(await invitee.page.locator('main p.lead').innerText());
      assert.equal(lead, `${company.company_name} har bjudit in er till sitt företagskonto i CPS, portalen för Canon Professional Services.`);
      await invitee.page.getByText(kalle, { exact: true }).waitFor();
    });
    await inv.a11y('Inbjudan (sv)');

    await inv.step('accepting with a password leads to the log-in, and in', async () => {
      await invitee.page.locator('#f-password').fill(PASSWORD);
      await invitee.page.locator('#f-password_confirm').fill(PASSWORD);
      await clickTo(invitee.page, invitee.page.getByRole('button', { name: 'Tacka ja och gå med' }), `${portal.baseUrl}/login`);
      assert.match(norm(await invitee.page.locator('.flash[role="status"]').innerText()), /^Välkommen!/);
      await logIn(portal, invitee.page, kalle);
      await invitee.page.goto(`${portal.baseUrl}/account`);
      await invitee.page.getByText('Medlem', { exact: true }).waitFor();
    });
    await inv.a11y('Kontoinställningar för den nya kollegan');

    await inv.step('the link is used', async () => {
      const res = await invitee.page.goto(link);
      assert.equal(res.status(), 410);
      assert.equal(norm(await invitee.page.getByRole('heading', { level: 1 }).innerText()), 'Inbjudan kan inte användas');
    });
    await inv.a11y('Inbjudan redan besvarad');

    const english = await swedishContext(browser, { locale: 'en-GB' });
    t.after(() => english.context.close());
    const en = flow(t, english.page);

    await en.step('in English, the second invitee declines', async () => {
      const { link: second } = await invitationLink(nej);
      await english.page.goto(second);
      assert.equal(await english.page.locator('html').getAttribute('lang'), 'en');
      assert.equal(norm(await english.page.getByRole('heading', { level: 1 }).innerText()), 'Invitation to a business account');
      const lead = norm(await english.page.locator('main p.lead').innerText());
      assert.equal(lead, `${company.company_name} has invited you to its business account in CPS, the Canon Professional Services portal.`);
    });
    await en.a11y('Invitation (en)');

    await en.step('declining says so', async () => {
      await clickTo(english.page, english.page.getByRole('button', { name: 'Decline' }), `${portal.baseUrl}/`);
      assert.equal(norm(await english.page.locator('.flash[role="status"]').innerText()), 'You have declined the invitation.');
    });
    await en.a11y('Declined (en)');

    await step('the owner sees both answers', async () => {
      assert.match(await listLine(owner.page, kalle), /Medlem/);
      assert.match(await listLine(owner.page, nej), /tackade nej/);
    });
  });
});
