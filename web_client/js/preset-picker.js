// Session presets on the facilitator's form: the timing plans of the scenario's teacher's guide
// ("50-minute class", "90-minute class", "3-hour workshop", "homework over several days"), or
// custom. A preset sets rounds, phase timers and the deadline behaviour on the server; the form
// shows its values and locks those fields while it is chosen.
import { h, fill } from './dom.js';
import { loadGuide, minutesText } from './teach.js';

const LOCKED = ['#rounds', '#use-timers', '#orders-seconds', '#talks-seconds', '#deadline', '#timer-unit'];
// The phase timers' fields count in this unit: a homework game's deadlines are hours or days.
const UNITS = [['seconds', 1], ['minutes', 60], ['hours', 3600], ['days', 86400]];
// The fields' bounds in each unit: the form's own in seconds, up to the server's two weeks in the others.
const LIMITS = { 1: [5, 7200], 60: [1, 20160], 3600: [1, 336], 86400: [1, 14] };

export class PresetPicker {
  /** Put the picker after the scenario's field; `scenarioSelect` is the form's scenario <select>. */
  constructor(scenarioSelect) {
    this.scenarioSelect = scenarioSelect;
    this.plans = [];
    this.select = h('select', { id: 'preset', onchange: () => this.show() }, h('option', { value: '' }, 'Custom'));
    this.facts = h('p', { class: 'hint', id: 'preset-facts', 'aria-live': 'polite' });
    this.guideLink = h('a', { id: 'guide-link', target: '_blank' }, 'Teacher’s guide');
    // Minutes by default: a class's phases last minutes (the fields' labels say the unit).
    this.unit = h('select', { id: 'timer-unit', onchange: () => this.relabel() },
      UNITS.map(([name, factor]) => h('option', { value: factor, selected: factor === 60 }, name)));
    this.box = h('div', { class: 'preset-picker' },
      h('label', { for: 'preset' }, 'Session preset'), this.select, this.facts, h('p', { class: 'hint' }, this.guideLink),
      h('label', { for: 'timer-unit' }, 'Phase timers count in'), this.unit);
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
    // The plan's timers in the largest unit that counts both whole (4 minutes, 1 day).
    const factor = [...UNITS].reverse().find(([, f]) => plan.timers.orders % f === 0 && plan.timers.talks % f === 0)[1];
    this.unit.value = String(factor);
    this.relabel();
    set('#rounds', plan.rounds);
    set('#use-timers', true);
    set('#orders-seconds', plan.timers.orders / factor);
    set('#talks-seconds', plan.timers.talks / factor);
    set('#deadline', plan.deadline);
    this.facts.textContent = `${plan.rounds} rounds · orders ${minutesText(plan.timers.orders)}, talks ${minutesText(plan.timers.talks)}`
      + `${plan.deadline === 'bot' ? ' · a bot acts for a delegation that misses a deadline' : ''}${plan.note ? `. ${plan.note}` : ''}`;
  }

  /** The labels of the timer fields say the unit they count in. */
  relabel() {
    const unit = UNITS.find(([, f]) => String(f) === this.unit.value)[0];
    for (const id of ['orders-seconds', 'talks-seconds']) {
      const label = document.querySelector(`label[for="${id}"]`);
      if (label) label.textContent = label.textContent.replace(/\((seconds|minutes|hours|days)\)/, `(${unit})`);
      const field = document.getElementById(id);
      if (field) [field.min, field.max] = LIMITS[this.unit.value].map(String);
    }
  }

  /** The create-game settings with the preset (the server sets rounds, timers and deadline from
   * it), or custom ones with the timers turned into seconds. */
  apply(settings) {
    const plan = this.plan;
    if (!plan) {
      const factor = Number(this.unit.value);
      const timers = settings.timers && Object.fromEntries(Object.entries(settings.timers).map(([k, v]) => [k, v && v * factor]));
      return { ...settings, timers };
    }
    return { ...settings, preset: plan.id, rounds: null, timers: null, deadline: null };
  }

  /** What the dashboard shows of a game's preset. */
  get label() {
    return this.plan?.name || null;
  }
}
