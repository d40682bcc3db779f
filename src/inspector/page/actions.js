// What the page can do with one capture, beside showing it: Replay it, Edit and resend it, Save
// it as a fixture. Each is a POST that hookscope takes only from this page (its token, its
// Origin, JSON). No secret is ever typed here, sent from here or shown here: hookscope signs
// with what its command line was given, and says only for which platform and with which flag's
// secret. Text from senders and receivers is put in as text (textContent), never as HTML.

const TOKEN_HEADER = 'X-Hookscope-Token';
// The target URL, remembered for this inspector (localStorage is kept per origin: per port).
const TARGET_KEY = 'hookscope-target-url';
// What stands for a credential in the editor, as in the detail: left as it is, it is sent as
// the stored value.
const MASK = '••••••';

async function post(page, path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: page.token, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  let data = {};
  try { data = await res.json(); } catch { /* no JSON: the status says it */ }
  return { status: res.status, data };
}

function remembered() {
  try { return localStorage.getItem(TARGET_KEY) || ''; } catch { return ''; }
}

function remember(url) {
  try { localStorage.setItem(TARGET_KEY, url); } catch { /* storage off: not remembered */ }
}

// A labelled field: `<label>Name <input></label>`, its hint below it, tied by aria-describedby.
let fields = 0;
function field(el, label, control, hint) {
  fields += 1;
  const wrap = el('label', {}, label, control);
  if (!hint) return wrap;
  const id = `action-hint-${fields}`;
  control.setAttribute('aria-describedby', id);
  return el('div', { class: 'field' }, wrap, el('span', { id, class: 'dim hint', text: hint }));
}

function targetField(el) {
  const input = el('input', { type: 'url', name: 'to', autocomplete: 'url', placeholder: 'http://127.0.0.1:3000', spellcheck: 'false' });
  input.value = remembered();
  // One target for the page: Replay's and Resend's fields say the same.
  input.addEventListener('change', () => {
    const url = input.value.trim();
    remember(url);
    for (const other of document.querySelectorAll('.capture-actions input[name="to"]')) {
      if (other !== input) other.value = url;
    }
  });
  return { input, node: field(el, 'Target URL', input, 'The capture\u2019s path and query are added to it.') };
}

// A Re-sign checkbox with what it signs with, or why it cannot (it stays, with the reason).
function resignBox(el, offer) {
  fields += 1;
  const id = `action-hint-${fields}`;
  const box = el('input', { type: 'checkbox', 'aria-describedby': id });
  const note = offer.ready ? `With ${offer.with}.` : offer.why;
  return {
    box,
    node: el('div', { class: 'field' },
      el('label', { class: 'inline' }, box, 'Re-sign'),
      el('span', { id, class: offer.ready ? 'dim hint' : 'warn hint', text: note })),
  };
}

// The receiver's answer: status and time, headers (masked as in the detail), body.
function answerView(page, answer) {
  const { el } = page;
  const rows = (answer.headers || []).map(([n, v]) => el('tr', {}, el('td', { text: n }), el('td', v === MASK ? { class: 'dim', title: 'masked: a credential' } : {}, v)));
  const more = answer.more_bytes ? el('p', { class: 'dim', text: `… ${answer.more_bytes} more bytes not shown` }) : null;
  const body = answer.hex !== undefined
    ? el('pre', { 'aria-label': 'Answer body as hex' }, answer.hex)
    : el('pre', { 'aria-label': 'Answer body' }, answer.body || '(empty)');
  return [
    el('table', {},
      el('caption', { class: 'visually-hidden', text: 'Answer headers' }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Name' }), el('th', { scope: 'col', text: 'Value' }))),
      el('tbody', {}, ...rows)),
    body,
    more,
  ].filter(Boolean);
}

// What a send came to, as one line and the answer below it.
function sentView(page, data, what) {
  const { el } = page;
  const a = data.answer;
  const got = a.status === undefined || a.status === null
    ? `no answer: ${a.why || 'unknown'}`
    : `answered ${a.status} in ${a.ms} ms`;
  const line = el('p', { class: a.status >= 200 && a.status < 300 ? 'ok' : 'bad' }, `${what} ${data.sent_to}: ${got}.`);
  const signed = data.resigned
    ? el('p', { text: `Re-signed for ${data.resigned.platform || 'its platform'} with ${data.resigned.with}.` })
    : el('p', { class: 'dim', text: 'Sent as captured, its signature as it came.' });
  return [line, signed, ...(a.status === undefined || a.status === null ? [] : answerView(page, a))];
}

function refusal(page, res) {
  return page.el('p', { class: 'bad', text: `Not done (${res.status}): ${res.data.error || 'no reason given'}` });
}

// Runs `action` with the button disabled and the status region saying so.
async function busy(button, said, action) {
  button.disabled = true;
  said.replaceChildren(document.createTextNode('Sending…'));
  try {
    await action();
  } catch (e) {
    said.replaceChildren(document.createTextNode(`Failed: ${e.message}`));
  } finally {
    button.disabled = false;
  }
}

function replayGroup(page, c, offer) {
  const { el } = page;
  const target = targetField(el);
  const resign = resignBox(el, offer.resign);
  const button = el('button', { type: 'button' }, 'Replay');
  const said = el('div', { role: 'status', 'aria-live': 'polite', class: 'result' });
  button.addEventListener('click', () => busy(button, said, async () => {
    const to = target.input.value.trim();
    remember(to);
    const res = await post(page, `/api/captures/${encodeURIComponent(c.id)}/replay`, { to, resign: resign.box.checked });
    said.replaceChildren(...(res.status === 200 ? sentView(page, res.data, 'Replayed to') : [refusal(page, res)]));
  }));
  return el('fieldset', { class: 'action' }, el('legend', { text: 'Replay' }), target.node, resign.node, button, said);
}

// `Name: value` lines to pairs; a line without a colon is refused by its number.
function parseHeaders(text) {
  const pairs = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i].replace(/\r$/, '');
    if (!line.trim()) continue;
    const at = line.indexOf(':');
    if (at <= 0) throw new Error(`header line ${i + 1} is not "Name: value"`);
    pairs.push([line.slice(0, at).trim(), line.slice(at + 1).replace(/^[ \t]+/, '')]);
  }
  return pairs;
}

function editGroup(page, c, offer) {
  const { el } = page;
  const draft = offer.edit;
  const target = targetField(el);
  const resign = resignBox(el, offer.resign);
  const headers = el('textarea', { rows: String(Math.min(12, draft.headers.length + 2)), spellcheck: 'false' });
  headers.value = draft.headers.map((h) => `${h.name}: ${h.value}`).join('\n');
  const masks = draft.headers.some((h) => h.masked) || draft.masked
    ? `A credential shows as ${MASK}: left as it is, the stored value is sent; replace it to send another.`
    : null;
  const parts = [
    el('legend', { text: 'Edit and resend' }),
    field(el, 'Headers, one "Name: value" a line', headers,
      'Host, Content-Length and the other hop-by-hop headers are the client\u2019s own, and are left out.'),
  ];
  let body = null;
  if (draft.body === null) {
    parts.push(el('p', { class: 'dim', text: `Body: ${draft.kept}.` }));
  } else {
    body = el('textarea', { rows: '10', spellcheck: 'false' });
    body.value = draft.body;
    parts.push(field(el, 'Body', body, draft.masked ? 'Re-written from its JSON to mask its credentials.' : null));
  }
  if (masks) parts.push(el('p', { class: 'dim', text: masks }));
  const button = el('button', { type: 'button' }, 'Resend');
  const said = el('div', { role: 'status', 'aria-live': 'polite', class: 'result' });
  button.addEventListener('click', () => busy(button, said, async () => {
    const to = target.input.value.trim();
    remember(to);
    let pairs;
    try { pairs = parseHeaders(headers.value); } catch (e) { said.replaceChildren(el('p', { class: 'bad', text: e.message })); return; }
    const res = await post(page, `/api/captures/${encodeURIComponent(c.id)}/resend`, {
      to, headers: pairs, body: body ? body.value : null, resign: resign.box.checked,
    });
    if (res.status !== 200) { said.replaceChildren(refusal(page, res)); return; }
    const stored = res.data.stored;
    const open = stored.id ? el('button', { type: 'button' }, 'Open the resent capture') : null;
    if (open) open.addEventListener('click', () => page.open(stored.id));
    said.replaceChildren(
      ...sentView(page, res.data, 'Resent to'),
      stored.id ? el('p', {}, `Stored as a new capture, ${stored.id}. `, open) : el('p', { class: 'bad', text: stored.error }));
    // The list hears of it from the event stream when hookscope is listening; otherwise it is
    // read again, so the new capture shows at its top.
    if (stored.id && page.reload) await page.reload();
  }));
  parts.push(target.node, resign.node, button, said);
  const group = el('fieldset', { class: 'action', id: `edit-${c.id}` }, ...parts);
  group.hidden = true;
  const toggle = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': group.id }, 'Edit and resend');
  toggle.addEventListener('click', () => {
    group.hidden = !group.hidden;
    toggle.setAttribute('aria-expanded', String(!group.hidden));
    if (!group.hidden) headers.focus();
  });
  return [el('div', { class: 'actions' }, toggle), group];
}

function fixtureGroup(page, c, offer) {
  const { el } = page;
  const f = offer.fixture;
  const parts = [el('legend', { text: 'Save as fixture' })];
  if (f.why) parts.push(el('p', { class: 'warn', text: f.why }));
  const name = el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  name.value = `${f.name}.json`;
  const redact = el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'pii, *email*, /data/FIELDS/EMAIL' });
  const resign = resignBox(el, f.resign.ready ? { ready: true, with: 'the test secret of --resign-secret, at the capture\u2019s own time' } : f.resign);
  const button = el('button', { type: 'button' }, 'Save as fixture');
  const said = el('div', { role: 'status', 'aria-live': 'polite', class: 'result' });
  if (f.why) button.disabled = true;
  const save = (overwrite) => busy(button, said, async () => {
    const rules = redact.value.split(',').map((r) => r.trim()).filter(Boolean);
    const res = await post(page, `/api/captures/${encodeURIComponent(c.id)}/fixture`, {
      name: name.value.trim(), redact: rules, resign: resign.box.checked, overwrite,
    });
    if (res.status === 409 && res.data.exists) {
      // Written over only once the person says so, here in the page.
      const again = el('button', { type: 'button' }, `Overwrite ${res.data.exists}`);
      again.addEventListener('click', () => save(true));
      said.replaceChildren(el('p', { class: 'warn', text: res.data.error }), again);
      return;
    }
    if (res.status !== 200) { said.replaceChildren(refusal(page, res)); return; }
    const d = res.data;
    const notes = [
      d.redacted ? `${d.redacted} value${d.redacted === 1 ? '' : 's'} redacted` : 'nothing redacted',
      d.resigned ? 're-signed with the test secret' : 'its own signature kept',
    ];
    if (d.dropped.length) notes.push(`left out ${d.dropped.join(', ')} (credentials)`);
    const wrote = [el('p', { class: 'ok', text: `${d.overwrote ? 'Wrote over' : 'Wrote'} ${d.file} in ${d.dir} (${notes.join(', ')}).` })];
    if (d.credentials_kept.length) {
      wrote.push(el('p', { class: 'warn', text: `Its body still carries a credential at ${d.credentials_kept.join(', ')}, kept so its signature holds: tick Re-sign (it is then blanked) or redact it before you commit the file.` }));
    }
    said.replaceChildren(...wrote);
  });
  button.addEventListener('click', () => save(false));
  parts.push(
    field(el, 'File name', name, f.dir ? `Written into ${f.dir}.` : null),
    field(el, 'Redact', redact, 'Comma-separated, as fixture --redact takes them: pii (e-mail addresses, phones, names), a field-name glob, or a JSON pointer.'),
    resign.node, button, said);
  return el('fieldset', { class: 'action' }, ...parts);
}

// The controls for capture `c`, to put in its detail. `page` gives what the page has: `el`
// (makes an element with text children), `token`, `open(id)` (shows a capture's detail) and
// `reload()` (reads the list again; null when live deliveries keep it current).
export function actionsFor(c, page) {
  const { el } = page;
  const section = el('section', { class: 'capture-actions', 'aria-label': 'Send and save' });
  if (c.resent_from) {
    const original = el('button', { type: 'button' }, 'Open the original');
    original.addEventListener('click', () => page.open(c.resent_from));
    section.append(el('p', { class: 'resent' }, `Resent from ${c.resent_from}. `, original));
  }
  const waiting = el('p', { class: 'dim', text: 'Loading what can be done with it…' });
  section.append(waiting);
  fetch(`/api/captures/${encodeURIComponent(c.id)}/actions`, { headers: { [TOKEN_HEADER]: page.token } })
    .then(async (res) => {
      const offer = await res.json();
      if (!res.ok) throw new Error(offer.error || String(res.status));
      waiting.replaceWith(replayGroup(page, c, offer), ...editGroup(page, c, offer), fixtureGroup(page, c, offer));
    })
    .catch((e) => { waiting.textContent = `Replay, resend and fixtures are not available: ${e.message}`; });
  return section;
}
