// The inspector's actions in Debian's Chromium, as a person uses them: Replay (as captured and
// re-signed), Edit and resend, Save as fixture, each reaching a real receiver (a second
// hookscope listen), and a page of another origin that tries the same and is refused. Controls
// are found by their accessible names. Screenshots go to target/browser-artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import path from 'node:path';
import { launch, cleanup, open as openIn, start, trigger, row, artifacts, scratch, children, bin, SECRET, WAIT } from './harness.mjs';

// The receiver's own secret: what the inspector re-signs with (--resign-secret).
const RECEIVER_SECRET = 'browser-receiver-secret';
const fixtures = path.join(scratch, 'fixtures');

let browser;
let inspector;
let receiver;

// `hookscope listen --secret S --format json --no-store --port 0`: a receiver that prints a
// JSON line for each delivery, read here as they come.
function startReceiver(secret) {
  const child = spawn(bin, ['listen', '--secret', secret, '--format', 'json', '--no-store', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
  children.push(child);
  const queue = [];
  const waiting = [];
  let started;
  const ready = new Promise((resolve) => { started = resolve; });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const v = JSON.parse(line);
    if (v.listening) { started(v.listening); return; }
    if (waiting.length) waiting.shift()(v); else queue.push(v);
  });
  // The next delivery it saw, in the order they came.
  const next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the receiver saw no delivery in time')), WAIT);
    waiting.push((v) => { clearTimeout(timer); resolve(v); });
  }));
  return ready.then((url) => ({ url, next }));
}

before(async () => {
  browser = await launch();
  receiver = await startReceiver(RECEIVER_SECRET);
  inspector = await start(
    ['listen', '--port', '0', '--ui', '--ui-port', '0', '--store', path.join(scratch, 'store'),
      '--secret', SECRET, '--resign-secret', RECEIVER_SECRET, '--fixtures', fixtures],
    ['listen', 'base'],
  );
});

after(() => cleanup(browser));

const open = (url = inspector.url) => openIn(browser, url);

// Opens the newest delivery to `path` and waits for its actions.
async function detailOf(page, pathname) {
  await row(page, new RegExp(`POST ${pathname}`)).first().click();
  await page.getByRole('heading', { name: `POST ${pathname}` }).waitFor({ timeout: WAIT });
  await page.getByRole('group', { name: 'Replay', exact: true }).waitFor({ timeout: WAIT });
}

// Every /api/ answer the page got, to hold against the secrets.
function answersOf(page) {
  const bodies = [];
  page.on('response', async (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/') && !r.url().includes('/api/events')) {
      try { bodies.push(await r.text()); } catch { /* a stream, or gone with its page */ }
    }
  });
  return bodies;
}

async function noSecretIn(page, bodies) {
  const dom = await page.evaluate(() => document.documentElement.outerHTML
    + [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n'));
  for (const secret of [SECRET, RECEIVER_SECRET]) {
    assert.ok(!dom.includes(secret), `${secret} in the page`);
    for (const b of bodies) assert.ok(!b.includes(secret), `${secret} in an answer: ${b.slice(0, 200)}`);
  }
}

test('Replay reaches the receiver as captured, and re-signed it is valid there', async () => {
  trigger(inspector.listen, 'github', 'push');
  const { context, page, problems } = await open();
  const bodies = answersOf(page);
  await detailOf(page, '/hooks/github');
  const replay = page.getByRole('group', { name: 'Replay', exact: true });
  await replay.getByRole('textbox', { name: 'Target URL' }).fill(receiver.url);
  await replay.getByRole('button', { name: 'Replay' }).click();
  // As captured: signed with the sender's secret, which the receiver does not have.
  await replay.getByText(`Replayed to ${receiver.url}/hooks/github: answered 401`).waitFor({ timeout: WAIT });
  const asCaptured = await receiver.next();
  assert.equal(asCaptured.path, '/hooks/github');
  assert.equal(asCaptured.signature, 'invalid');

  await replay.getByRole('checkbox', { name: 'Re-sign' }).check();
  await replay.getByRole('button', { name: 'Replay' }).click();
  await replay.getByText(`Replayed to ${receiver.url}/hooks/github: answered 200`).waitFor({ timeout: WAIT });
  await replay.getByText('Re-signed for github with the secret of --resign-secret.').waitFor();
  const resigned = await receiver.next();
  assert.equal(resigned.signature, 'valid');
  assert.equal(resigned.event, 'push');
  // The receiver's answer, as it came: its body.
  assert.match(await replay.getByLabel('Answer body').textContent(), /"ok":true/);
  await page.screenshot({ path: path.join(artifacts, 'replay.png'), fullPage: true });

  // The target is remembered for this inspector, past a reload.
  await page.reload();
  await detailOf(page, '/hooks/github');
  const remembered = page.getByRole('group', { name: 'Replay', exact: true }).getByRole('textbox', { name: 'Target URL' });
  assert.equal(await remembered.inputValue(), receiver.url);
  await noSecretIn(page, bodies);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Edit and resend: a changed body, re-signed, is valid at the receiver and listed as a new capture naming its original', async () => {
  trigger(inspector.listen, 'github', 'pull_request.opened');
  const { context, page, problems } = await open();
  const bodies = answersOf(page);
  await page.getByText('Live: new deliveries appear at the top.').waitFor({ timeout: WAIT });
  await detailOf(page, '/hooks/github');
  const before = await page.getByRole('button', { name: /^POST \/hooks\/github/ }).count();

  await page.getByRole('button', { name: 'Edit and resend' }).click();
  const edit = page.getByRole('group', { name: 'Edit and resend', exact: true });
  const body = edit.getByRole('textbox', { name: 'Body' });
  const text = await body.inputValue();
  assert.match(text, /"action":"opened"/);
  await body.fill(text.replace('"action":"opened"', '"action":"edited"'));
  const headers = edit.getByRole('textbox', { name: 'Headers, one "Name: value" a line' });
  await headers.fill(`${await headers.inputValue()}\nX-Edited-By: the inspector`);
  await edit.getByRole('textbox', { name: 'Target URL' }).fill(receiver.url);
  await edit.getByRole('checkbox', { name: 'Re-sign' }).check();
  await edit.getByRole('button', { name: 'Resend' }).click();
  await edit.getByText(`Resent to ${receiver.url}/hooks/github: answered 200`).waitFor({ timeout: WAIT });
  const got = await receiver.next();
  assert.equal(got.signature, 'valid');
  // GitHub's event is its header's and the body's action: the edited body arrived.
  assert.equal(got.event, 'pull_request.edited');

  // A new row, live; its detail names the original, which opens from it.
  await page.waitForFunction((n) => [...document.querySelectorAll('#list button.open')]
    .filter((b) => b.textContent.startsWith('POST /hooks/github')).length === n + 1, before, { timeout: WAIT });
  await edit.getByRole('button', { name: 'Open the resent capture' }).click();
  const original = page.getByRole('button', { name: 'Open the original' });
  await original.waitFor({ timeout: WAIT });
  await page.getByText(/^Resent from [0-9a-f-]{36}\./).waitFor();
  await original.click();
  await page.getByRole('button', { name: 'Open the original' }).waitFor({ state: 'detached', timeout: WAIT });
  await page.getByRole('group', { name: 'Replay', exact: true }).waitFor({ timeout: WAIT });
  await noSecretIn(page, bodies);
  assert.deepEqual(problems, []);
  await context.close();
});

test('under inspect, a resent capture shows at the top of the list once it is stored', async () => {
  trigger(inspector.listen, 'github', 'push');
  const inspecting = await start(['inspect', '--ui-port', '0', '--store', path.join(scratch, 'store'), '--secret', SECRET], ['base']);
  const { context, page, problems } = await open(inspecting.url);
  await page.getByText(/^The store as it is/).waitFor({ timeout: WAIT });
  await detailOf(page, '/hooks/github');
  const rows = () => page.getByRole('button', { name: /^POST \/hooks\/github/ }).count();
  const before = await rows();
  await page.getByRole('button', { name: 'Edit and resend' }).click();
  const edit = page.getByRole('group', { name: 'Edit and resend', exact: true });
  await edit.getByRole('textbox', { name: 'Target URL' }).fill(receiver.url);
  await edit.getByRole('button', { name: 'Resend' }).click();
  await edit.getByText(/^Stored as a new capture/).waitFor({ timeout: WAIT });
  await receiver.next();
  // Read again from the store (nothing is live here): one row more, the resent one.
  await page.waitForFunction((n) => [...document.querySelectorAll('#list button.open')]
    .filter((b) => b.textContent.startsWith('POST /hooks/github')).length === n + 1, before, { timeout: WAIT });
  assert.equal(await rows(), before + 1);
  assert.deepEqual(problems, []);
  await context.close();
  inspecting.child.kill('SIGKILL');
});

test('Save as fixture writes a file that hookscope verify passes, and asks before writing over it', async () => {
  trigger(inspector.listen, 'stripe', 'payment_intent.succeeded');
  const { context, page, problems } = await open();
  const bodies = answersOf(page);
  await detailOf(page, '/hooks/stripe');
  const save = page.getByRole('group', { name: 'Save as fixture', exact: true });
  const name = save.getByRole('textbox', { name: 'File name' });
  assert.equal(await name.inputValue(), 'stripe-payment-intent-succeeded.json');
  await save.getByRole('button', { name: 'Save as fixture' }).click();
  await save.getByText('Wrote stripe-payment-intent-succeeded.json in').waitFor({ timeout: WAIT });
  const check = (secret) => spawnSync(bin, ['verify', '--secret', secret, '--no-tolerance', fixtures], { encoding: 'utf8' });
  let verified = check(SECRET);
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);

  // Again: refused until the person says to write over it, here in the page.
  await save.getByRole('textbox', { name: 'Redact' }).fill('pii');
  await save.getByRole('checkbox', { name: 'Re-sign' }).check();
  await save.getByRole('button', { name: 'Save as fixture' }).click();
  const overwrite = save.getByRole('button', { name: 'Overwrite stripe-payment-intent-succeeded.json' });
  await overwrite.waitFor({ timeout: WAIT });
  await overwrite.click();
  await save.getByText(/^Wrote over stripe-payment-intent-succeeded\.json in .* re-signed with the test secret\)\.$/).waitFor({ timeout: WAIT });
  verified = check(RECEIVER_SECRET);
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  assert.deepEqual(fs.readdirSync(fixtures), ['stripe-payment-intent-succeeded.json']);

  // A name that is not a plain file name is refused, and nothing is written.
  await name.fill('../outside.json');
  await save.getByRole('button', { name: 'Save as fixture' }).click();
  await save.getByText(/not a plain file name/).waitFor({ timeout: WAIT });
  assert.ok(!fs.existsSync(path.join(scratch, 'outside.json')));
  await noSecretIn(page, bodies);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a page of another origin cannot make the inspector send anything', async () => {
  trigger(inspector.listen, 'github', 'push');
  const list = await (await fetch(`${inspector.base}/api/captures`, { headers: { 'X-Hookscope-Token': inspector.token } })).json();
  const id = list.captures[0].id;
  const port = new URL(inspector.base).port;
  const body = JSON.stringify({ to: receiver.url, resign: true });
  const attempts = async (page) => page.evaluate(async ({ base, id, token, body }) => {
    const tries = [
      // With the token: a cross-origin request with a header of its own needs a preflight,
      // which the inspector refuses.
      () => fetch(`${base}/api/captures/${id}/replay`, { method: 'POST', headers: { 'X-Hookscope-Token': token, 'Content-Type': 'application/json' }, body }),
      // What needs no preflight: no token, no JSON.
      () => fetch(`${base}/api/captures/${id}/replay`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body }),
      // To its own name, which resolves here: refused for its Host.
      () => fetch(`/api/captures/${id}/replay`, { method: 'POST', headers: { 'X-Hookscope-Token': token, 'Content-Type': 'application/json' }, body }),
    ];
    const out = [];
    for (const t of tries) {
      try { const r = await t(); out.push(r.type === 'opaque' ? 'opaque' : r.status); } catch (e) { out.push(`refused: ${e.name}`); }
    }
    return out;
  }, { base: inspector.base, id, token: inspector.token, body });

  // Refused by the browser (its preflight is refused), or sent without the token (and answered
  // 401, unread), or refused for its Host: each way, nothing is done.
  const rebound = await openIn(browser, `http://rebound.example:${port}/`);
  const fromRebound = await attempts(rebound.page);
  assert.equal(fromRebound[0], 'refused: TypeError');
  assert.ok(['opaque', 'refused: TypeError'].includes(fromRebound[1]), fromRebound[1]);
  assert.equal(fromRebound[2], 403);
  await rebound.context.close();
  const data = await openIn(browser, 'data:text/html,<p>another page</p>');
  const fromData = await attempts(data.page);
  assert.equal(fromData[0], 'refused: TypeError');
  assert.ok(['opaque', 'refused: TypeError'].includes(fromData[1]), fromData[1]);
  await data.context.close();

  // Nothing was sent: the next delivery the receiver sees is this one, from the page itself.
  const { context, page } = await open();
  await detailOf(page, '/hooks/github');
  const replay = page.getByRole('group', { name: 'Replay', exact: true });
  await replay.getByRole('textbox', { name: 'Target URL' }).fill(`${receiver.url}/from-the-page`);
  await replay.getByRole('button', { name: 'Replay' }).click();
  await replay.getByText(/Replayed to .*: answered/).waitFor({ timeout: WAIT });
  assert.equal((await receiver.next()).path, '/from-the-page/hooks/github');
  await context.close();
});
