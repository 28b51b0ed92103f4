// Shared by the teaching pages (guide, print, debrief): the guide's data and dates in words.
import { ServerError } from './link.js';

const guides = new Map();

/** The scenario's teacher's guide, or null when it has none. */
export function loadGuide(scenarioId) {
  if (!guides.has(scenarioId)) {
    guides.set(scenarioId, fetch(`/api/scenarios/${encodeURIComponent(scenarioId)}/guide`).then(async (response) => {
      if (response.status === 404) return null;
      const data = await response.json();
      if (!response.ok) throw new ServerError(data.error);
      return data;
    }));
  }
  return guides.get(scenarioId);
}

/** GET with the facilitator token in a header (never in the address). */
export async function facilitatorGet(url, token) {
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (!response.ok) throw new ServerError(data?.error || { code: `http_${response.status}`, message: response.statusText });
  return data;
}

/** Download a file the facilitator token opens (the token in a header, never in the address). */
export async function downloadWithToken(url, token, filename) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) {
    let error = { code: `http_${response.status}`, message: response.statusText };
    try { error = (await response.json()).error || error; } catch { /* not JSON */ }
    throw new ServerError(error);
  }
  const href = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 10000);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function oneDate(text) {
  const [y, m, d] = text.split('-');
  if (!m) return y;
  if (!d) return `${MONTHS[Number(m) - 1]} ${y}`;
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

/** "2021-09-23/2021-09-27" → "23–27 September 2021"; "2016" → "2016". */
export function dateText(text) {
  const [from, to] = String(text).split('/');
  if (!to) return oneDate(from);
  const a = from.split('-'); const b = to.split('-');
  if (a.length === 3 && b.length === 3 && a[0] === b[0] && a[1] === b[1]) return `${Number(a[2])}–${oneDate(to)}`;
  return `${oneDate(from)} – ${oneDate(to)}`;
}

export function minutesText(seconds) {
  if (seconds >= 86400 && seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The height of a row of round labels (12px text: its box is about 15px high). */
export const ROW = 16;

/** Round labels under the chart that never overlap: "Round 3" where there is room, "R3" where
 * rounds are close together, and a second row where even that would touch its neighbour. */
export function roundLabels(starts, maxX) {
  const CHAR = 7.5; // px per character at 12px, generously
  const labels = [];
  const lastEnd = [-Infinity, -Infinity]; // per row, where the previous label ends
  starts.forEach((s, i) => {
    const room = (i + 1 < starts.length ? starts[i + 1].x : maxX) - s.x;
    const text = room >= 8 * CHAR ? `Round ${s.round}` : `R${s.round}`;
    const width = text.length * CHAR;
    let x = s.x + 3;
    let anchor = 'start';
    if (x + width > maxX) { x = maxX; anchor = 'end'; }
    const left = anchor === 'end' ? x - width : x;
    const row = left > lastEnd[0] + 2 ? 0 : left > lastEnd[1] + 2 ? 1 : null;
    if (row === null) return; // three rounds within one label's width: the vertical lines still show them
    lastEnd[row] = left + width;
    labels.push({ x, anchor, row, text });
  });
  return labels;
}
