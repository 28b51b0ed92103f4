// One screen, no scrollbar: the projector's panels have fixed shares of the viewport. A list
// that does not fit its panel keeps its newest items and says how many older ones it leaves
// out; if a panel still overflows (long labels on a small screen), everything is drawn a
// little smaller (--fit scales the page's type), down to a floor.
import { h } from './dom.js';

const MIN_SCALE = 0.7;
const STEP = 0.05;
const SPARE_BELOW = 0.9; // below this scale, a `first` list may give up its last item rather than shrink the type
const full = new WeakMap(); // list element → { items, summary }

/** A list of `items` (newest first) that fitScreen may shorten; `summary(n)` words the n left out.
 * `first`: shortened before the others, and down to none when the type would otherwise get
 * small; `low`: shortened last; `keep`: items always shown (default 1). */
export function fitList(name, items, summary, { first = false, low = false, keep = 1 } = {}) {
  const list = h('ol', { class: `fit-list ${name}`, 'data-fit': first ? 0 : low ? 2 : 1 });
  full.set(list, { items, summary, keep, first });
  list.append(...items);
  return list;
}

const overflows = (el) => el.scrollHeight > el.clientHeight + 1;

function restore(list) {
  const { items } = full.get(list);
  list.replaceChildren(...items);
}

function trim(list, spare) {
  const { items, summary, first } = full.get(list);
  const keep = spare && first ? 0 : full.get(list).keep;
  const panel = list.closest('.panel') || list.parentElement;
  let shown = items.length;
  let note = null;
  while (overflows(panel) && shown > keep) {
    shown -= 1;
    items[shown].remove();
    if (!note) {
      note = h('li', { class: 'more' });
      list.append(note);
    }
    note.textContent = summary(items.length - shown);
  }
}

function fits() {
  const boxes = document.querySelectorAll('.proj, .panel, .proj-news');
  return [...boxes].every((el) => el.offsetParent === null || !overflows(el))
    && document.documentElement.scrollHeight <= window.innerHeight;
}

export function fitScreen() {
  const root = document.documentElement;
  const lists = [...document.querySelectorAll('.fit-list')].filter((l) => full.has(l))
    .sort((a, b) => Number(a.dataset.fit) - Number(b.dataset.fit));
  for (let scale = 1; ; scale -= STEP) {
    root.style.setProperty('--fit', scale.toFixed(2));
    for (const spare of scale < SPARE_BELOW + 0.001 ? [false, true] : [false]) {
      lists.forEach(restore);
      lists.forEach((list) => trim(list, spare));
      if (fits()) return;
    }
    if (scale - STEP < MIN_SCALE) return;
  }
}
