// The admin web page in a real browser: Debian's /usr/bin/chromium driven by
// playwright-core (no browser download). Run by the gtest orchestrator in
// tests/integration/admin-browser, which owns the bridge, Prosody and the
// PSTN simulator and starts the conference by XMPP chat.
//
// Talking to the orchestrator (files, so it works with harness::Process):
//   - we print "STEP <name> <json>" lines on stdout (the orchestrator tails
//     our log file);
//   - we wait for "GO <name>" lines to appear in CONFAB_E2E_CONTROL.
//
// Settings, from the environment:
//   CONFAB_E2E_URL            https://127.0.0.1:PORT (no trailing slash)
//   CONFAB_E2E_USER           admin name
//   CONFAB_E2E_PASSWORD_FILE  file holding the admin's password
//   CONFAB_E2E_CERT           the bridge's PEM certificate: its public key is
//                             pinned, so only that certificate is accepted
//   CONFAB_E2E_CONTROL        the GO file
//   CONFAB_E2E_SCREENSHOTS    folder for admin-*.png
//   CONFAB_E2E_DOWNLOADS      folder for the CSV export
//   CONFAB_E2E_CHROMIUM       browser binary (default /usr/bin/chromium)
//   CONFAB_E2E_TALKER         number of the phone that talks (+15551230001)
//   CONFAB_E2E_LISTENER       number of the silent phone (+15551230002)
//   CONFAB_E2E_BUSY           number that is busy (+15551230005)
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

import { chromium } from 'playwright-core';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
};

const settings = {
  url: env('CONFAB_E2E_URL'),
  user: env('CONFAB_E2E_USER'),
  password: readFileSync(env('CONFAB_E2E_PASSWORD_FILE'), 'utf8').replace(/\r?\n$/, ''),
  cert: env('CONFAB_E2E_CERT'),
  control: env('CONFAB_E2E_CONTROL'),
  screenshots: env('CONFAB_E2E_SCREENSHOTS'),
  downloads: env('CONFAB_E2E_DOWNLOADS'),
  chromium: env('CONFAB_E2E_CHROMIUM', '/usr/bin/chromium'),
  talker: env('CONFAB_E2E_TALKER', '+15551230001'),
  listener: env('CONFAB_E2E_LISTENER', '+15551230002'),
  busy: env('CONFAB_E2E_BUSY', '+15551230005'),
};

const step = (name, data = {}) => console.log(`STEP ${name} ${JSON.stringify(data)}`);
const note = (text) => console.log(`NOTE ${text}`);

function fail(message) {
  throw new Error(message);
}

function check(condition, message) {
  if (!condition) fail(message);
}

async function waitForGo(name, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = existsSync(settings.control) ? readFileSync(settings.control, 'utf8') : '';
    if (text.split('\n').includes(`GO ${name}`)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  fail(`the orchestrator never said GO ${name}`);
}

// The SHA-256 of the certificate's SubjectPublicKeyInfo, base64: what
// Chromium's --ignore-certificate-errors-spki-list takes. Chromium then
// accepts exactly the certificates carrying this key (the bridge's
// self-signed one) and still refuses every other bad certificate: a pin, not
// "ignore all certificate errors".
function spkiPin(pemFile) {
  const certificate = new X509Certificate(readFileSync(pemFile));
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

// Clicks something that submits a form and waits until the page the server
// answers with (usually a 303 back to the same URL) has loaded, scripts
// included: waiting for the URL alone would return at once when it does not
// change.
async function submit(page, locator) {
  await Promise.all([page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }), locator.click()]);
  await page.waitForLoadState('load');
}

async function screenshot(page, name) {
  const file = join(settings.screenshots, `admin-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  step('screenshot', { file });
}

async function main() {
  mkdirSync(settings.screenshots, { recursive: true });
  mkdirSync(settings.downloads, { recursive: true });
  check(existsSync(settings.chromium), `no browser at ${settings.chromium}: install the Debian "chromium" package`);

  const browser = await chromium.launch({
    executablePath: settings.chromium,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--ignore-certificate-errors-spki-list=${spkiPin(settings.cert)}`,
    ],
  });
  const problems = [];
  try {
    const context = await browser.newContext({
      ignoreHTTPSErrors: false,
      acceptDownloads: true,
      viewport: { width: 1280, height: 860 },
      colorScheme: 'light',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20000);
    // Any script error or CSP violation (Chromium logs those as console
    // errors) fails the test, as does any dialog we did not expect.
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // HTTP error statuses are judged below, from the responses themselves.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console error on ${page.url()}: ${message.text()}`);
      }
    });
    // The only error answers the script provokes on purpose.
    const expectedErrors = [
      { method: 'POST', path: '/login', status: 401 },   // the wrong password
      { method: 'POST', path: '/policy', status: 400 },  // the refused policy
    ];
    page.on('response', (response) => {
      if (response.status() < 400) return;
      const request = response.request();
      const path = new URL(response.url()).pathname;
      const expected = expectedErrors.some((e) => e.method === request.method() && e.path === path && e.status === response.status());
      if (!expected) problems.push(`${request.method()} ${path} answered ${response.status()}`);
    });
    let expectedDialog = null;
    page.on('dialog', async (dialog) => {
      if (expectedDialog !== null && dialog.type() === 'confirm' && dialog.message().includes(expectedDialog)) {
        expectedDialog = null;
        await dialog.accept();
      } else {
        problems.push(`unexpected ${dialog.type()} dialog: ${dialog.message()}`);
        await dialog.dismiss();
      }
    });
    context.on('request', (request) => {
      if (!request.url().startsWith(settings.url + '/')) problems.push(`request outside the bridge: ${request.url()}`);
    });

    // ---- login: without a session every page sends us to the login form
    const first = await page.goto(`${settings.url}/`);
    check(first.ok(), `GET / answered ${first.status()}`);
    check(new URL(page.url()).pathname === '/login', `GET / without a session ended on ${page.url()}, not /login`);
    const headers = first.headers();
    check((headers['content-security-policy'] || '').includes("script-src 'self'"), 'no CSP header on the login page');
    await page.fill('#username', settings.user);
    await page.fill('#password', 'not the password');
    await submit(page, page.locator('#login-form button[type=submit]'));
    await page.locator('#login-error').waitFor();
    check((await page.inputValue('#username')) === settings.user, 'the login form did not keep the user name');
    await screenshot(page, 'login');
    await page.fill('#password', settings.password);
    await submit(page, page.locator('#login-form button[type=submit]'));
    check(page.url() === `${settings.url}/`, `login ended on ${page.url()}`);
    check((await page.textContent('#admin-name')) === settings.user, 'the admin name is not shown after login');
    await page.locator('#live-status[data-state="live"]').waitFor();
    step('logged-in');

    // ---- a live conference appears without a reload
    step('dashboard-ready');
    await waitForGo('conference-started');
    const card = page.locator('#conferences article.conference').first();
    await card.waitFor({ timeout: 20000 });
    const conferenceId = await card.getAttribute('data-conference-id');
    check(/^\d+$/.test(conferenceId || ''), `bad data-conference-id ${conferenceId}`);
    step('conference-seen', { id: Number(conferenceId) });
    const talkerLeg = card.locator('li.leg', { hasText: settings.talker });
    const listenerLeg = card.locator('li.leg', { hasText: settings.listener });
    await talkerLeg.locator('.chip.state-connected').waitFor({ timeout: 20000 });
    await listenerLeg.locator('.chip.state-connected').waitFor({ timeout: 20000 });

    // ---- the talker indicator follows the phone's talk schedule
    await card.locator(`li.leg.talking`, { hasText: settings.talker }).waitFor({ timeout: 15000 });
    check((await talkerLeg.locator('.talk-indicator').textContent()).includes('talking'), 'talking is not said in words');
    check(!(await listenerLeg.getAttribute('class')).includes('talking'), 'the silent phone shows as talking');
    await screenshot(page, 'dashboard');
    await card.locator(`li.leg:not(.talking)`, { hasText: settings.talker }).waitFor({ timeout: 15000 });
    check((await talkerLeg.locator('.talk-indicator').textContent()).includes('silent'), 'silence is not said in words');
    await card.locator(`li.leg.talking`, { hasText: settings.talker }).waitFor({ timeout: 15000 });
    step('talker-seen');

    // ---- conference detail, live too
    await Promise.all([page.waitForURL(`${settings.url}/conferences/${conferenceId}`), card.locator('h2 a').click()]);
    const detail = page.locator(`#conference[data-conference-id="${conferenceId}"]`);
    await detail.waitFor();
    await page.locator('#live-status[data-state="live"]').waitFor();
    const talkerRow = page.locator('#participants tbody tr', { hasText: settings.talker });
    await page.locator('#participants tbody tr.talking', { hasText: settings.talker }).waitFor({ timeout: 15000 });
    const busyRow = page.locator('#participants tbody tr', { hasText: settings.busy });
    if (await busyRow.count()) {
      await busyRow.locator('.chip.state-disconnected').waitFor({ timeout: 15000 });
    }
    await screenshot(page, 'conference');

    // ---- mute the talker from the page
    const participant = await talkerRow.getAttribute('data-participant');
    step('muting', { participant: Number(participant) });
    await submit(page, talkerRow.locator(`form[action$="/legs/${participant}/mute"] button`));
    check(page.url() === `${settings.url}/conferences/${conferenceId}`, `mute ended on ${page.url()}`);
    await page.locator('#participants tbody tr.muted', { hasText: settings.talker }).waitFor();
    await talkerRow.locator(`form[action$="/legs/${participant}/unmute"] button`).waitFor();
    step('muted', { participant: Number(participant) });
    await screenshot(page, 'conference-muted');

    // ---- end it (the page asks first), after the orchestrator heard enough
    await waitForGo('end', 60000);
    expectedDialog = 'End this conference';
    await submit(page, page.locator('form[action$="/end"] button'));
    check(expectedDialog === null, 'ending did not ask for confirmation');
    await page.goto(`${settings.url}/`);
    await page.locator('#no-conferences').waitFor({ state: 'visible', timeout: 20000 });
    check((await page.locator(`[data-conference-id="${conferenceId}"]`).count()) === 0, 'the ended conference is still shown');
    step('ended', { id: Number(conferenceId) });

    // ---- history: find it, search, follow it to its timeline
    await page.click('nav a[href="/history"]');
    await page.locator('#history').waitFor();
    const rows = page.locator(`#history tbody tr:has(a[href="/history/${conferenceId}"])`);
    check((await rows.count()) >= 2, `history shows ${await rows.count()} legs of conference ${conferenceId}`);
    const failedRow = page.locator('#history tbody tr.failed', { hasText: settings.busy });
    check((await failedRow.count()) >= 1, 'the busy leg is not marked failed');
    check((await failedRow.first().locator('.sip-code').textContent()).trim() === '486', 'the busy leg has no SIP 486');
    await page.fill('#h-number', settings.talker);
    await page.fill('#h-user', 'alice');
    await submit(page, page.locator('#history-search button[type=submit]'));
    check(page.url().includes('/history?'), `the search ended on ${page.url()}`);
    const found = page.locator('#history tbody tr');
    check((await found.count()) >= 1, 'the search found nothing');
    for (const text of await found.locator('td.number').allTextContents()) {
      check(text.includes(settings.talker.slice(1)), `search for ${settings.talker} returned ${text}`);
    }
    await page.goto(`${settings.url}/history`);
    await screenshot(page, 'history');

    // ---- CSV export of the same filters
    await page.goto(`${settings.url}/history?user=alice&number=${encodeURIComponent(settings.talker)}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csvFile = join(settings.downloads, 'history.csv');
    await download.saveAs(csvFile);
    const csv = readFileSync(csvFile, 'utf8');
    check(csv.startsWith('conference_id,leg_id,started_utc,'), `the CSV has no header: ${csv.slice(0, 100)}`);
    check(csv.includes(`${conferenceId},`) && csv.includes(`'${settings.talker}`), 'the CSV lacks the conference\'s talker leg');
    check(!csv.includes(settings.listener), 'the CSV ignored the number filter');
    step('csv', { file: csvFile });

    // ---- timeline
    await page.goto(`${settings.url}/history`);
    await Promise.all([page.waitForURL(`${settings.url}/history/${conferenceId}`),
      page.locator(`a[href="/history/${conferenceId}"]`).first().click()]);
    await page.locator('#timeline li').first().waitFor();
    const timeline = await page.locator('#timeline').textContent();
    check(timeline.includes(settings.talker) && timeline.includes('486'), 'the timeline lacks the legs');
    await screenshot(page, 'timeline');

    // ---- directory: a hostile name comes back as text, and no script runs
    await page.click('nav a[href="/directory"]');
    const hostile = '<img src=x onerror=alert(1)> Bob "the builder"';
    await page.fill('#u-jid', 'bob@example.com');
    await page.fill('#u-name', hostile);
    await page.fill('#u-work', settings.listener);
    await submit(page, page.locator('#user-form button[type=submit]'));
    const bobRow = page.locator('#directory tr[data-jid="bob@example.com"]');
    await bobRow.waitFor();
    check((await bobRow.locator('td.name').textContent()) === hostile, 'the directory name did not come back as text');
    check((await page.locator('#directory img').count()) === 0, 'the directory name became markup');
    await page.fill('#u-jid', 'carol@example.com');
    await page.fill('#u-name', 'Carol Smith');
    await page.fill('#u-mobile', '+15551230003');
    await page.check('#u-pref-mobile');
    await submit(page, page.locator('#user-form button[type=submit]'));
    await page.locator('#directory tr[data-jid="carol@example.com"]').waitFor();
    // The edit button copies a row into the form.
    await bobRow.locator('button.edit-user').click();
    check((await page.inputValue('#u-name')) === hostile, 'edit did not fill the form');
    await page.locator('#user-form button[type=reset]').click();
    await screenshot(page, 'directory');

    // ---- dial policy: a refused change says why, a good one is kept
    await page.click('nav a[href="/policy"]');
    await page.fill('#p-blocked', '+1900\nnot-a-prefix');
    await submit(page, page.locator('#policy-form button[type=submit]'));
    await page.locator('.flash.error').first().waitFor();
    await page.goto(`${settings.url}/policy`);
    await page.fill('#p-blocked', '+1900\n+1976');
    await page.fill('#p-max-rate', '17');
    await submit(page, page.locator('#policy-form button[type=submit]'));
    await page.locator('.flash.ok').waitFor();
    check((await page.inputValue('#p-max-rate')) === '17', 'the policy change was not kept');
    check((await page.inputValue('#p-blocked')).includes('+1976'), 'the blocked prefix was not kept');
    await screenshot(page, 'policy');

    // ---- system: version, configuration, log, audit of what we did
    await page.click('nav a[href="/system"]');
    await page.locator('#recent-log').waitFor();
    const audit = await page.locator('#audit').textContent();
    check(audit.includes('mute'), 'the mute is not in the audit table');
    await screenshot(page, 'system');

    // ---- log out: the session is gone
    await submit(page, page.locator('form[action="/logout"] button'));
    check(new URL(page.url()).pathname === '/login', `logout ended on ${page.url()}`);
    await page.goto(`${settings.url}/system`);
    check(new URL(page.url()).pathname === '/login', 'the session survived logout');
    step('logged-out');

    await context.close();
  } finally {
    await browser.close();
  }
  if (problems.length > 0) fail(`the browser saw problems:\n  ${problems.join('\n  ')}`);
  step('done');
}

main().catch((error) => {
  console.log(`FAIL ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
