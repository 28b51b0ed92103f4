// Where students join: the server says which address they can reach (GET /api/address: the
// page's own host when it is not loopback, else this computer's network address), and draws
// the QR code of a join link itself (GET /api/qr.svg), so nothing depends on a remote service.
import { h } from './dom.js';

let asked = null;

/** {base, reachable, addresses}; base without a trailing slash. */
export function studentsAddress() {
  if (!asked) {
    asked = fetch('/api/address').then((r) => r.json()).catch(() => ({
      base: window.location.origin, reachable: false, addresses: [],
    }));
  }
  return asked;
}

export const joinUrl = (base, code) => `${base}/?code=${encodeURIComponent(code)}`;
export const classUrl = (base, codes) => `${base}/?class=${codes.map(encodeURIComponent).join(',')}`;
export const qrSource = (url) => `/api/qr.svg?text=${encodeURIComponent(url)}`;
/** The address to type: no scheme, no trailing slash (what a student reads off the wall). */
export const typedAddress = (base) => base.replace(/^https?:\/\//, '');

export function qrImage(url, className = 'qr') {
  return h('img', { class: className, src: qrSource(url), alt: `QR code of the join link ${url}` });
}

/** What to tell the teacher when students cannot reach this server. */
export function unreachableNote(address) {
  if (address.reachable) return null;
  return h('p', { class: 'warning', role: 'note' },
    'Students cannot reach this address: the server listens on this computer only. ',
    'Stop it and start it again with ', h('code', {}, 'crisis-table serve --lan'),
    ' (see “Running a class” in the README).');
}
