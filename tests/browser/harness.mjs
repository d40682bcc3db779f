// What every browser test file shares: the binary, a scratch directory, starting hookscope and
// reading where it listens, hand-written requests, one headless Chromium and a fresh page in it.
// Screenshots go to target/browser-artifacts/.

import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
export const bin = process.env.HOOKSCOPE_BIN || path.join(targetDir, 'debug', 'hookscope');
export const artifacts = path.join(root, 'target', 'browser-artifacts');
export const SECRET = 'browser-test-secret';
// How long a step may take before the test fails: only reached when what it waits for never comes.
export const WAIT = 20000;

fs.mkdirSync(artifacts, { recursive: true });
export const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hookscope-browser-'));
export const children = [];

// Starts hookscope and waits for the lines that say where it is.
export function start(args, wanted) {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const stderr = [];
  child.stderr.on('data', (d) => stderr.push(String(d)));
  return new Promise((resolve, reject) => {
    const found = {};
    const timer = setTimeout(() => reject(new Error(`hookscope did not start: ${stderr.join('')}`)), WAIT);
    lines.on('line', (line) => {
      const listening = line.match(/^listening on (http:\/\/\S+)/);
      if (listening) found.listen = listening[1];
      const ui = line.match(/^inspector on (http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]{64})$/);
      if (ui) { found.base = ui[1]; found.token = ui[2]; found.url = `${ui[1]}/#token=${ui[2]}`; }
      if (wanted.every((k) => found[k])) { clearTimeout(timer); resolve({ child, ...found }); }
    });
    child.on('exit', (code) => reject(new Error(`hookscope exited ${code}: ${stderr.join('')}`)));
    child.on('error', (e) => reject(new Error(`could not run ${bin} (set HOOKSCOPE_BIN, or build first): ${e.message}`)));
  });
}

// One HTTP request written by hand, so the path and headers go out exactly as given.
export function raw(url, request) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    // Written, not half-closed: as a browser does, the request then waits for its answer.
    const s = net.connect(Number(port), hostname, () => s.write(request));
    const chunks = [];
    s.on('data', (d) => chunks.push(d));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.on('error', reject);
  });
}

export function post(listen, pathname, body, headers = {}) {
  return fetch(`${listen}${pathname}`, { method: 'POST', body, headers }).then((r) => r.status);
}

export function trigger(listen, platform, event) {
  execFileSync(bin, ['trigger', platform, event, '--secret', SECRET, '--to', `${listen}/hooks/${platform}`], { stdio: 'ignore' });
}

// One headless Debian Chromium for a test file.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // A name of another site that resolves to this machine, as DNS rebinding makes it.
      '--host-resolver-rules=MAP rebound.example 127.0.0.1',
    ],
  });
}

// Ends what a test file started: the browser, every hookscope, the scratch directory.
export async function cleanup(browser) {
  await browser?.close();
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(scratch, { recursive: true, force: true });
}

// A fresh browser context (its own profile: no storage shared between tests) on the page.
export async function open(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { context, page, problems, requests };
}

export const row = (page, name) => page.getByRole('button', { name });

// Once the list shows the first page it was last asked for (a filter, Clear): the page marks
// the table `aria-busy` from the ask until then, so what a test reads next is the new list,
// not the old one on its way out.
export const listed = (page) => page.locator('table#list[aria-busy="false"]').waitFor({ timeout: WAIT });

// A UUIDv7 for this millisecond and counter, as hookscope's ids are.
export function uuid7(ms, n) {
  const hex = ms.toString(16).padStart(12, '0') + '7' + (n & 0xfff).toString(16).padStart(3, '0')
    + (0x8000 | ((n >> 12) & 0x3fff)).toString(16) + Math.floor(Math.random() * 2 ** 48).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

