// Shared steps of the member flows in the browser (Swedish): a browser context
// that records JavaScript errors, flow steps with axe checks, sign-up,
// activation and log-in. Used by accounts.test.mjs and products.test.mjs.
import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { checkA11y, waitForMail } from './portal.mjs';

export const PASSWORD = 'fyra ord i rad kamera';
export const ACTION_TIMEOUT = 15_000;

/** A fresh company; pass fields to override (e.g. {old_email}). */
export function newCompany(overrides = {}) {
  const tag = randomBytes(4).toString('hex');
  return {
    tag,
    company_name: `Ljusbild Test AB ${tag}`,
    vat_number: 'SE556036079301',
    street: 'Storgatan 1',
    postal_code: '111 22',
    city: 'Stockholm',
    contact_name: 'Anna Andersson',
    email: `anna.${tag}@example.se`,
    old_email: '',
    ...overrides,
  };
}

/** A random serial of `digits` digits (no leading zero), unique enough per run. */
export function serial(digits) {
  let s = String(randomInt(1, 10));
  while (s.length < digits) s += String(randomInt(0, 10));
  return s;
}

/** A Swedish-speaking browser context; records JavaScript errors of its pages. */
export async function swedishContext(browser, options = {}) {
  const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  const page = await context.newPage();
  const jsErrors = [];
  page.on('pageerror', (err) => jsErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // HTTP statuses ("Failed to load resource: … 422") are the flow's business
    // (asserted where they matter); CSP refusals and script errors are kept.
    if (msg.text().startsWith('Failed to load resource')) return;
    jsErrors.push(`console.error: ${msg.text()} ${msg.location()?.url ?? ''}`);
  });
  // ...but a page's own script or style sheet must load: a 404 on /static/ is an error.
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/static/') && res.status() >= 400) {
      jsErrors.push(`static asset ${res.status()}: ${res.url()}`);
    }
  });
  return { context, page, jsErrors };
}

/**
 * Run the steps of one flow as subtests: once a flow step fails the later flow
 * steps are skipped, while an accessibility failure is reported and the flow goes on.
 */
export function flow(t, page) {
  let broken = null;
  return {
    async step(name, fn) {
      await t.test(name, { skip: broken ? `after failed step "${broken}"` : false }, async () => {
        try {
          await fn();
        } catch (err) {
          broken = name;
          throw err;
        }
      });
    },
    /** An assertion that is reported like a step but does not stop the flow when it fails. */
    async check(name, fn) {
      await t.test(name, { skip: broken ? `after failed step "${broken}"` : false }, fn);
    },
    /** axe on the page (or on `target()`, e.g. a scripted twin of a page without JavaScript). */
    async a11y(label, target = async () => page) {
      await t.test(`a11y: ${label}`, { skip: broken ? `after failed step "${broken}"` : false }, async () =>
        checkA11y(await target(), label));
    },
  };
}

/**
 * axe-core runs as JavaScript in the page, so a page of a context without
 * JavaScript is checked in a twin: a new context with JavaScript and the same
 * cookies (session), opened at the same URL. The twin closes with `context`.
 */
export async function scriptedTwin(browser, context, page) {
  const twin = await browser.newContext({
    locale: 'sv-SE',
    viewport: page.viewportSize() ?? { width: 1280, height: 900 },
    storageState: await context.storageState(),
  });
  twin.setDefaultTimeout(ACTION_TIMEOUT);
  context.once('close', () => twin.close().catch(() => {}));
  const twinPage = await twin.newPage();
  await twinPage.goto(page.url());
  return twinPage;
}

/** What the browser shows, for error messages: URL, h1 and the start of main. */
export async function whereAmI(page) {
  const h1 = await page.locator('h1').first().innerText({ timeout: 1_000 }).catch(() => '(no h1)');
  const main = await page.locator('main').innerText({ timeout: 1_000 }).catch(() => '');
  return `${page.url()} showing "${h1}" (${main.replace(/\s+/g, ' ').slice(0, 300)})`;
}

/** Click and wait for the URL; on failure say where the browser landed instead. */
export async function clickTo(page, target, url) {
  try {
    await Promise.all([page.waitForURL(url), target.click()]);
  } catch (err) {
    throw new Error(`expected ${url}, but the browser is on ${await whereAmI(page)}: ${err.message.split('\n')[0]}`);
  }
}

export async function fillSignUp(page, c) {
  await page.locator('#f-company_name').fill(c.company_name);
  await page.locator('#f-country').selectOption('SE');
  await page.locator('#f-vat_number').fill(c.vat_number);
  await page.locator('#f-street').fill(c.street);
  await page.locator('#f-postal_code').fill(c.postal_code);
  await page.locator('#f-city').fill(c.city);
  await page.locator('#f-contact_name').fill(c.contact_name);
  await page.locator('#f-email').fill(c.email);
  if (c.old_email) await page.locator('#f-old_email').fill(c.old_email);
  await page.locator('#f-language').selectOption('sv');
}

export async function activationLink(portal, email) {
  const re = new RegExp(`${portal.baseUrl.replace(/[.]/g, '\\.')}/activate/[0-9a-f]{64}`);
  const mail = await waitForMail(portal.outboxDir, (text) => text.includes(email) && re.test(text), 15_000);
  return mail.match(re)[0];
}

/** Log in; members land on "Mina produkter". */
export async function logIn(portal, page, email) {
  await page.goto(`${portal.baseUrl}/login`);
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(PASSWORD);
  await clickTo(page, page.getByRole('main').getByRole('button', { name: 'Logga in' }), `${portal.baseUrl}/products`);
}

/**
 * Sign up (company c, or a new one), activate, set the password and log in,
 * without checking each page. Resolves to the company.
 */
export async function accountLoggedIn(portal, page, c = newCompany()) {
  await page.goto(`${portal.baseUrl}/signup`);
  await fillSignUp(page, c);
  await clickTo(page, page.getByRole('button', { name: 'Skapa konto' }), '**/signup/sent');
  await page.goto(await activationLink(portal, c.email));
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('#f-password_confirm').fill(PASSWORD);
  await clickTo(page, page.getByRole('button', { name: 'Spara lösenord' }), '**/login');
  await logIn(portal, page, c.email);
  return c;
}

// Serials are unique across the run: a random 5-digit prefix and a counter.
const SERIAL_PREFIX = String(randomInt(10_000, 100_000));
let serialCounter = 0;

/** The next serial with a model's number of digits, unique in this run. */
export function nextSerial(model) {
  serialCounter += 1;
  return SERIAL_PREFIX + String(serialCounter).padStart(model.digits - SERIAL_PREFIX.length, '0');
}

/** Register one complete product through the form at /products/new?model=CODE; returns its serial. */
export async function registerComplete(baseUrl, page, model, purchase) {
  await page.goto(`${baseUrl}/products/new?model=${encodeURIComponent(model.code)}`);
  await page.getByRole('heading', { level: 2, name: model.name }).waitFor();
  const serial = nextSerial(model);
  await page.locator('#f-serial').fill(serial);
  await page.locator('#f-purchase_date').fill(purchase.date);
  await page.locator('#f-purchase_country').selectOption(purchase.country);
  await page.locator('#f-retailer').fill(purchase.retailer);
  await clickTo(page, page.getByRole('button', { name: 'Registrera produkt' }), `${baseUrl}/products`);
  const flash = (await page.locator('.flash[role="status"]').innerText()).replace(/\s+/g, ' ').trim();
  assert.equal(flash, 'Produkten är registrerad och poängen är tilldelade.', `${model.name}: ${flash}`);
  return serial;
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** RFC 6238: the 6-digit code of `secret` for the current 30-second step. */
export function totp(secret, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac('sha1', secret).update(counter).digest();
  const o = h[19] & 0x0f;
  const code = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(code % 1_000_000).padStart(6, '0');
}

/** A staff user made with `cps staff create`: its password and TOTP secret. */
export async function createStaff(portal, email, role) {
  const { stdout } = await portal.cli('staff', 'create', '--email', email, '--role', role);
  return { email, password: stdout.match(/Password:\s+(\S+)/)[1], secret: base32Decode(stdout.match(/TOTP secret:\s+(\S+)/)[1]) };
}

/** Logs a staff user in with password and TOTP; waits for the role's first tool at `home`. */
export async function staffLogIn(portal, page, user, home) {
  await page.goto(`${portal.baseUrl}/admin/login`);
  await page.locator('#f-email').fill(user.email);
  await page.locator('#f-password').fill(user.password);
  await clickTo(page, page.getByRole('main').getByRole('button', { name: 'Logga in' }), /\/admin\/totp$/);
  await page.locator('#f-code').fill(totp(user.secret));
  await clickTo(page, page.getByRole('button', { name: 'Fortsätt' }), home);
}
