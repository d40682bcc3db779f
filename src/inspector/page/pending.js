// Questions `hookscope listen --decide ask` has open (Bpium's record.before.* and, with the
// inspector, record.updating): shown at the top with the time left, answered here or at the
// terminal, whichever is first. The server keeps the one answer; this page only shows it.
// Senders' text (event, path) is put in as text only.

// How long an answered question stays on the page, saying who answered it.
const KEEP_ANSWERED_MS = 30000;

const WORDS = { approved: 'approved', rejected: 'rejected', values: 'given values', unchanged: 'left unchanged' };

export function questions({ api, post, el, open, section, list, empty }) {
  const cards = new Map();

  function secondsLeft(card) {
    // Rounded down, as the terminal says it: never more time than there is.
    return Math.max(0, Math.floor((card.q.deadline_ms - Date.now()) / 1000));
  }

  function tick() {
    for (const card of cards.values()) {
      if (card.done) continue;
      const left = secondsLeft(card);
      card.timer.textContent = card.q.deadline_ms > Date.now()
        ? `${left} s left, then ${card.q.default}`
        : `Time is up: the default (${card.q.default}) is sent.`;
    }
  }
  setInterval(tick, 250);

  function shown() {
    empty.hidden = cards.size > 0;
  }

  async function send(card, answer) {
    card.said.textContent = 'Sending…';
    for (const b of card.node.querySelectorAll('button.answer')) b.disabled = true;
    try {
      await post(`/api/pending/${encodeURIComponent(card.q.id)}`, answer);
      // The stream may have said who answered already: that says more.
      if (!card.done) card.said.textContent = 'Sent.';
    } catch (e) {
      card.said.textContent = `Not sent: ${e.message}`;
      if (!card.done) for (const b of card.node.querySelectorAll('button.answer')) b.disabled = false;
    }
  }

  function add(q) {
    if (cards.has(q.id)) return;
    const what = `${q.event || 'a request'} ${q.method} ${q.path}`;
    const node = el('li', { class: 'question', 'aria-label': what });
    const card = { q, node, done: false };
    card.timer = el('p', { role: 'timer', class: 'timer' });
    card.said = el('p', { role: 'status', 'aria-live': 'polite' });
    const controls = el('div', { class: 'controls' });
    const message = el('input', { type: 'text', autocomplete: 'off', maxlength: '2000' });
    const reject = el('button', { type: 'button', class: 'answer' }, 'Reject');
    reject.addEventListener('click', () => send(card, { answer: 'reject', message: message.value }));
    if (q.kind === 'action') {
      const values = el('textarea', { rows: '3', spellcheck: 'false' }, '{}');
      const give = el('button', { type: 'button', class: 'answer' }, 'Send values');
      give.addEventListener('click', () => {
        let parsed;
        try { parsed = JSON.parse(values.value); } catch (e) {
          card.said.textContent = `The values are not JSON: ${e.message}`;
          return;
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          card.said.textContent = 'The values are an object of field ids and values: {"3": "42"}';
          return;
        }
        send(card, { answer: 'values', values: parsed, message: message.value });
      });
      controls.append(el('label', {}, 'Field values (JSON, by field id)', values), give);
    } else {
      const approve = el('button', { type: 'button', class: 'answer' }, 'Approve');
      approve.addEventListener('click', () => send(card, { answer: 'approve' }));
      controls.append(approve);
    }
    controls.append(el('label', {}, 'Reject message', message), reject);
    const look = el('button', { type: 'button' }, 'Show delivery');
    look.addEventListener('click', () => open(q.id));
    node.append(
      el('h3', {}, el('span', { class: 'event', text: q.event || 'request' }), ` ${q.method} ${q.path}`),
      card.timer, controls, look, card.said);
    cards.set(q.id, card);
    list.prepend(node);
    tick();
    shown();
  }

  function answered(a) {
    const card = cards.get(a.id);
    if (!card || card.done) return;
    card.done = true;
    card.node.classList.add('done');
    for (const b of card.node.querySelectorAll('button.answer, input, textarea')) b.disabled = true;
    card.timer.textContent = '';
    card.said.textContent = a.ended
      ? 'No longer waiting: it was answered while this page was not following.'
      : `Answered ${a.said}: ${WORDS[a.decision] || a.decision}.`;
    setTimeout(() => { card.node.remove(); cards.delete(a.id); shown(); }, KEEP_ANSWERED_MS);
  }

  // The open questions as the server has them now (at start, and after the stream fell behind
  // or reconnected): new ones are added, those no longer open are marked as ended.
  async function load() {
    const now = await (await api('/api/pending')).json();
    if (!now.asking) return;
    section.hidden = false;
    const open = new Set(now.pending.map((q) => q.id));
    for (const [id, card] of cards) {
      if (!open.has(id) && !card.done) answered({ id, ended: true });
    }
    for (const q of now.pending) add(q);
    shown();
  }

  return { load, add, answered };
}
