// Building the page from data. Every string goes in as a text node or an attribute value,
// never as markup: players type text, and text is what they see.

/** h('li', {class: 'x', 'aria-live': 'polite', onclick: fn}, 'text', child, [more]) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key in el && typeof value !== 'string') {
      el[key] = value; // properties such as checked, disabled, value
    } else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'selected') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const $ = (selector, root = document) => root.querySelector(selector);

export function params() {
  return new URLSearchParams(window.location.search);
}

/** Speak to screen readers through a polite live region (shown as a status line too). New
 * lines are added, never overwritten, and the last few kept. Phase changes have a region of
 * their own (`phase-news`), so a burst of statements cannot push them out before they are read. */
export function announce(text, regionId = 'announcer') {
  const region = document.getElementById(regionId) || document.getElementById('announcer');
  if (!region) return;
  if (region.id === 'phase-news') {
    region.textContent = text;
    return;
  }
  region.append(h('span', { class: 'said' }, text));
  while (region.children.length > 2) region.firstElementChild.remove();
}

export function formatSeconds(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  // Homework games wait days for a deadline: hours and days, not thousands of minutes.
  if (s >= 86400) return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
