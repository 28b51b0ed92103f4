// The server's REST API (server/rest.py): scenarios, creating games, summaries and exports.
import { ServerError } from './link.js';

async function call(method, url, body, headers = {}) {
  const response = await fetch(url, {
    method,
    headers: body ? { 'Content-Type': 'application/json', ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (!response.ok || (data && data.ok === false)) {
    throw new ServerError((data && data.error) || { code: `http_${response.status}`, message: response.statusText });
  }
  return data;
}

const scenarioCache = new Map();

export async function scenarios() {
  const data = await call('GET', '/api/scenarios');
  for (const s of data.scenarios) scenarioCache.set(s.id, Promise.resolve(s));
  return data.scenarios;
}

export async function scenario(id) {
  if (!scenarioCache.has(id)) scenarioCache.set(id, call('GET', `/api/scenarios/${encodeURIComponent(id)}`));
  return scenarioCache.get(id);
}

/** settings: {scenario, rounds, timers: {orders, talks} | null, team_size, bots: {seat: temperament}, deadline} */
/** A server open to a network may need its host key to open games (CRISIS_HOST_KEY). The host
 * opens /facilitate#host-key=KEY: a URL fragment never reaches a request, an access log or a Referer. */
function hostKey() {
  const key = new URLSearchParams(window.location.hash.slice(1)).get('host-key');
  return key ? { 'X-Host-Key': key } : {};
}
export const createGame = (settings) => call('POST', '/api/games', settings, hostKey());
export const summary = (game) => call('GET', `/api/games/${encodeURIComponent(game)}`);
export const exportUrl = (game, format) => `/api/games/${encodeURIComponent(game)}/export.${format}`;

/** Download an export with the facilitator token in a header (not in a URL that logs and
 * browser history would keep). */
export async function downloadExport(game, format, token) {
  const response = await fetch(exportUrl(game, format), { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) {
    let error = { code: `http_${response.status}`, message: response.statusText };
    try { error = (await response.json()).error || error; } catch { /* not JSON */ }
    throw new ServerError(error);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `crisis-table-${game}.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export const TEMPERAMENTS = ['dove', 'hawk', 'mediator', 'pragmatist', 'spoiler'];
