// Bpium requests waiting for an answer (`listen --ui --decide ask`), answered from the page:
// approve, reject with a message, field values for record.updating, the countdown, and that
// a page of another origin cannot answer. Standard input is closed here (the harness starts
// hookscope with none), so the page is the only side that answers before the deadline.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { launch, cleanup, open as openIn, start, bin, artifacts, scratch, SECRET, WAIT } from './harness.mjs';

let browser;
let listener;

before(async () => {
  browser = await launch();
  listener = await start(
    ['listen', '--port', '0', '--ui', '--ui-port', '0', '--store', path.join(scratch, 'store'),
      '--secret', SECRET, '--decide', 'ask', '--ask-timeout', '9.9'],
    ['listen', 'base'],
  );
});

after(() => cleanup(browser));

const open = () => openIn(browser, listener.url);

// Sends Bpium's sample event signed, and resolves with trigger's exit code and what it printed
// (the answer) once the answer came.
function trigger(event, more = [], to = '/hooks/bpium') {
  return new Promise((resolve) => {
    execFile(bin, ['trigger', 'bpium', event, '--secret', SECRET, '--to', `${listener.listen}${to}`, '--timeout', '30', ...more],
      (error, stdout) => resolve({ code: error ? error.code : 0, stdout }));
  });
}

const card = (page, name) => page.getByRole('listitem', { name });

test('a request shows with its countdown, is approved from the page, and the card says who answered', async () => {
  const { context, page, problems } = await open();
  await page.getByRole('heading', { name: 'Waiting for an answer' }).waitFor({ timeout: WAIT });
  const answered = trigger('record.before.created');
  const question = card(page, /record\.before\.created POST \/hooks\/bpium/);
  await question.waitFor({ timeout: WAIT });
  const timer = question.getByRole('timer');
  const first = await timer.textContent();
  assert.match(first, /^\d+ s left, then reject$/);
  // The countdown moves: wait for the text to change, not for a time.
  await page.waitForFunction((was) => document.querySelector('.question .timer')?.textContent !== was, first, { timeout: WAIT });
  await page.screenshot({ path: path.join(artifacts, 'question.png') });
  await question.getByRole('button', { name: 'Show delivery' }).click();
  await page.getByRole('heading', { name: 'POST /hooks/bpium', exact: true }).waitFor({ timeout: WAIT });
  await question.getByRole('button', { name: 'Approve' }).click();
  const { code, stdout } = await answered;
  assert.equal(code, 0, stdout);
  await question.getByText('Answered in the inspector: approved.').waitFor({ timeout: WAIT });
  assert.equal(await question.getByRole('button', { name: 'Approve' }).isDisabled(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a rejection from the page carries its message to the sender', async () => {
  const { context, page, problems } = await open();
  const answered = trigger('record.before.deleted');
  const question = card(page, /record\.before\.deleted/);
  await question.waitFor({ timeout: WAIT });
  await question.getByLabel('Reject message').fill('Not before the audit');
  await question.getByRole('button', { name: 'Reject' }).click();
  const { code, stdout } = await answered;
  assert.equal(code, 1, stdout);
  assert.match(stdout, /403/);
  assert.match(stdout, /Not before the audit/);
  await question.getByText('Answered in the inspector: rejected.').waitFor({ timeout: WAIT });
  assert.deepEqual(problems, []);
  await context.close();
});

test('record.updating takes field values typed in the page; JSON that is not an object is refused there', async () => {
  const { context, page, problems } = await open();
  const answered = trigger('record.updating');
  const question = card(page, /record\.updating/);
  await question.waitFor({ timeout: WAIT });
  const values = question.getByLabel('Field values (JSON, by field id)');
  await values.fill('[1, 2]');
  await question.getByRole('button', { name: 'Send values' }).click();
  await question.getByText('The values are an object of field ids and values').waitFor();
  await values.fill('{"3": "42", "9": ["a", "b"]}');
  await question.getByRole('button', { name: 'Send values' }).click();
  const { code, stdout } = await answered;
  assert.equal(code, 0, stdout);
  assert.match(stdout, /"3": "42"/);
  await question.getByText('Answered in the inspector: given values.').waitFor({ timeout: WAIT });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a page of another origin that knows the token still cannot answer', async () => {
  const { context, page } = await open();
  const answered = trigger('record.before.updated');
  const question = card(page, /record\.before\.updated/);
  await question.waitFor({ timeout: WAIT });
  const pending = await (await fetch(`${listener.base}/api/pending`, { headers: { 'X-Hookscope-Token': listener.token } })).json();
  const { id } = pending.pending.find((q) => q.event === 'record.before.updated');
  // Another origin on this machine: the listener's own start page.
  const other = await context.newPage();
  await other.goto(`${listener.listen}/`);
  const tried = await other.evaluate(async ({ base, token, id }) => {
    const said = [];
    // With the token in a header: the browser asks first (CORS), and the inspector says no.
    try {
      const r = await fetch(`${base}/api/pending/${id}`, {
        method: 'POST',
        headers: { 'X-Hookscope-Token': token, 'Content-Type': 'application/json' },
        body: '{"answer":"approve"}',
      });
      said.push(`answered ${r.status}`);
    } catch { said.push('blocked'); }
    // As a simple request, which needs no asking: it cannot carry the token.
    await fetch(`${base}/api/pending/${id}`, { method: 'POST', mode: 'no-cors', body: '{"answer":"approve"}' });
    said.push('sent');
    return said;
  }, { base: listener.base, token: listener.token, id });
  assert.deepEqual(tried, ['blocked', 'sent']);
  // Still open and waiting: neither was taken.
  const still = await (await fetch(`${listener.base}/api/pending`, { headers: { 'X-Hookscope-Token': listener.token } })).json();
  assert.ok(still.pending.some((q) => q.id === id), JSON.stringify(still));
  await question.getByRole('button', { name: 'Approve' }).click();
  assert.equal((await answered).code, 0);
  await context.close();
});

test('a question whose event name and path carry markup shows them as text', async () => {
  const { context, page, problems, requests } = await open();
  await page.getByRole('heading', { name: 'Waiting for an answer' }).waitFor({ timeout: WAIT });
  const event = 'record.before.<img src=x onerror=alert(1)><script>alert(2)</script>';
  const to = `/hooks/"onmouseover='alert(3)'/%3Cscript%3Ealert(4)%3C%2Fscript%3E`;
  const answered = trigger('record.before.created', ['--set', `/hook/event=${JSON.stringify(event)}`], to);
  const question = card(page, /record\.before\.<img/);
  await question.waitFor({ timeout: WAIT });
  await question.getByText(event, { exact: true }).waitFor();
  const counts = await page.evaluate(() => ({
    scripts: document.scripts.length,
    imgs: document.images.length,
    handlers: document.querySelectorAll('[onmouseover], [onerror]').length,
  }));
  assert.deepEqual(counts, { scripts: 1, imgs: 0, handlers: 0 });
  await question.getByRole('button', { name: 'Reject' }).click();
  assert.equal((await answered).code, 1);
  assert.deepEqual(problems, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${listener.base}/`)), []);
  await context.close();
});
