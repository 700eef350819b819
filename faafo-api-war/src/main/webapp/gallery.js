// The faafo gallery: a small client of the REST API at api/fractal. No framework, no build step.
'use strict';

const API = 'api/fractal';
const POLL_MS = 2000;
const THUMB_EDGE = 160;
const FIELDS = ['width', 'height', 'iterations', 'xa', 'xb', 'ya', 'yb', 'cx', 'cy'];
// [min, max, integer?] — the ranges of the original faafo producer.
const RANDOM_RANGES = {
  width: [256, 1024, true], height: [256, 1024, true], iterations: [128, 512, true],
  xa: [-4, -1], xb: [1, 4], ya: [-3, -0.5], yb: [0.5, 3],
};
// Rows of the detail table: JSON field name and an optional human-readable note.
const PARAMS = [
  ['uuid'], ['status'], ['width'], ['height'], ['iterations'],
  ['xa'], ['xb'], ['ya'], ['yb'], ['cx'], ['cy'], ['checksum'],
  ['duration', seconds], ['size', bytes], ['generated_by'], ['attempts'], ['reason'],
  ['created_at', localTime], ['updated_at', localTime],
];

const state = { page: 1, perPage: 6, seq: 0, inflight: 0, credentials: null };
const $ = (id) => document.getElementById(id);
const form = () => $('create-form');

// Calls the API and turns any non-2xx answer into an Error carrying status and the API's error body.
async function api(path, options = {}) {
  state.inflight++;
  try {
    const res = await fetch(API + path, {
      cache: 'no-store', ...options,
      // marks the gallery's calls: a 401 then carries no challenge, so no browser dialog appears
      headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', ...options.headers },
    });
    const text = await res.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { /* not JSON, e.g. a proxy's error page */ }
    if (!res.ok) {
      const err = new Error((body && (body.message || body.error)) || `HTTP ${res.status}`);
      err.status = res.status;
      err.body = body || {};
      throw err;
    }
    return body;
  } finally {
    state.inflight--;
  }
}

// Builds an element with attributes and children in one call, keeping the rendering code short.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function seconds(v) { return v == null ? '' : `${Number(v).toFixed(2)} s`; }
function bytes(v) { return v == null ? '' : v < 1024 * 1024 ? `${(v / 1024).toFixed(1)} KiB` : `${(v / 1048576).toFixed(2)} MiB`; }
function localTime(v) { return v ? new Date(v).toLocaleString() : ''; }

// Shows a page-wide notice: errors stay until the next successful load, good news fades after 5 s.
function banner(text, kind = 'error') {
  const b = $('status-message');
  b.textContent = text || '';
  b.className = `banner ${kind}`;
  b.hidden = !text;
  clearTimeout(banner.timer);
  if (text && kind === 'ok') banner.timer = setTimeout(() => banner(''), 5000);
}

// The hash decides the view (#/ = grid, #/fractal/<uuid> = detail), so both are linkable and Back works.
function detailUuid() {
  const m = location.hash.match(/^#\/fractal\/([0-9a-fA-F-]{1,64})$/);
  return m && m[1];
}

// Switches between grid and detail whenever the hash changes.
function route() {
  const uuid = detailUuid();
  $('gallery-view').hidden = !!uuid;
  $('detail-view').hidden = !uuid;
  $('create-panel').hidden = !!uuid; // the detail view gets the whole width
  document.querySelector('.layout').classList.toggle('single', !!uuid);
  $('delete-form').hidden = true;
  if (uuid) {
    clearDetail();
    loadDetail(uuid);
  } else {
    loadPage();
  }
}

// ---- grid ----

// Fetches only the current page; a sequence number drops answers that arrive after a newer request.
async function loadPage() {
  const seq = ++state.seq;
  try {
    const data = await api(`?page=${state.page}&results_per_page=${state.perPage}`);
    if (seq !== state.seq || detailUuid()) return;
    if (!data.objects.length && state.page > data.total_pages && data.total_pages > 0) {
      state.page = data.total_pages; // the page vanished (deletions): show the last one
      return loadPage();
    }
    renderGrid(data);
    if ($('status-message').classList.contains('error')) banner('');
  } catch (err) {
    if (seq === state.seq) banner(`Cannot load the fractals: ${err.message}`);
  }
}

// What a card shows; a card is rebuilt only when this changes, so done thumbnails never flicker.
function signature(f) { return `${f.status}|${f.updated_at}`; }

// Reconciles the grid with the new page in place: keeps unchanged cards, replaces changed ones, drops the rest.
function renderGrid({ objects, num_results, total_pages }) {
  const grid = $('gallery');
  const old = new Map([...grid.children].map((c) => [c.dataset.uuid, c]));
  objects.forEach((f, i) => {
    let card = old.get(f.uuid);
    old.delete(f.uuid);
    if (!card || card.dataset.sig !== signature(f)) {
      const fresh = makeCard(f);
      if (card) card.replaceWith(fresh);
      card = fresh;
    }
    if (grid.children[i] !== card) grid.insertBefore(card, grid.children[i] || null);
  });
  old.forEach((c) => c.remove());

  const pages = Math.max(1, total_pages);
  $('page-info').textContent = `Page ${state.page} of ${pages}`;
  $('prev-page').disabled = state.page <= 1;
  $('next-page').disabled = state.page >= pages;
  $('total-info').textContent = `${num_results} fractal${num_results === 1 ? '' : 's'}`;
  $('gallery-empty').hidden = num_results > 0;
}

// Thumbnail box size (longest edge 160 px) so the layout is reserved before the PNG arrives.
function thumbSize(f) {
  const s = THUMB_EDGE / Math.max(f.width, f.height);
  return [Math.max(1, Math.round(f.width * s)), Math.max(1, Math.round(f.height * s))];
}

// One card of the grid: thumbnail (only once done) or a placeholder, plus the key facts.
function makeCard(f) {
  const [w, h] = thumbSize(f);
  const picture = f.status === 'done'
    ? el('img', {
      class: 'thumb', src: `${API}/${f.uuid}/thumbnail`, width: w, height: h, loading: 'lazy',
      alt: `Julia set, ${f.width}×${f.height} pixels, ${f.iterations} iterations`,
    })
    : el('span', { class: `placeholder ${f.status}` }, f.status === 'failed' ? 'Failed' : 'Rendering…');
  const facts = el('ul', { class: 'facts' },
    el('li', { class: 'size' }, `${f.width}×${f.height}`),
    el('li', { class: 'iterations' }, `${f.iterations} iterations`),
    el('li', { class: 'duration' }, f.status === 'done' ? seconds(f.duration) : f.status),
    el('li', { class: 'node' }, f.generated_by || (f.status === 'failed' ? f.reason || '' : '…')));
  return el('article', {
    class: 'fractal-card', 'data-uuid': f.uuid, 'data-status': f.status, 'data-sig': signature(f),
  }, el('a', { href: `#/fractal/${f.uuid}`, class: 'thumb-link', title: f.uuid }, picture), facts);
}

// ---- detail ----

// Empties the detail view while the next fractal loads, so a test never reads stale values.
function clearDetail() {
  const d = $('detail');
  d.removeAttribute('data-uuid');
  d.removeAttribute('data-status');
  d.dataset.sig = '';
  $('detail-heading').textContent = 'Loading…';
  $('detail-figure').replaceChildren();
  $('detail-params').tBodies[0].replaceChildren();
  $('download-link').hidden = true;
  $('delete-button').hidden = true;
  $('delete-message').textContent = '';
}

// Fetches one fractal; a 404 means it never existed or was deleted.
async function loadDetail(uuid) {
  const seq = ++state.seq;
  try {
    const f = await api(`/${encodeURIComponent(uuid)}`);
    if (seq === state.seq && detailUuid() === uuid) renderDetail(f);
  } catch (err) {
    if (seq !== state.seq) return;
    if (err.status === 404) $('detail-heading').textContent = 'No such fractal (it may have been deleted)';
    else banner(`Cannot load the fractal: ${err.message}`);
  }
}

// Fills the detail view; skipped when nothing changed so the full image is not reloaded on every poll.
function renderDetail(f) {
  const d = $('detail');
  if (d.dataset.uuid === f.uuid && d.dataset.sig === signature(f)) return;
  d.dataset.sig = signature(f);
  d.dataset.status = f.status;
  $('detail-heading').textContent = `Fractal ${f.uuid.slice(0, 8)} · ${f.status}`;

  const figure = $('detail-figure');
  if (f.status === 'done') {
    if (!$('detail-image')) {
      figure.replaceChildren(
        el('img', {
          id: 'detail-image', src: `${API}/${f.uuid}/image`, width: f.width, height: f.height,
          alt: `Julia set for c = ${f.cx} + ${f.cy}i, ${f.width}×${f.height} pixels`,
        }),
        el('figcaption', {}, `Rendered in ${seconds(f.duration)} by ${f.generated_by || 'unknown'}`));
    }
  } else {
    figure.replaceChildren(el('span', { class: `placeholder big ${f.status}` },
      f.status === 'failed' ? `Failed: ${f.reason || 'no reason given'}` : 'Rendering…'));
  }

  const rows = PARAMS
    .filter(([name]) => name !== 'reason' || f.reason != null)
    .map(([name, note]) => {
      const v = f[name];
      const hint = v == null
        ? (name === 'cx' || name === 'cy' ? 'picked by the worker' : 'not yet')
        : note ? note(v) : '';
      return el('tr', { 'data-param': name },
        el('th', { scope: 'row' }, name), el('td', {}, v == null ? '' : String(v)), el('td', { class: 'muted' }, hint));
    });
  $('detail-params').tBodies[0].replaceChildren(...rows);

  const link = $('download-link');
  link.hidden = f.status !== 'done';
  link.href = `${API}/${f.uuid}/image`;
  link.download = `${f.uuid}.png`;
  $('delete-button').hidden = false;
  d.dataset.uuid = f.uuid; // set last: tests wait for it, then read the table
}

// ---- delete ----

// Opens the inline credential form, pre-filled with what this tab already knows (memory only).
function openDeleteForm() {
  $('delete-form').hidden = false;
  $('delete-message').textContent = '';
  if (state.credentials) {
    $('admin-user').value = state.credentials.user;
    $('admin-password').value = state.credentials.password;
  }
  $('admin-user').focus();
}

// HTTP Basic header value; UTF-8 safe, unlike plain btoa on the string.
function basicAuth(user, password) {
  const utf8 = new TextEncoder().encode(`${user}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...utf8))}`;
}

// Sends the DELETE; on 204 (or 404: already gone) returns to the grid, otherwise shows the API's message.
async function confirmDelete(ev) {
  ev.preventDefault();
  const uuid = $('detail').dataset.uuid;
  const credentials = { user: $('admin-user').value, password: $('admin-password').value };
  $('delete-confirm').disabled = true;
  $('delete-message').textContent = '';
  try {
    await api(`/${encodeURIComponent(uuid)}`, {
      method: 'DELETE', headers: { Authorization: basicAuth(credentials.user, credentials.password) },
    });
    state.credentials = credentials;
    banner(`Fractal ${uuid} deleted.`, 'ok');
    location.hash = '#/';
  } catch (err) {
    if (err.status === 404) {
      banner(`Fractal ${uuid} was already gone.`, 'ok');
      location.hash = '#/';
    } else {
      if (err.status === 401) state.credentials = null;
      $('delete-message').textContent = `${err.status || ''} ${err.body.error || 'Error'}: ${err.message}`;
    }
  } finally {
    $('delete-confirm').disabled = false;
  }
}

// ---- create form ----

// Fills the form with random values in the original producer's ranges; the constant stays empty.
function randomize() {
  for (const [name, [min, max, integer]] of Object.entries(RANDOM_RANGES)) {
    const v = min + Math.random() * (max - min);
    form().elements[name].value = integer ? Math.round(v) : v.toFixed(4);
  }
  form().elements.cx.value = '';
  form().elements.cy.value = '';
  clearErrors();
}

// Removes the previous attempt's messages before a new one.
function clearErrors() {
  for (const slot of form().querySelectorAll('.field-error')) slot.textContent = '';
  for (const name of FIELDS) form().elements[name].removeAttribute('aria-invalid');
  $('form-message').textContent = '';
  $('form-message').className = '';
}

// Puts a message next to its field (or into the general message when no such field exists).
function fieldError(name, message) {
  const slot = FIELDS.includes(name) && form().querySelector(`.field-error[data-field="${name}"]`);
  if (!slot) return false;
  slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
  form().elements[name].setAttribute('aria-invalid', 'true');
  return true;
}

// The JSON body from the form: empty required fields become null (the API names them), an empty constant is left out.
function readForm() {
  const body = {};
  let ok = true;
  for (const name of FIELDS) {
    const input = form().elements[name];
    if (input.validity.badInput) {
      fieldError(name, 'is not a number');
      ok = false;
    } else if (input.value.trim() !== '') body[name] = Number(input.value);
    else if (name !== 'cx' && name !== 'cy') body[name] = null;
  }
  return ok ? body : null;
}

// Posts the request; on success jumps to page 1 where the new, pending fractal appears first.
async function submitForm(ev) {
  ev.preventDefault();
  clearErrors();
  const body = readForm();
  if (!body) return showFormMessage('Please correct the marked fields.', 'error');
  $('create-button').disabled = true;
  try {
    const f = await api('', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const msg = $('form-message');
    msg.className = 'ok';
    msg.replaceChildren('Requested ', el('a', { href: `#/fractal/${f.uuid}` }, `fractal ${f.uuid.slice(0, 8)}`),
      '; it appears first in the gallery.');
    goToPage(1);
  } catch (err) {
    const general = [];
    for (const v of (err.body && err.body.violations) || []) {
      const name = v.field ? String(v.field).split('.').pop() : null; // tolerate "create.arg0.width"
      if (!fieldError(name, v.message)) general.push(v.field ? `${v.field}: ${v.message}` : v.message);
    }
    showFormMessage([err.message, ...general].join(' — '), 'error');
    const first = form().querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  } finally {
    $('create-button').disabled = false;
  }
}

// Sets the general message under the form.
function showFormMessage(text, kind) {
  $('form-message').textContent = text;
  $('form-message').className = kind;
}

// ---- polling and wiring ----

// Refreshes what is on screen every ~2 s while the tab is visible, so pending fractals complete in place.
function poll() {
  if (document.hidden || state.inflight) return;
  const uuid = detailUuid();
  if (!uuid) loadPage();
  else if ($('detail').dataset.status === 'pending') loadDetail(uuid);
}

// Moves to another page of the grid.
function goToPage(page) {
  state.page = Math.max(1, page);
  loadPage();
}

document.addEventListener('DOMContentLoaded', () => {
  $('prev-page').addEventListener('click', () => goToPage(state.page - 1));
  $('next-page').addEventListener('click', () => goToPage(state.page + 1));
  $('page-size').value = String(state.perPage);
  $('page-size').addEventListener('change', (e) => { state.perPage = Number(e.target.value); goToPage(1); });
  $('random-button').addEventListener('click', randomize);
  form().addEventListener('submit', submitForm);
  $('delete-button').addEventListener('click', openDeleteForm);
  $('delete-form').addEventListener('submit', confirmDelete);
  window.addEventListener('hashchange', route);
  document.addEventListener('visibilitychange', poll);
  setInterval(poll, POLL_MS);
  route();
});
