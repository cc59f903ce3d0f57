// Helpers for the CPS browser tests: start the portal binary, read the mail
// outbox, launch Debian's chromium through playwright-core, run axe-core.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** Where screenshots and other artefacts go (git-ignored). */
export const RESULTS_DIR = join(here, '..', 'test-results');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

const SETPRIV = '/usr/bin/setpriv';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The portal binary from CPS_BIN; throws a clear error if it is unusable. */
export function cpsBinary() {
  const bin = process.env.CPS_BIN;
  if (!bin) throw new Error('CPS_BIN is not set: point it at the cps binary (e.g. target/debug/cps)');
  try {
    accessSync(bin, fsConstants.X_OK);
  } catch {
    throw new Error(`CPS_BIN=${bin} is not an executable file`);
  }
  return bin;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Start the portal in a fresh temp dir. Resolves to {baseUrl, outboxDir, dir, stop(), cli()}
 * once it has printed "CPS is running at" and /healthz answers "ok".
 * cli(...args) runs another command of the same binary (e.g. 'import-legacy', file)
 * with the same environment and working directory, so it uses the same database.
 * `env` (optional) is merged last into the portal's environment, e.g.
 * { CPS__BILLING__INVOICE_DELAY_MINUTES: '0' }; it may override the settings above.
 */
export async function startPortal({ timeoutMs = 60_000, env: extraEnv = {} } = {}) {
  const bin = cpsBinary();
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'cps-browser-'));
  const dataDir = join(dir, 'data');
  const outboxDir = join(dir, 'outbox');
  await mkdir(dataDir, { recursive: true });
  await mkdir(outboxDir, { recursive: true });
  const baseUrl = `http://127.0.0.1:${port}`;

  // Start from the caller's environment minus anything that configures CPS.
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('CPS__') && k !== 'CPS_CONFIG') env[k] = v;
  }
  Object.assign(env, {
    CPS__SERVER__BIND: `127.0.0.1:${port}`,
    CPS__SERVER__PUBLIC_BASE_URL: baseUrl,
    CPS__SERVER__DATA_DIR: dataDir,
    CPS__DATABASE__URL: `sqlite://${dataDir}/cps.db`,
    CPS__MAIL__OUTBOX_DIR: outboxDir,
    CPS__SECURITY__SECRET_KEY: randomBytes(32).toString('hex'),
    // No metrics listener: its fixed port would clash between portals.
    CPS__SERVER__METRICS_BIND: '',
  });
  for (const [k, v] of Object.entries(extraEnv ?? {})) env[k] = String(v);

  // setpriv --pdeathsig: the kernel kills the portal if this process dies
  // abruptly (e.g. the runner is killed), where no JavaScript cleanup runs.
  const [cmd, args] = existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'KILL', '--', bin, 'serve']]
    : [bin, ['serve']];
  const child = spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let announced = false;
  const collect = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    if (output.includes('CPS is running at')) announced = true;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  // If this test process dies without running its after() hooks, take the
  // portal with it rather than leave it listening.
  const killNow = () => { if (!exited) child.kill('SIGKILL'); };
  const onSignal = (sig) => { killNow(); process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGHUP' ? 1 : 15)); };
  process.on('exit', killNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, onSignal);

  const stop = async () => {
    process.off('exit', killNow);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(sig, onSignal);
    if (!exited) {
      child.kill('SIGTERM');
      const t = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 5_000);
      await exitPromise;
      clearTimeout(t);
    }
    if (process.env.KEEP_PORTAL_DIR) {
      console.log(`# portal dir kept: ${dir}`);
    } else {
      await rm(dir, { recursive: true, force: true });
    }
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`cps serve exited early (${JSON.stringify(exited)}); output:\n${output}`);
    }
    if (announced) {
      try {
        const res = await fetch(`${baseUrl}/healthz`);
        if (res.ok && (await res.text()).trim() === 'ok') break;
      } catch { /* not listening yet */ }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`cps serve did not become ready within ${timeoutMs} ms; output:\n${output}`);
    }
    await sleep(100);
  }

  /** Run `CPS_BIN ...args` like serve runs; resolves to {stdout, stderr}, rejects on a non-zero exit. */
  const cli = (...args) => new Promise((resolve, reject) => {
    execFile(bin, args, { cwd: dir, env, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`cps ${args.join(' ')} failed (${err.code ?? err.signal}):\n${stdout}${stderr}`));
      else resolve({ stdout, stderr });
    });
  });

  return { baseUrl, outboxDir, dir, stop, cli, output: () => output };
}

// ---------------------------------------------------------------- mail

function splitHeaders(raw) {
  const m = raw.match(/\r?\n\r?\n/);
  if (!m) return { head: raw, body: '' };
  return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

function parseHeaders(head) {
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

function decodeQuotedPrintable(s) {
  const bytes = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeEncodedWords(s) {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _cs, enc, text) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')));
}

function decodePart(raw) {
  const { head, body } = splitHeaders(raw);
  const headers = parseHeaders(head);
  const type = (headers['content-type'] || 'text/plain').toLowerCase();
  const boundary = (headers['content-type'] || '').match(/boundary="?([^";]+)"?/i);
  if (type.startsWith('multipart/') && boundary) {
    const parts = body.split(`--${boundary[1]}`).slice(1);
    const texts = [];
    for (const part of parts) {
      if (part.startsWith('--')) break;
      texts.push(...decodePart(part.replace(/^\r?\n/, '')));
    }
    // Plain text first, then HTML.
    return texts.sort((a, b) => (a.type.startsWith('text/plain') ? 0 : 1) - (b.type.startsWith('text/plain') ? 0 : 1));
  }
  if (!type.startsWith('text/')) return [];
  const cte = (headers['content-transfer-encoding'] || '7bit').toLowerCase();
  let text = body;
  if (cte === 'quoted-printable') text = decodeQuotedPrintable(body);
  else if (cte === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return [{ type, text }];
}

/** Decode an .eml: the headers (encoded words undone), then each text part decoded. */
export function decodeEml(raw) {
  const { head } = splitHeaders(raw);
  const headers = parseHeaders(head);
  const headerText = Object.entries(headers)
    .map(([k, v]) => `${k}: ${decodeEncodedWords(v)}`)
    .join('\n');
  const parts = decodePart(raw);
  return `${headerText}\n\n${parts.map((p) => p.text).join('\n\n')}`;
}

/**
 * Poll outboxDir for an .eml whose decoded text satisfies predicate(text, file).
 * Resolves to the decoded text; rejects after timeoutMs listing what was seen.
 */
export async function waitForMail(outboxDir, predicate, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let seen = [];
  for (;;) {
    seen = [];
    let files = [];
    try {
      files = await listEml(outboxDir);
    } catch { /* outbox not created yet */ }
    for (const file of files) {
      let raw;
      try { raw = await readFile(file, 'utf8'); } catch { continue; }
      const text = decodeEml(raw);
      seen.push(file);
      if (predicate(text, file)) return text;
    }
    if (Date.now() > deadline) {
      throw new Error(`no matching mail in ${outboxDir} within ${timeoutMs} ms (saw ${seen.length}: ${seen.join(', ') || 'none'})`);
    }
    await sleep(200);
  }
}

async function listEml(root) {
  const out = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const p = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await listEml(p)));
    else if (entry.name.endsWith('.eml')) out.push(p);
  }
  // Oldest first, so a test waiting for "the" mail gets a stable answer.
  const stamped = await Promise.all(out.map(async (p) => [p, (await stat(p)).mtimeMs]));
  return stamped.sort((a, b) => a[1] - b[1]).map(([p]) => p);
}

// ---------------------------------------------------------------- browser

/** Launch Debian's chromium (never a downloaded browser). */
export async function launchBrowser() {
  try {
    accessSync(CHROMIUM_PATH, fsConstants.X_OK);
  } catch {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (run.sh does this)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

// ---------------------------------------------------------------- accessibility

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Run axe-core on the page. Throws (failing the test) listing rule id, impact and
 * node targets of every 'serious' or 'critical' violation; lesser ones are logged.
 * axe is injected with page.evaluate (CDP), which the page's CSP does not block.
 */
export async function checkA11y(page, label) {
  const injected = await page.evaluate(() => typeof window.axe === 'object');
  if (!injected) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  if (results.passes.length === 0) throw new Error(`axe checked nothing on ${label}: is axe-core injected?`);
  const describe = (v) =>
    `  - ${v.id} [${v.impact}] ${v.help}\n` +
    v.nodes.map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ') ?? ''}`).join('\n');
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = results.violations.filter((v) => !blocking.includes(v));
  if (minor.length) console.log(`# a11y (${label}) minor/moderate:\n${minor.map(describe).join('\n')}`);
  if (blocking.length) {
    throw new Error(`accessibility violations on ${label} (${page.url()}):\n${blocking.map(describe).join('\n')}`);
  }
  await keepHtml(page, label);
  await checkNoRawText(page, label);
  return results;
}

// ---------------------------------------------------------------- texts: message ids, raw values, HTML

const LOCALES_DIR = join(here, '..', '..', '..', 'crates', 'cps-i18n', 'locales');

/** The messages of a language from its Fluent files: id → text (single-line messages as written). */
export function messages(lang) {
  const dir = join(LOCALES_DIR, lang);
  const out = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ftl'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const m = /^([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s?(.*)$/.exec(line);
      if (m) out.set(m[1], m[2]);
    }
  }
  return out;
}

/** Every message id of the source language. */
export const MESSAGE_IDS = new Set(messages('sv').keys());
const ID_FIRSTS = new Set([...MESSAGE_IDS].map((id) => id.split('-')[0]));

/** Stored values (English words) that must never be a page's text outside English pages. */
export const RAW_VALUES = [
  'active', 'suspended', 'upgraded', 'awaiting_invoice', 'bank_transfer', 'issued', 'credited', 'answered',
  'reverse_charge', 'outside_eu', 'domestic',
];

/**
 * The page's visible text holds no message id (a known one, or anything shaped
 * like one: `error-foo-bar` whose first part starts known ids) and, outside
 * English pages, no raw stored value.
 */
export async function checkNoRawText(page, label) {
  const { text, lang } = await page.evaluate(() => ({ text: document.body.innerText, lang: document.documentElement.lang }));
  const words = text.split(/[\s,.:;()"”“«»„]+/).filter(Boolean);
  const ids = words.filter(
    (w) => MESSAGE_IDS.has(w) || (/^[a-z]+(-[a-z0-9_]+){2,}$/.test(w) && ID_FIRSTS.has(w.split('-')[0])),
  );
  const raw = lang === 'en' ? [] : words.filter((w) => RAW_VALUES.includes(w));
  if (ids.length || raw.length) {
    throw new Error(`${label} (${page.url()}, lang ${lang}) shows message ids ${JSON.stringify(ids)} / raw values ${JSON.stringify(raw)}`);
  }
}

/** Where the pages the suite checked are kept for the Nu Html Checker (run.sh runs it after the tests). */
export const HTML_DIR = join(RESULTS_DIR, 'html');
let htmlCounter = 0;

/** Keeps the page's markup for the HTML check. */
export async function keepHtml(page, label) {
  mkdirSync(HTML_DIR, { recursive: true });
  htmlCounter += 1;
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const name = `${process.pid}-${String(htmlCounter).padStart(3, '0')}-${slug || 'page'}.html`;
  writeFileSync(join(HTML_DIR, name), await page.content());
}
