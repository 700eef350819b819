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
  ['xa'], ['xb'], ['ya'], ['yb'], ['cx'], ['cy'], ['parent'], ['checksum'],
  ['duration', seconds], ['size', bytes], ['generated_by'], ['attempts'], ['reason'],
  ['created_at', localTime], ['updated_at', localTime],
];

// The zoom rule: the parent's iterations plus a quarter of them for each doubling of magnification.
const ITERATIONS_PER_DOUBLING = 0.25;
// A selection is at least this many of the image's pixels wide, and a click zooms by this factor.
const MIN_SELECTION_PIXELS = 4;
const CLICK_ZOOM = 2;

const state = { page: 1, perPage: 6, seq: 0, inflight: 0, credentials: null };
// The detail view's zoom: the fractal shown, the selection on it ({x, y, size}: fractions of the
// image, top-left corner and edge; the same fraction of width and height keeps the image's shape),
// and the pointers down on the image (a drag, or two fingers pinching).
const zoom = { f: null, sel: null, pointers: new Map(), gesture: null, iterationsEdited: false };
const $ = (id) => document.getElementById(id);
const form = () => $('create-form');

// Calls the API and turns any non-2xx answer into an Error carrying status and the API's error body.
async function api(path, options = {}) {
  state.inflight++;
  try {
    const res = await fetch(API + path, {
      // revalidated every time: an unchanged page comes back as 304 (its ETag), never stale
      cache: 'no-cache', ...options,
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
  $('zoom-form').hidden = true;
  $('parent-link').hidden = true;
  $('parent-link').replaceChildren();
  $('zooms').hidden = true;
  $('zooms').replaceChildren();
  zoom.f = null;
  zoom.sel = null;
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
        el('div', {
          id: 'zoom-stage', tabindex: '0', role: 'group', 'aria-describedby': 'zoom-help zoom-region',
          'aria-label': 'Image: select a region to zoom into',
        },
        el('img', {
          id: 'detail-image', src: `${API}/${f.uuid}/image`, width: f.width, height: f.height, draggable: 'false',
          alt: `Julia set for c = ${f.cx} + ${f.cy}i, ${f.width}×${f.height} pixels`,
        }),
        el('div', { id: 'zoom-selection', hidden: '' })),
        el('figcaption', {}, `Rendered in ${seconds(f.duration)} by ${f.generated_by || 'unknown'}`));
      startZoom(f);
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
        ? (name === 'cx' || name === 'cy' ? 'picked by the worker' : name === 'parent' ? 'none' : 'not yet')
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
  renderLineage(f);
}

// ---- lineage: the fractal a zoom was made from, and those made from it ----

// What a child is to its parent: the same region and constant (rendered again), the same region
// with another constant, or a part of it (a zoom, by how much).
function relation(child, parent) {
  const sameRegion = ['xa', 'xb', 'ya', 'yb'].every((k) => child[k] === parent[k]);
  if (!sameRegion) {
    const m = (parent.xb - parent.xa) / (child.xb - child.xa);
    return { kind: 'zoom', text: `zoom ×${m >= 10 ? Math.round(m) : m.toFixed(1)}` };
  }
  if (child.cx === parent.cx && child.cy === parent.cy) return { kind: 'again', text: 'rendered again' };
  return { kind: 'constant', text: 'new constant' };
}

// Shows "zoomed from" (or that the parent is gone) and the fractals made from this one; while a
// zoom renders, its parent's region enlarged stands in for the image.
async function renderLineage(f) {
  const current = () => detailUuid() === f.uuid && $('detail').dataset.uuid === f.uuid;
  const line = $('parent-link');
  if (f.parent) {
    let parent = null;
    try {
      parent = await api(`/${encodeURIComponent(f.parent)}`);
    } catch (err) {
      if (err.status !== 404) return;
    }
    if (!current()) return;
    if (!parent) {
      line.dataset.gone = 'true';
      line.replaceChildren(`Zoomed from fractal ${f.parent.slice(0, 8)}, which is gone`
        + ' (deleted, or pruned by the retention policy).');
    } else {
      line.dataset.gone = 'false';
      const r = relation(f, parent);
      const label = { zoom: 'Zoomed from', again: 'Rendered again from', constant: 'New constant for the region of' }[r.kind];
      line.replaceChildren(`${label} `, el('a', { href: `#/fractal/${parent.uuid}`, id: 'parent-anchor' },
        `fractal ${parent.uuid.slice(0, 8)}`), r.kind === 'zoom' ? ` (${r.text}).` : '.');
      if (r.kind === 'again' && f.status === 'done' && parent.status === 'done') {
        const match = f.checksum === parent.checksum;
        line.append(' ', el('span', { id: 'checksum-match', 'data-match': String(match), class: match ? 'ok' : 'error' },
          match ? 'Its checksum is the same: the image is reproduced exactly.' : 'Its checksum differs!'));
      }
      if (f.status === 'pending' && parent.status === 'done') showPreview(f, parent);
    }
    line.hidden = false;
  }
  const q = { filters: [{ name: 'parent', op: '==', val: f.uuid }], order_by: [{ field: 'created_at', direction: 'asc' }] };
  let children;
  try {
    children = await api(`?results_per_page=24&q=${encodeURIComponent(JSON.stringify(q))}`);
  } catch {
    return;
  }
  if (!current()) return;
  const list = $('zooms');
  list.hidden = children.num_results === 0;
  list.replaceChildren(el('p', {}, `Zooms (${children.num_results}):`), el('ul', {},
    ...children.objects.map((c) => el('li', { 'data-uuid': c.uuid },
      el('a', { href: `#/fractal/${c.uuid}` }, `fractal ${c.uuid.slice(0, 8)}`),
      ` · ${relation(c, f).text} · ${c.status}`))));
}

// A pixel's coordinate is a + i·(b − a)/(n − 1), so n pixels cover [a, b] plus half a pixel on
// either side: these are the image's edges.
function edges(a, b, n) {
  const half = (b - a) / (n - 1) / 2;
  return [a - half, b + half];
}

// The first and last pixels' coordinates of n pixels that fill the edges [e0, e1].
function centres(e0, e1, n) {
  const half = (e1 - e0) / n / 2;
  return [e0 + half, e1 - half];
}

// Shows the parent's image, scaled and moved so that the child's region fills the frame.
function showPreview(f, parent) {
  if (f.status !== 'pending' || $('zoom-preview')) return;
  const [px0, px1] = edges(parent.xa, parent.xb, parent.width);
  const [py0, py1] = edges(parent.ya, parent.yb, parent.height);
  const [cx0, cx1] = edges(f.xa, f.xb, f.width);
  const [cy0, cy1] = edges(f.ya, f.yb, f.height);
  const pct = (v) => `${(v * 100).toFixed(4)}%`;
  const img = el('img', { src: `${API}/${parent.uuid}/image`, alt: '', draggable: 'false' });
  img.style.left = pct((px0 - cx0) / (cx1 - cx0));
  img.style.width = pct((px1 - px0) / (cx1 - cx0));
  img.style.top = pct((py0 - cy0) / (cy1 - cy0));
  img.style.height = pct((py1 - py0) / (cy1 - cy0));
  const frame = el('div', { id: 'zoom-preview', 'data-parent': parent.uuid, role: 'img',
    'aria-label': 'The parent fractal enlarged to this region, until this one is rendered' }, img);
  frame.style.width = `${f.width}px`;
  frame.style.aspectRatio = `${f.width} / ${f.height}`;
  $('detail-figure').replaceChildren(frame,
    el('figcaption', { class: 'placeholder pending' }, 'Rendering… meanwhile, its region of the parent enlarged.'));
}

// ---- zoom: select a region of the image, then send it ----

// Prepares the zoom form for a done fractal: its size, no selection yet.
function startZoom(f) {
  zoom.f = f;
  zoom.sel = null;
  zoom.iterationsEdited = false;
  const zf = $('zoom-form');
  zf.elements.width.value = f.width;
  zf.elements.height.value = f.height;
  zf.elements.iterations.value = f.iterations;
  clearZoomErrors();
  zf.hidden = false;
  const stage = $('zoom-stage');
  stage.addEventListener('pointerdown', pointerDown);
  stage.addEventListener('pointermove', pointerMove);
  stage.addEventListener('pointerup', pointerUp);
  stage.addEventListener('pointercancel', pointerUp);
  stage.addEventListener('wheel', wheel, { passive: false });
  stage.addEventListener('keydown', zoomKey);
  showSelection();
}

// The smallest selection: a few of the image's pixels.
function minSize() {
  return Math.min(1, MIN_SELECTION_PIXELS / Math.min(zoom.f.width, zoom.f.height));
}

// Sets the selection, kept inside the image and no smaller than minSize().
function select(x, y, size) {
  const s = Math.min(1, Math.max(minSize(), size));
  zoom.sel = { x: Math.min(1 - s, Math.max(0, x)), y: Math.min(1 - s, Math.max(0, y)), size: s };
  showSelection();
}

// A selection of `size` centred on (cx, cy), as far as the image allows.
function selectAround(cx, cy, size) {
  select(cx - size / 2, cy - size / 2, size);
}

// The region of the complex plane that the selection covers, at the form's size in pixels.
function selectedRegion() {
  const f = zoom.f;
  const { x, y, size } = zoom.sel;
  const zf = $('zoom-form');
  const width = Number(zf.elements.width.value) || f.width;
  const height = Number(zf.elements.height.value) || f.height;
  const [ex0, ex1] = edges(f.xa, f.xb, f.width);
  const [ey0, ey1] = edges(f.ya, f.yb, f.height);
  const [xa, xb] = centres(ex0 + x * (ex1 - ex0), ex0 + (x + size) * (ex1 - ex0), width);
  const [ya, yb] = centres(ey0 + y * (ey1 - ey0), ey0 + (y + size) * (ey1 - ey0), height);
  return { xa, xb, ya, yb };
}

// The documented rule: more iterations the deeper the zoom, never fewer than the parent's.
function zoomIterations(parentIterations, magnification) {
  return Math.ceil(parentIterations * (1 + ITERATIONS_PER_DOUBLING * Math.max(0, Math.log2(magnification))));
}

// Draws the selection and describes it; the iterations follow the rule until the person edits them.
function showSelection() {
  const box = $('zoom-selection');
  const zf = $('zoom-form');
  $('zoom-button').disabled = !zoom.sel;
  if (!zoom.sel) {
    box.hidden = true;
    $('zoom-region').textContent = 'No region selected yet.';
    return;
  }
  const { x, y, size } = zoom.sel;
  Object.assign(box.style, { left: `${x * 100}%`, top: `${y * 100}%`, width: `${size * 100}%`, height: `${size * 100}%` });
  box.hidden = false;
  const magnification = 1 / size;
  if (!zoom.iterationsEdited) zf.elements.iterations.value = zoomIterations(zoom.f.iterations, magnification);
  const r = selectedRegion();
  const g = (v) => Number(v.toPrecision(8));
  $('zoom-region').textContent = `Zoom ×${Number(magnification.toPrecision(4))}: x ${g(r.xa)} … ${g(r.xb)},`
    + ` y ${g(r.ya)} … ${g(r.yb)}, constant ${zoom.f.cx} + ${zoom.f.cy}i.`;
}

// A pointer's position as fractions of the image.
function fractionOf(ev) {
  const rect = $('zoom-stage').getBoundingClientRect();
  return { x: (ev.clientX - rect.left) / rect.width, y: (ev.clientY - rect.top) / rect.height, rect };
}

function pointerDown(ev) {
  if (ev.pointerType === 'mouse' && ev.button !== 0) return;
  ev.preventDefault();
  $('zoom-stage').focus();
  $('zoom-stage').setPointerCapture(ev.pointerId);
  zoom.pointers.set(ev.pointerId, ev);
  if (zoom.pointers.size === 1) {
    zoom.gesture = { kind: 'drag', start: fractionOf(ev), moved: false };
  } else if (zoom.pointers.size === 2) {
    const [a, b] = [...zoom.pointers.values()];
    const sel = zoom.sel || { x: 0, y: 0, size: 1 };
    zoom.gesture = { kind: 'pinch', distance: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY), sel };
  }
}

function pointerMove(ev) {
  if (!zoom.pointers.has(ev.pointerId) || !zoom.gesture) return;
  zoom.pointers.set(ev.pointerId, ev);
  const g = zoom.gesture;
  if (g.kind === 'pinch' && zoom.pointers.size === 2) {
    const [a, b] = [...zoom.pointers.values()];
    const distance = Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
    if (distance > 0) {
      const size = g.sel.size * (g.distance / distance); // fingers apart: a smaller region, a deeper zoom
      selectAround(g.sel.x + g.sel.size / 2, g.sel.y + g.sel.size / 2, size);
    }
  } else if (g.kind === 'drag') {
    drag(g, fractionOf(ev));
  }
}

// A drag spans the rectangle from where it started to the pointer, grown to the image's shape.
function drag(g, at) {
  const dx = at.x - g.start.x;
  const dy = at.y - g.start.y;
  if (!g.moved && Math.hypot(dx * at.rect.width, dy * at.rect.height) < 4) return;
  g.moved = true;
  const size = Math.max(Math.abs(dx), Math.abs(dy), minSize());
  select(dx < 0 ? g.start.x - size : g.start.x, dy < 0 ? g.start.y - size : g.start.y, size);
}

function pointerUp(ev) {
  if (!zoom.pointers.has(ev.pointerId)) return;
  zoom.pointers.delete(ev.pointerId);
  const g = zoom.gesture;
  if (g && g.kind === 'drag' && ev.type === 'pointerup') {
    const at = fractionOf(ev);
    drag(g, at);
    if (!g.moved) selectAround(at.x, at.y, 1 / CLICK_ZOOM); // a click: ×2 around the point
  }
  if (zoom.pointers.size === 0) zoom.gesture = null;
}

// The wheel resizes the selection about the pointer (towards you: a smaller region).
function wheel(ev) {
  ev.preventDefault();
  const at = fractionOf(ev);
  const sel = zoom.sel || { x: 0, y: 0, size: 1 };
  const factor = ev.deltaY < 0 ? 0.8 : 1.25;
  const size = Math.min(1, Math.max(minSize(), sel.size * factor));
  const k = size / sel.size;
  select(at.x - (at.x - sel.x) * k, at.y - (at.y - sel.y) * k, size);
}

// Arrow keys move the selection by a tenth of its size, + and − resize it, Enter sends, Escape clears.
function zoomKey(ev) {
  const keys = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', '+', '=', '-', '_', '−'];
  if (ev.key === 'Enter') {
    ev.preventDefault();
    $('zoom-form').requestSubmit();
    return;
  }
  if (ev.key === 'Escape') {
    zoom.sel = null;
    showSelection();
    return;
  }
  if (!keys.includes(ev.key)) return;
  ev.preventDefault();
  if (!zoom.sel) selectAround(0.5, 0.5, 1 / CLICK_ZOOM);
  const { x, y, size } = zoom.sel;
  const step = Math.max(size / 10, 1 / Math.max(zoom.f.width, zoom.f.height));
  const centre = [x + size / 2, y + size / 2];
  switch (ev.key) {
    case 'ArrowLeft': select(x - step, y, size); break;
    case 'ArrowRight': select(x + step, y, size); break;
    case 'ArrowUp': select(x, y - step, size); break;
    case 'ArrowDown': select(x, y + step, size); break;
    case '+': case '=': selectAround(...centre, size * 0.8); break;
    default: selectAround(...centre, size * 1.25);
  }
}

function clearZoomErrors() {
  const zf = $('zoom-form');
  for (const slot of zf.querySelectorAll('.field-error')) slot.textContent = '';
  for (const input of zf.querySelectorAll('input')) input.removeAttribute('aria-invalid');
  $('zoom-message').textContent = '';
}

// Posts a fractal made from the one shown; on success opens it, otherwise shows the API's error here.
async function sendDerived(body, button) {
  clearZoomErrors();
  button.disabled = true;
  try {
    const created = await api('', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, parent: zoom.f.uuid }),
    });
    location.hash = `#/fractal/${created.uuid}`;
  } catch (err) {
    const zf = $('zoom-form');
    const general = [];
    for (const v of (err.body && err.body.violations) || []) {
      const slot = v.field && zf.querySelector(`.field-error[data-zoom-field="${v.field}"]`);
      if (slot) {
        slot.textContent = v.message;
        zf.elements[v.field].setAttribute('aria-invalid', 'true');
      }
      general.push(v.field ? `${v.field} ${v.message}` : v.message);
    }
    $('zoom-message').textContent = [err.message, ...general].join(' — ');
  } finally {
    button.disabled = button === $('zoom-button') && !zoom.sel;
  }
}

// The fractal's own parameters; with `constant`, its cx and cy too.
function parametersOf(f, constant) {
  const p = { width: f.width, height: f.height, iterations: f.iterations, xa: f.xa, xb: f.xb, ya: f.ya, yb: f.yb };
  return constant ? { ...p, cx: f.cx, cy: f.cy } : p;
}

// Sends the selected region with the form's size and iterations and the same constant.
function submitZoom(ev) {
  ev.preventDefault();
  if (!zoom.f) return;
  if (!zoom.sel) {
    $('zoom-message').textContent = 'Select a region of the image first.';
    return;
  }
  const zf = $('zoom-form');
  const numbers = {};
  for (const name of ['width', 'height', 'iterations']) {
    const input = zf.elements[name];
    numbers[name] = input.value.trim() === '' || input.validity.badInput ? null : Number(input.value);
  }
  sendDerived({ ...numbers, ...selectedRegion(), cx: zoom.f.cx, cy: zoom.f.cy }, $('zoom-button'));
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
  $('zoom-form').addEventListener('submit', submitZoom);
  $('zoom-form').elements.iterations.addEventListener('input', () => { zoom.iterationsEdited = true; });
  for (const name of ['width', 'height']) $('zoom-form').elements[name].addEventListener('input', () => zoom.sel && showSelection());
  $('render-again-button').addEventListener('click', (ev) => zoom.f && sendDerived(parametersOf(zoom.f, true), ev.currentTarget));
  $('random-constant-button').addEventListener('click', (ev) => zoom.f && sendDerived(parametersOf(zoom.f, false), ev.currentTarget));
  window.addEventListener('hashchange', route);
  document.addEventListener('visibilitychange', poll);
  setInterval(poll, POLL_MS);
  route();
});
