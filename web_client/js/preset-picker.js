// Session presets on the facilitator's form: the timing plans of the scenario's teacher's guide
// ("50-minute class", "90-minute class", "3-hour workshop", "homework over several days"), or
// custom. A preset sets rounds, phase timers and the deadline behaviour on the server; the form
// shows its values and locks those fields while it is chosen.
import { h, fill } from './dom.js';
import { loadGuide, minutesText } from './teach.js';

const LOCKED = ['#rounds', '#use-timers', '#orders-seconds', '#talks-seconds', '#deadline'];

export class PresetPicker {
  /** Put the picker after the scenario's field; `scenarioSelect` is the form's scenario <select>. */
  constructor(scenarioSelect) {
    this.scenarioSelect = scenarioSelect;
    this.plans = [];
    this.select = h('select', { id: 'preset', onchange: () => this.show() }, h('option', { value: '' }, 'Custom'));
    this.facts = h('p', { class: 'hint', id: 'preset-facts', 'aria-live': 'polite' });
    this.guideLink = h('a', { id: 'guide-link', target: '_blank' }, 'Teacher’s guide');
    this.box = h('div', { class: 'preset-picker' },
      h('label', { for: 'preset' }, 'Session preset'), this.select, this.facts, h('p', { class: 'hint' }, this.guideLink));
    scenarioSelect.closest('div').after(this.box);
    scenarioSelect.addEventListener('change', () => this.load());
    this.load();
  }

  async load() {
    const id = this.scenarioSelect.value;
    this.guideLink.href = `/guide/${encodeURIComponent(id)}`;
    const guide = await loadGuide(id).catch(() => null);
    if (id !== this.scenarioSelect.value) return; // changed again meanwhile
    this.plans = guide?.timing || [];
    this.guideLink.hidden = !guide;
    fill(this.select, h('option', { value: '' }, 'Custom'), this.plans.map((p) => h('option', { value: p.id }, p.name)));
    this.show();
  }

  get plan() {
    return this.plans.find((p) => p.id === this.select.value) || null;
  }

  show() {
    const plan = this.plan;
    for (const sel of LOCKED) {
      const el = document.querySelector(sel);
      if (el) el.disabled = Boolean(plan);
    }
    if (!plan) { this.facts.textContent = 'Set rounds and timers yourself below.'; return; }
    const set = (sel, value) => { const el = document.querySelector(sel); if (el) el[el.type === 'checkbox' ? 'checked' : 'value'] = value; };
    set('#rounds', plan.rounds);
    set('#use-timers', true);
    set('#orders-seconds', plan.timers.orders);
    set('#talks-seconds', plan.timers.talks);
    set('#deadline', plan.deadline);
    this.facts.textContent = `${plan.rounds} rounds · orders ${minutesText(plan.timers.orders)}, talks ${minutesText(plan.timers.talks)}`
      + `${plan.deadline === 'bot' ? ' · a bot acts for a delegation that misses a deadline' : ''}${plan.note ? `. ${plan.note}` : ''}`;
  }

  /** The create-game settings with the preset: the server sets rounds, timers and deadline from it. */
  apply(settings) {
    const plan = this.plan;
    if (!plan) return settings;
    return { ...settings, preset: plan.id, rounds: null, timers: null, deadline: null };
  }

  /** What the dashboard shows of a game's preset. */
  get label() {
    return this.plan?.name || null;
  }
}
