// The player page's talks view: agreements, proposals (answer, sign, amend), the proposal
// builder, statements to the press and the channels.
import { $, h, fill } from './dom.js';
import { state, isHead, rerender } from './play-state.js';

export function renderTalks(v) {
  const { rules } = state;
  const head = isHead();
  const talking = v.phase === 'talks';
  $('#talks-hint').textContent = talking
    ? (head ? 'Table proposals, answer and sign them, speak to the press. When your delegation is done, say so.' : 'Your head of delegation tables, answers and signs; everyone can chat.')
    : v.phase === 'over' ? 'The game is over.' : 'Proposals and statements open in the talks phase; channels are open now.';
  // Agreements
  const bound = v.proposals.filter((p) => p.status === 'bound');
  fill($('#agreed'), bound.length ? h('ul', {}, bound.map((p) => h('li', {},
    h('strong', {}, `#${p.id}: `), p.clauses.map((c) => rules.clauseTitle(c)).join(', '),
    ` — signed by ${p.signatures.map((s) => rules.seatName(s)).join(', ')}`)))
    : h('p', { class: 'hint' }, 'No agreement yet.'));
  // Proposals, open ones first
  const open = v.proposals.filter((p) => p.status === 'open').sort((a, b) => b.id - a.id);
  const closed = v.proposals.filter((p) => !['open', 'bound'].includes(p.status)).sort((a, b) => b.id - a.id);
  fill($('#proposals'), open.length ? open.map((p) => proposalCard(p, v, head, talking)) : h('p', { class: 'hint' }, 'No proposal open on the table.'),
    closed.length ? h('details', { id: 'earlier-proposals', 'data-key': 'earlier-proposals' },
      h('summary', {}, `Earlier proposals: ${closed.length} rejected, superseded or lapsed`),
      closed.map((p) => proposalCard(p, v, head, talking))) : null);
  // Builder
  const available = rules.data.clauses.filter((c) => !v.bound_clauses.includes(c.id));
  fill($('#clauses'), available.map((clause) => {
    const id = `clause-${clause.id}`;
    return h('div', { class: 'clause' },
      h('input', {
        type: 'checkbox', id, 'data-key': id, checked: state.clauses.has(clause.id), disabled: !(talking && head),
        onchange: (e) => { if (e.target.checked) state.clauses.add(clause.id); else state.clauses.delete(clause.id); },
      }),
      h('label', { for: id }, h('strong', {}, clause.title), clause.settles ? h('span', { class: 'tag' }, ' settles the crisis') : null),
      h('p', {}, clause.text),
      h('p', { class: 'hint' }, `Must be signed by: ${clause.parties.map((s) => rules.seatName(s)).join(', ')}`),
      clause.requires ? h('p', { class: 'requires' }, `Only while: ${rules.condition(clause.requires)}`) : null,
      clause.effects.length ? h('details', { class: 'effects', 'data-key': `does-${clause.id}` }, h('summary', {}, 'What it does'), clause.effects.map((e) => rules.effect(e)).join('; ')) : null);
  }));
  $('#table-proposal').disabled = !(talking && head);
  $('#table-proposal').textContent = state.amending ? `Table amendment to #${state.amending}` : 'Table proposal';
  $('#cancel-amend').hidden = !state.amending;
  $('#builder-legend').textContent = state.amending ? `Amend proposal #${state.amending}: choose the clauses` : 'Choose the clauses';
  // Ready
  const ready = $('#ready');
  const done = state.seat && v.seats[state.seat]?.ready;
  ready.disabled = !(talking && head) || done;
  ready.textContent = done ? '✓ Your delegation is done with these talks' : 'We are done with these talks';
  // Statements (all rounds)
  const all = [...state.history.values()].sort((a, b) => a.n - b.n);
  const statements = all.filter((e) => e.type === 'statement' || e.type === 'announcement');
  fill($('#statements'), statements.length ? statements.map((e) => h('li', { class: `statement ${e.type}` },
    h('span', { class: 'who' }, e.type === 'announcement' ? 'Facilitator' : rules.seatName(e.seat)),
    h('span', { class: 'when' }, ` (round ${e.round})`), ': ', h('span', { class: 'text' }, e.text)))
    : h('li', { class: 'hint' }, 'No statements yet.'));
  $('#statement-text').disabled = !(talking && head);
  $('#make-statement').disabled = !(talking && head);
  renderChannels(v, all);
}

function proposalCard(p, v, head, talking) {
  const { rules } = state;
  const mine = state.seat;
  const party = p.parties.includes(mine);
  const open = p.status === 'open';
  const act = (event, payload, label) => h('button', {
    type: 'button', 'data-key': `${event}-${p.id}`, disabled: !(open && head && talking),
    'aria-label': `${label} proposal #${p.id}`,
    onclick: async (e) => {
      e.target.disabled = true;
      try { await state.link.send(event, { proposal: p.id, ...payload }); $('#builder-error').textContent = ''; } catch (error) { $('#builder-error').textContent = error.message; }
    },
  }, label);
  return h('article', { class: `proposal status-${p.status}`, 'data-proposal': p.id },
    h('h4', {}, `#${p.id} by ${rules.seatName(p.by)} — `, h('span', { class: 'status' }, p.status), p.amends ? ` (amends #${p.amends})` : ''),
    h('ul', {}, p.clauses.map((c) => h('li', {}, h('strong', {}, rules.clauseTitle(c)), ': ', rules.clauses.get(c)?.text || ''))),
    h('p', {}, 'Parties: ', p.parties.map((s, i) => [i ? ', ' : '', rules.seatName(s),
      p.signatures.includes(s) ? ' ✍ signed' : p.responses[s] === 'accept' ? ' ✓ accepts' : p.responses[s] === 'reject' ? ' ✗ rejects' : ' … no answer'])),
    Object.keys(p.responses).some((s) => !p.parties.includes(s))
      ? h('p', { class: 'hint' }, 'Others: ', Object.entries(p.responses).filter(([s]) => !p.parties.includes(s)).map(([s, a]) => `${rules.seatName(s)} ${a === 'accept' ? 'supports' : 'opposes'}`).join(', ')) : null,
    open && mine ? h('div', { class: 'actions' },
      party && !p.signatures.includes(mine) ? act('sign', {}, 'Sign') : null,
      !p.signatures.includes(mine) ? act('respond', { answer: 'accept' }, 'Accept') : null,
      !p.signatures.includes(mine) ? act('respond', { answer: 'reject' }, 'Reject') : null,
      h('button', { type: 'button', disabled: !(head && talking), 'aria-label': `Amend proposal #${p.id}`, onclick: () => {
        state.amending = p.id; state.clauses = new Set(p.clauses); rerender(); $('#builder-legend').scrollIntoView(); $('#clauses input:not([disabled])')?.focus();
      } }, 'Amend')) : null);
}

function renderChannels(v, all) {
  const { rules } = state;
  const channels = v.you?.channels || ['plenary'];
  if (!channels.includes(state.channel)) state.channel = channels[0];
  const messages = all.filter((e) => e.type === 'message');
  let unreadTotal = 0;
  fill($('#channels'), channels.map((ch) => {
    const count = messages.filter((m) => m.channel === ch).length;
    if (ch === state.channel && state.tab === 'talks') state.seen.set(ch, count);
    const unread = count - (state.seen.get(ch) || 0);
    unreadTotal += Math.max(0, unread);
    return h('button', {
      type: 'button', 'data-key': `channel-${ch}`, 'data-channel': ch, class: ch === state.channel ? 'on' : null,
      'aria-pressed': ch === state.channel ? 'true' : 'false',
      onclick: () => { state.channel = ch; rerender(); },
    }, rules.channelName(ch, state.seat), unread > 0 ? ` (${unread} new)` : '');
  }));
  $('#unread').textContent = unreadTotal ? `(${unreadTotal} new)` : '';
  const shown = messages.filter((m) => m.channel === state.channel);
  fill($('#messages'), shown.length ? shown.map((m) => h('li', { class: m.seat === state.seat ? 'mine' : null },
    h('span', { class: 'who' }, rules.seatName(m.seat)), ': ', h('span', { class: 'text' }, m.text)))
    : h('li', { class: 'hint' }, 'No messages in this channel yet.'));
  $('#chat-label').textContent = `Message to ${rules.channelName(state.channel, state.seat)}`;
  const canChat = Boolean(state.seat) && v.phase !== 'over';
  $('#chat-text').disabled = !canChat;
  $('#send-chat').disabled = !canChat;
}
