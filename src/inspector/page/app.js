// hookscope's inspector page. Everything a sender wrote (paths, headers, bodies, event names)
// reaches the page as text only: it is put in with textContent or text nodes, never as HTML.

import { actionsFor } from './actions.js';
import { questions } from './pending.js';

const TOKEN_HEADER = 'X-Hookscope-Token';
const PAGE_SIZE = 50;
// The most rows kept on the page as deliveries arrive; older ones come back with "Load older".
const MAX_ROWS = 200;
// Live deliveries are put in at most this often: a burst costs a few layouts, not one each.
const FLUSH_EVERY_MS = 250;

const $ = (id) => document.getElementById(id);
const status = $('status');
const notice = $('notice');
const list = $('list');
const tbody = list.tBodies[0];
const older = $('older');
const form = $('filter');
const detail = $('detail');
const detailBody = $('detail-body');
const detailHeading = $('detail-heading');
const compare = $('compare');
const compareHint = $('compare-hint');

// The token comes once in the URL's fragment; it is kept for this tab only and taken out of
// the address bar (and so out of the history).
function takeToken() {
  const params = new URLSearchParams(location.hash.slice(1));
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem('hookscope-token', fromUrl);
    history.replaceState(null, '', location.pathname);
  }
  return fromUrl || sessionStorage.getItem('hookscope-token');
}
const token = takeToken();

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

class Refused extends Error {}
// A refusal hookscope gave its reason for (a 503: too many pages open), shown as it said it.
class Said extends Error {}

async function api(path, options = {}) {
  const res = await fetch(path, { ...options, headers: { [TOKEN_HEADER]: token, ...options.headers } });
  if (res.status === 401) throw new Refused('The token was refused: open the URL hookscope printed at start.');
  if (!res.ok) {
    let why = `${res.status}`;
    try { why = (await res.json()).error || why; } catch { /* not JSON */ }
    throw new Error(why);
  }
  return res;
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u += 1; }
  return `${v.toFixed(1)} ${units[u]}`;
}

function timeOf(receivedAt) {
  return (receivedAt || '').slice(11, 19) || receivedAt || '';
}

// A reason as the list shows it: its start, the whole of it in the detail (and the tooltip).
function shortened(text, max = 90) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function verdictText(c) {
  if (c.handshake && c.signature === 'unchecked') return { mark: '⇄', cls: 'dim', text: `${c.handshake} handshake` };
  switch (c.signature) {
    case 'valid': return { mark: '✔', cls: 'ok', text: 'valid' };
    case 'invalid': return { mark: '✘', cls: 'bad', text: c.reason ? `invalid: ${c.reason}` : 'invalid', short: c.reason ? `invalid: ${shortened(c.reason)}` : 'invalid' };
    case 'unchecked': return { mark: '•', cls: 'warn', text: 'not checked' };
    default: return { mark: '?', cls: 'dim', text: 'no verdict recorded' };
  }
}

// ---- the list --------------------------------------------------------------------------------

const shown = new Set();
// The deliveries ticked to compare, by id.
const picked = new Set();
let cursor = null;
let current = null;

function filterParams() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) {
    if (String(v).trim()) params.set(k, String(v).trim());
  }
  return params;
}

function row(c) {
  const v = verdictText(c);
  const open = el('button', { type: 'button', class: 'open' },
    `${c.method} ${c.path}`,
    el('span', { class: 'visually-hidden', text: ` at ${timeOf(c.received_at)}` }));
  open.addEventListener('click', () => showDetail(c.id, tr));
  const status = c.status === null || c.status === undefined ? '' : String(c.status);
  const pick = el('input', { type: 'checkbox', 'aria-label': `Compare ${c.method} ${c.path} at ${timeOf(c.received_at)}` });
  pick.checked = picked.has(c.id);
  pick.addEventListener('change', () => {
    if (pick.checked) picked.add(c.id); else picked.delete(c.id);
    pickedChanged();
  });
  const tr = el('tr', { 'data-id': c.id },
    el('td', { class: 'time' }, el('time', { datetime: c.received_at, title: c.received_at, text: timeOf(c.received_at) })),
    el('td', {}, open),
    el('td', { text: c.platform || '' }),
    el('td', { text: c.event || '' }),
    el('td', { text: size(c.size) }),
    el('td', { class: v.cls, title: v.text }, `${v.mark} ${v.short || v.text}`),
    el('td', { class: status.startsWith('2') ? 'ok' : 'bad', text: status }),
    el('td', { class: 'warn', text: (c.warnings || []).map((w) => `⚠ ${w}`).join('\n') }),
    el('td', {}, pick));
  if (c.id === current) tr.classList.add('current');
  return tr;
}

function setCursor(next) {
  cursor = next;
  older.hidden = !next;
}

async function fetchPage(before) {
  const params = filterParams();
  params.set('limit', String(PAGE_SIZE));
  if (before) params.set('before', before);
  return (await api(`/api/captures?${params}`)).json();
}

async function loadPage(before) {
  const request = asked;
  const page = await fetchPage(before);
  // The list was asked for anew meanwhile (another filter): this page is of the old one.
  if (request !== asked) return;
  const rows = [];
  for (const c of page.captures) {
    if (shown.has(c.id)) continue;
    shown.add(c.id);
    rows.push(row(c));
  }
  tbody.append(...rows);
  setCursor(page.next);
  let text = '';
  if (!before && page.captures.length === 0) {
    text = filterParams().toString() ? 'No delivery matches this filter.' : 'No deliveries stored yet.';
  }
  if (page.captures.length < PAGE_SIZE && page.next) {
    text = 'Searched part of the store: Load older searches on.';
  }
  if (page.unreadable) text += ` ${page.unreadable} capture file(s) could not be read.`;
  notice.textContent = text.trim();
}

// The list is marked busy (`aria-busy`) from the moment it is asked for anew (a filter, a
// reload) until the first page of the newest such request is in: a screen reader waits for
// it, and so can a test. Each ask has a number; an older one that ends later does not unmark
// the list, and what it fetched is dropped (loadPage, catchUp), so the list once settled holds
// the newest ask's rows only.
let asked = 0;
function busy() {
  list.setAttribute('aria-busy', 'true');
  // Load older would go on from the old list's end: it comes back with the new list.
  setCursor(null);
  return ++asked;
}
function settled(request) {
  if (request === asked) list.setAttribute('aria-busy', 'false');
}

async function reloadList(request = busy()) {
  // Live deliveries waiting for their frame came under the old filter.
  pending = [];
  if (timer) { clearTimeout(timer); timer = 0; }
  shown.clear();
  picked.clear();
  pickedChanged();
  tbody.replaceChildren();
  try {
    await loadPage(null);
  } finally {
    settled(request);
  }
}

// Once the stream is ready: what was stored between the first page and the stream, put on
// top as live deliveries are. When a whole page of them is new, more may lie beyond it: the
// list is read again.
async function catchUp() {
  const request = asked;
  const page = await fetchPage(null);
  if (request !== asked) return;
  const fresh = page.captures.filter((c) => !shown.has(c.id));
  if (shown.size && page.next && fresh.length === page.captures.length) {
    await reloadList();
    return;
  }
  for (const c of fresh.reverse()) arrived(c);
}

older.addEventListener('click', () => {
  loadPage(cursor).catch(report);
});

// Live deliveries arrive in bursts: they are put in together, newest on top, in one frame at
// most every FLUSH_EVERY_MS. Of a burst, only the newest PAGE_SIZE are ever made into rows.
let pending = [];
let timer = 0;
let lastFlush = 0;
function arrived(summary) {
  pending.push(summary);
  if (pending.length > MAX_ROWS) pending = pending.slice(-MAX_ROWS);
  if (timer) return;
  const wait = Math.max(0, lastFlush + FLUSH_EVERY_MS - performance.now());
  timer = setTimeout(() => requestAnimationFrame(flush), wait);
}
function flush() {
  timer = 0;
  lastFlush = performance.now();
  // Oldest first, by id (ids sort by time), whether a row came from the stream or from the
  // catch-up after the first page.
  let fresh = pending.filter((c) => !shown.has(c.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  pending = [];
  if (!fresh.length) return;
  // More than a page at once replaces the list with its newest page, Load older going on
  // below: a frame lays out a page of new rows at most (200 rows took a frame of 100-200 ms
  // at 1000 deliveries a second), and the list has no gap.
  const burst = fresh.length > PAGE_SIZE;
  if (burst) {
    fresh = fresh.slice(-PAGE_SIZE);
    for (const tr of tbody.rows) {
      shown.delete(tr.dataset.id);
      picked.delete(tr.dataset.id);
    }
    pickedChanged();
    tbody.replaceChildren();
  }
  const rows = document.createDocumentFragment();
  for (const c of fresh.reverse()) {
    shown.add(c.id);
    const tr = row(c);
    if (fresh.length < 10) tr.classList.add('fresh');
    rows.append(tr);
  }
  tbody.prepend(rows);
  while (tbody.rows.length > MAX_ROWS) {
    const last = tbody.rows[tbody.rows.length - 1];
    shown.delete(last.dataset.id);
    if (picked.delete(last.dataset.id)) pickedChanged();
    last.remove();
  }
  if (burst || tbody.rows.length >= MAX_ROWS) setCursor(tbody.rows[tbody.rows.length - 1].dataset.id);
  if (notice.textContent.startsWith('No deliver')) notice.textContent = '';
}

// A change (an answer, a replay…): a POST of JSON; the browser adds this page's Origin, which
// the server checks.
function post(path, body) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

// ---- live: server-sent events, read with fetch (it can send the token in a header) ---------

let stream = null;

// `onReady` runs once the stream is ready; `orElse`, if the stream fails before it is.
async function follow(onReady, orElse = null) {
  if (stream) stream.abort();
  const controller = new AbortController();
  stream = controller;
  let ready = false;
  let loaded = false;
  let why = 'hookscope does not answer';
  try {
    const res = await fetch(`/api/events?${filterParams()}`, {
      headers: { [TOKEN_HEADER]: token },
      signal: controller.signal,
    });
    if (res.status === 401) throw new Refused('The token was refused: open the URL hookscope printed at start.');
    if (!res.ok || !res.body) {
      // hookscope says why (too many pages open, say): that is shown.
      const said = await res.json().then((j) => j.error).catch(() => null);
      throw new Said(said || `the event stream answered ${res.status}`);
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        // A newer filter opened another stream: nothing more of this one is taken.
        if (controller.signal.aborted) return;
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (event === 'ready' && !ready) {
          ready = true;
          status.textContent = 'Live: new deliveries appear at the top.';
          // Questions opened before the stream was: read once it is, so none is missed.
          await board.load();
          if (controller.signal.aborted) return;
          await onReady();
          loaded = true;
        } else if (event === 'delivery') {
          arrived(JSON.parse(data));
        } else if (event === 'reload') {
          notice.textContent = 'Many deliveries at once: the list was read again.';
          await reloadList();
        } else if (event === 'question') {
          board.add(JSON.parse(data));
        } else if (event === 'answered') {
          board.answered(JSON.parse(data));
        } else if (event === 'questions') {
          await board.load();
        }
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
    if (e instanceof Refused) { settled(asked); report(e); return; }
    if (e instanceof Said) why = e.message;
  }
  if (controller.signal.aborted) return;
  // No stream came (an error, or too many pages open): a filter asked for is still applied,
  // though not live.
  if (!loaded && orElse) {
    await orElse().catch(report);
    if (controller.signal.aborted) return;
  }
  // The stream ended or never came: try again shortly.
  status.textContent = `Not live: ${why}. Trying again…`;
  setTimeout(() => { if (stream === controller) follow(reloadList).catch(report); }, 2000);
}

// ---- the detail of one delivery ------------------------------------------------------------

function jsonTree(value, depth = 0) {
  if (value === null || typeof value !== 'object') {
    const cls = typeof value === 'string' ? 's' : typeof value === 'number' ? 'n' : 'b';
    return el('span', { class: cls, text: JSON.stringify(value) });
  }
  const isArray = Array.isArray(value);
  const entries = isArray ? value.map((v, i) => [i, v]) : Object.entries(value);
  if (!entries.length) return el('span', { text: isArray ? '[]' : '{}' });
  const list = el('ul');
  for (const [k, v] of entries) {
    const item = el('li');
    const label = isArray ? null : el('span', { class: 'k', text: `${JSON.stringify(k)}: ` });
    if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length : Object.keys(v).length)) {
      const count = Array.isArray(v) ? `[${v.length} items]` : `{${Object.keys(v).length} keys}`;
      const d = el('details', {}, el('summary', {}, label, el('span', { class: 'dim', text: count })), jsonTree(v, depth + 1));
      if (depth < 3) d.open = true;
      item.append(d);
    } else {
      item.append(...[label, jsonTree(v, depth + 1)].filter(Boolean));
    }
    list.append(item);
  }
  return list;
}

function bodyView(body) {
  switch (body.kind) {
    case 'empty': return [el('p', { class: 'dim', text: '(empty body)' })];
    case 'json': return [el('div', { class: 'tree', role: 'group', 'aria-label': 'JSON body' }, jsonTree(body.tree))];
    case 'form': return [
      el('p', { class: 'dim', text: 'Form body, decoded' }),
      el('div', { class: 'tree', role: 'group', 'aria-label': 'Form body, decoded' }, jsonTree(body.tree)),
    ];
    case 'text': return [
      el('pre', { 'aria-label': 'Text body' }, body.text),
      body.more_bytes ? el('p', { class: 'dim', text: `… ${body.more_bytes} more bytes in the capture file` }) : null,
    ];
    case 'large': return [el('p', {
      text: `${body.shape === 'form' ? 'A form' : 'A JSON'} body of ${size(body.size)}: too large to show here, where each credential in it is masked value by value. Download capture has it whole.`,
    })];
    case 'binary': return [
      el('p', { class: 'dim', text: 'Binary body, as hex' }),
      el('pre', { 'aria-label': 'Binary body as hex' }, body.hex),
    ];
    default: return [el('p', { text: `unknown body kind ${body.kind}` })];
  }
}

function fact(name, ...value) {
  return [el('dt', { text: name }), el('dd', {}, ...value)];
}

async function showDetail(id, tr) {
  current = id;
  for (const r of tbody.querySelectorAll('tr.current')) r.classList.remove('current');
  if (tr) tr.classList.add('current');
  const c = await (await api(`/api/captures/${encodeURIComponent(id)}`)).json();
  const v = verdictText(c);
  detailHeading.textContent = `${c.method} ${c.path}`;
  const answer = c.answer || {};
  const facts = el('dl', {},
    ...fact('Received', c.received_at),
    ...fact('From', c.remote_addr || 'unknown'),
    ...fact('Platform', c.platform || 'not recognised'),
    ...fact('Event', c.event || 'none'),
    ...fact('Size', size(c.size)),
    ...fact('Signature', el('span', { class: v.cls, text: `${v.mark} ${v.text}` })),
    ...(c.warnings && c.warnings.length ? fact('Warnings', el('span', { class: 'warn', text: c.warnings.map((w) => `⚠ ${w}`).join('\n') })) : []),
    ...fact('Answer', answer.status === undefined ? 'none recorded'
      : `${answer.status}${answer.why ? ` (${answer.why})` : ''}`),
    ...(answer.body ? fact('Answer body', el('code', { text: answer.body })) : []),
    ...fact('Capture file', el('code', { text: c.file })));

  const said = el('p', { role: 'status', 'aria-live': 'polite' });
  const copy = el('button', { type: 'button' }, 'Copy as curl');
  const curlBox = el('div');
  copy.addEventListener('click', async () => {
    const curl = await (await api(`/api/captures/${encodeURIComponent(id)}/curl`)).json();
    if (curl.error) { said.textContent = `No curl command: ${curl.error}`; return; }
    try {
      await navigator.clipboard.writeText(curl.command);
      said.textContent = 'Copied the curl command.';
    } catch {
      said.textContent = 'The clipboard is out of reach: the command is below.';
      curlBox.replaceChildren(el('label', {}, 'curl command', el('textarea', { readonly: '' }, curl.command)));
    }
  });
  const download = el('button', { type: 'button' }, 'Download capture');
  download.addEventListener('click', async () => {
    const blob = await (await api(`/api/captures/${encodeURIComponent(id)}/file`)).blob();
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: `${id}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });

  const headers = el('table', {},
    el('caption', { class: 'visually-hidden', text: 'Headers' }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Name' }), el('th', { scope: 'col', text: 'Value' }))),
    el('tbody', {}, ...c.headers.map((h) => el('tr', {},
      el('td', { text: h.name }),
      el('td', h.masked ? { class: 'dim', title: 'masked: a credential' } : {}, h.value)))));

  detailBody.replaceChildren(
    facts,
    el('div', { class: 'actions' }, copy, download),
    said,
    curlBox,
    actionsFor(c, {
      el,
      token,
      open: (other) => showDetail(other, tbody.querySelector(`tr[data-id="${CSS.escape(other)}"]`)).catch(report),
      reload: live ? null : reloadList,
    }),
    el('h3', { text: 'Headers' }),
    headers,
    el('h3', { text: 'Body' }),
    ...bodyView(c.body).filter(Boolean));
  detail.hidden = false;
}

// ---- two deliveries compared -----------------------------------------------------------------

function pickedChanged() {
  compare.disabled = picked.size !== 2;
  compareHint.textContent = picked.size === 2 ? 'Two ticked: compare them.'
    : picked.size < 2 ? `Tick two deliveries to compare them (${picked.size} ticked).`
      : `Compare takes exactly two (${picked.size} ticked).`;
}

compare.addEventListener('click', () => {
  if (picked.size !== 2) return;
  // Ids sort by time: A is the older.
  const [a, b] = [...picked].sort();
  showDiff(a, b).catch(report);
});

const KINDS = { changed: 'changed', added: 'added', removed: 'removed' };

function kindCell(kind) {
  return el('td', { class: KINDS[kind] || '', text: KINDS[kind] || String(kind) });
}

// A value of one side: text, dim when there is none or it is masked.
function sideCell(value, masked) {
  if (value === undefined || value === null) return el('td', { class: 'dim', text: '—' });
  return el('td', masked ? { class: 'dim', title: 'masked: a credential' } : {}, el('code', { text: value }));
}

function diffTable(caption, first, rows) {
  return el('table', { class: 'diff' },
    el('caption', { class: 'visually-hidden', text: caption }),
    el('thead', {}, el('tr', {}, ...[first, 'A (older)', 'B (newer)', 'Change'].map((t) => el('th', { scope: 'col', text: t })))),
    el('tbody', {}, ...rows));
}

function cutNote(list, what) {
  return list.cut ? el('p', { class: 'warn', text: `Only the first ${list.entries.length} ${what} are shown.` }) : null;
}

function bodyDiffView(body) {
  const sizes = `${size(body.sizes[0])} and ${size(body.sizes[1])}`;
  switch (body.kind) {
    case 'same': return [el('p', { text: `The bodies are the same, byte for byte (${size(body.sizes[0])}).` })];
    case 'bytes': return [el('p', { text: `The bodies differ: ${sizes}, compared by size only (not both text, or JSON or a form that could not be compared decoded, whose lines may hold credentials).` })];
    case 'tree': {
      const [ka, kb] = body.shapes;
      const note = ka !== kb ? el('p', { class: 'dim', text: `A is ${ka === 'form' ? 'a form' : 'JSON'}, B is ${kb === 'form' ? 'a form' : 'JSON'}: compared decoded.` }) : null;
      if (!body.entries.length) {
        return [note, el('p', { text: `The bodies hold the same data; only their bytes differ (${sizes}: spacing, order or encoding).` })];
      }
      return [note,
        diffTable('Body differences by path', 'Path', body.entries.map((e) => el('tr', {},
          el('td', {}, el('code', { text: e.path === '' ? '(the whole body)' : e.path })),
          sideCell(e.before), sideCell(e.after), kindCell(e.kind)))),
        cutNote(body, 'differences')];
    }
    case 'lines': return [
      el('p', { class: 'dim', text: `Text, by line (${sizes}): the lines both share at the start and end are left out.` }),
      diffTable('Body differences by line', 'Line', body.entries.map((e) => el('tr', {},
        el('td', { text: String(e.line) }),
        sideCell(e.kind === 'removed' ? e.text : undefined),
        sideCell(e.kind === 'added' ? e.text : undefined),
        kindCell(e.kind)))),
      cutNote(body, 'lines')];
    default: return [el('p', { text: `unknown body difference ${body.kind}` })];
  }
}

async function showDiff(a, b) {
  const d = await (await api(`/api/diff?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`)).json();
  current = null;
  for (const r of tbody.querySelectorAll('tr.current')) r.classList.remove('current');
  detailHeading.textContent = `Compare ${d.a.method} ${d.a.path} with ${d.b.method} ${d.b.path}`;
  const facts = [
    ['Received', (c) => c.received_at],
    ['Delivery', (c) => `${c.method} ${c.path}`],
    ['Platform', (c) => c.platform || 'not recognised'],
    ['Event', (c) => c.event || 'none'],
    ['Size', (c) => size(c.size)],
    // Its start, as the list has it: the whole reason is in each delivery's detail.
    ['Signature', (c) => { const v = verdictText(c); return `${v.mark} ${v.short || v.text}`; }],
    ['Answer', (c) => (c.status === null || c.status === undefined ? 'none recorded' : String(c.status))],
  ];
  const factRows = facts.map(([name, of]) => {
    const [x, y] = [of(d.a), of(d.b)];
    return el('tr', x === y ? {} : { class: 'differs' },
      el('th', { scope: 'row', text: name }), el('td', { text: x }), el('td', { text: y }),
      el('td', { class: x === y ? 'dim' : 'changed', text: x === y ? 'same' : 'differs' }));
  });
  const headerRows = d.headers.entries.map((h) => el('tr', {},
    el('td', { text: h.name }),
    sideCell(h.before, h.masked), sideCell(h.after, h.masked), kindCell(h.kind)));
  detailBody.replaceChildren(...[
    el('h3', { text: 'Facts' }),
    el('table', { class: 'diff' },
      el('caption', { class: 'visually-hidden', text: 'Facts of the two deliveries' }),
      el('thead', {}, el('tr', {}, ...['Fact', 'A (older)', 'B (newer)', 'Change'].map((t) => el('th', { scope: 'col', text: t })))),
      el('tbody', {}, ...factRows)),
    el('h3', { text: 'Headers' }),
    headerRows.length ? diffTable('Header differences', 'Header', headerRows)
      : el('p', { text: 'The headers are the same (names without case; credentials masked, as in the detail).' }),
    cutNote(d.headers, 'header differences'),
    el('h3', { text: 'Body' }),
    ...bodyDiffView(d.body)].filter(Boolean));
  detail.hidden = false;
}

// ---- start ---------------------------------------------------------------------------------

const board = questions({
  api, post, el,
  open: (id) => showDetail(id, null).catch(report),
  section: $('pending'),
  list: $('pending-list'),
  empty: $('pending-empty'),
});

function report(e) {
  status.textContent = e.message;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  restart(busy()).catch(report);
});
form.addEventListener('reset', () => {
  const request = busy();
  // After the browser has cleared the fields.
  setTimeout(() => restart(request).catch(report), 0);
});

let live = false;
// The list under the filter as it is now; live, from a stream opened with that filter (or,
// if none can be opened, read once). Either way the ask ends in reloadList, which settles it.
async function restart(request) {
  const load = () => reloadList(request);
  if (live) await follow(load, load);
  else await load();
}

async function start() {
  if (!token) {
    status.textContent = 'Open the URL hookscope printed at start: it ends in #token=…';
    settled(asked);
    return;
  }
  // The first page is asked for beside the facts and shown before the live stream opens:
  // on a large store each is a round trip, which the person would otherwise wait through in
  // turn.
  const [info] = await Promise.all([
    api('/api/info').then((res) => res.json()),
    reloadList().catch(report),
  ]);
  live = info.live;
  if (live) {
    status.textContent = 'Connecting…';
    follow(catchUp).catch(report);
  } else {
    status.textContent = `The store as it is (${info.store}): reload the page for newer captures.`;
  }
}

start().catch(report);
