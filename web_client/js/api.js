// The server's REST API (server/rest.py): scenarios, creating games, summaries and exports.
import { ServerError } from './link.js';

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
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
export const createGame = (settings) => call('POST', '/api/games', settings);
export const summary = (game) => call('GET', `/api/games/${encodeURIComponent(game)}`);
export const exportUrl = (game, format, token) =>
  `/api/games/${encodeURIComponent(game)}/export.${format}?token=${encodeURIComponent(token)}`;

export const TEMPERAMENTS = ['dove', 'hawk', 'mediator', 'pragmatist', 'spoiler'];
