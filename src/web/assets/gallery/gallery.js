// The client gallery page: tabs (one per gallery, plus Favorites), hearts, the viewer and downloads, over the page
// the server rendered. It calls the same visitor JSON API as the SDK, with the CSRF token the page carries.
import { prepareCover, prepareGrid, prepareTile } from './grid.js';
import { Viewer, photoInUrl } from './viewer.js';
import { createDownloads } from './downloads.js';

const API = '/api/v1/gallery';
document.documentElement.classList.add('js');
prepareCover();
prepareGrid(document);

const csrf = document.querySelector('meta[name=csrf-token]')?.getAttribute('content') ?? '';
const announcer = /** @type {HTMLElement} */ (document.getElementById('announcer'));
const tabs = /** @type {HTMLElement[]} */ ([...document.querySelectorAll('[role=tab]')]);
const favoritesPanel = /** @type {HTMLElement} */ (document.getElementById('panel-favorites'));
const favoritesGrid = /** @type {HTMLElement} */ (favoritesPanel.querySelector('.jgrid'));
const favoriteCount = /** @type {HTMLElement} */ (document.getElementById('favorite-count'));
let downloadable = 'none';

const announce = (text) => { announcer.textContent = text; };

// ---- favorites -------------------------------------------------------------------------------------------------
const favorites = new Set([...document.querySelectorAll('.panel:not([data-favorites]) .tile')]
  .filter((t) => t.querySelector('.heart')?.getAttribute('aria-pressed') === 'true').map((t) => /** @type {HTMLElement} */ (t).dataset.id));

function reflectFavorite(id) {
  const on = favorites.has(id);
  for (const tile of document.querySelectorAll(`.tile[data-id="${CSS.escape(id)}"]`)) tile.querySelector('.heart')?.setAttribute('aria-pressed', String(on));
  if (viewer.current?.id === id) viewer.heart.setAttribute('aria-pressed', String(on));
  favoriteCount.textContent = String(favorites.size);
}

async function toggleFavorite(id) {
  const on = !favorites.has(id);
  if (on) favorites.add(id); else favorites.delete(id);
  reflectFavorite(id);
  const name = sourceTile(id)?.dataset.name ?? 'Photo';
  const headers = { 'x-csrf-token': csrf, accept: 'application/json' };
  try {
    const res = on
      ? await fetch(`${API}/favorites`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ photo_id: id }) })
      : await fetch(`${API}/favorites/${encodeURIComponent(id)}`, { method: 'DELETE', headers });
    if (!res.ok) throw new Error(String(res.status));
    announce(on ? `${name} added to your favorites` : `${name} removed from your favorites`);
  } catch {
    if (on) favorites.delete(id); else favorites.add(id);
    reflectFavorite(id);
    announce(`Could not change the favorite for ${name}. Try again.`);
  }
}

// ---- tabs ----------------------------------------------------------------------------------------------------
const panelOf = (tab) => /** @type {HTMLElement} */ (document.getElementById(tab.getAttribute('aria-controls') ?? ''));
const activeTab = () => tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? tabs[0];
/** @param {string} id @returns {HTMLElement | null} */
const sourceTile = (id) => document.querySelector(`.panel:not([data-favorites]) .tile[data-id="${CSS.escape(id)}"]`);

/** The Favorites tab's grid: fresh tiles (built, not cloned) for the hearted photos, in gallery order. */
function buildFavorites() {
  favoritesGrid.replaceChildren();
  const hearted = [...document.querySelectorAll('.panel:not([data-favorites]) .tile')].filter((t) => favorites.has(/** @type {HTMLElement} */ (t).dataset.id ?? ''));
  hearted.forEach((source, i) => {
    const s = /** @type {HTMLElement} */ (source);
    const li = document.createElement('li');
    li.className = 'tile';
    for (const key of ['id', 'gallery', 'w', 'h', 'color', 'name']) li.dataset[key] = s.dataset[key] ?? '';
    const label = `${s.dataset.name}, favorite ${i + 1} of ${hearted.length}`;
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'open';
    open.setAttribute('aria-label', `Open ${label}`);
    const srcImg = /** @type {HTMLImageElement} */ (s.querySelector('img'));
    const img = document.createElement('img');
    for (const attr of ['src', 'srcset', 'sizes', 'width', 'height', 'alt']) { const v = srcImg.getAttribute(attr); if (v !== null) img.setAttribute(attr, v); }
    img.loading = 'lazy';
    img.decoding = 'async';
    open.append(img);
    const heart = /** @type {HTMLElement} */ (s.querySelector('.heart')?.cloneNode(true));
    li.append(open, heart);
    prepareTile(li);
    favoritesGrid.append(li);
  });
  /** @type {HTMLElement} */ (document.getElementById('favorites-empty')).hidden = hearted.length > 0;
}

function selectTab(tab, { focus }) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    panelOf(t).hidden = !on;
  }
  if (tab.id === 'tab-favorites') buildFavorites();
  if (focus) tab.focus();
}

for (const tab of tabs) tab.addEventListener('click', () => selectTab(tab, { focus: false }));
document.querySelector('[role=tablist]')?.addEventListener('keydown', (event) => {
  const e = /** @type {KeyboardEvent} */ (event);
  const at = tabs.indexOf(/** @type {HTMLElement} */ (e.target));
  if (at < 0) return;
  const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  const tab = tabs[(to + tabs.length) % tabs.length];
  if (tab) selectTab(tab, { focus: true });
});

// ---- viewer --------------------------------------------------------------------------------------------------
/** The photos of one panel, in order, as the viewer walks them. */
function itemsOf(panel) {
  return [...panel.querySelectorAll('.tile')].map((t) => {
    const tile = /** @type {HTMLElement} */ (t);
    return { id: tile.dataset.id ?? '', name: tile.dataset.name ?? '', w: Number(tile.dataset.w), h: Number(tile.dataset.h), color: tile.dataset.color ?? '', opener: tile.querySelector('.open') };
  });
}

/** A photo named in the address: the open panel's if it has it, otherwise its gallery's tab is opened. */
function findPhoto(id) {
  let panel = panelOf(activeTab());
  if (!panel.querySelector(`.tile[data-id="${CSS.escape(id)}"]`)) {
    const source = sourceTile(id);
    const tab = source && tabs.find((t) => t.dataset.gallery === source.dataset.gallery);
    if (!tab) return null;
    selectTab(tab, { focus: false });
    panel = panelOf(tab);
  }
  const items = itemsOf(panel);
  const index = items.findIndex((item) => item.id === id);
  return index < 0 ? null : { items, index };
}

const viewer = new Viewer(/** @type {HTMLDialogElement} */ (document.getElementById('viewer')), {
  isFavorite: (id) => favorites.has(id),
  toggleFavorite: (id) => void toggleFavorite(id),
  downloadable: () => downloadable,
});

document.getElementById('photos')?.addEventListener('click', (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  const heart = target.closest('.heart');
  const tile = /** @type {HTMLElement | null} */ (target.closest('.tile'));
  if (!tile) return;
  if (heart) { void toggleFavorite(tile.dataset.id ?? ''); return; }
  if (!target.closest('.open')) return;
  const items = itemsOf(/** @type {HTMLElement} */ (tile.closest('.panel')));
  viewer.show(items, items.findIndex((i) => i.id === tile.dataset.id), { push: true });
});
window.addEventListener('popstate', () => viewer.followHistory(findPhoto));

// ---- downloads -----------------------------------------------------------------------------------------------
const downloads = createDownloads(/** @type {HTMLDialogElement} */ (document.getElementById('downloads')), {
  currentGallery: () => {
    const panel = panelOf(activeTab());
    return panel.dataset.gallery ? { id: panel.dataset.gallery, name: panel.dataset.name ?? '' } : null;
  },
  downloadable: () => downloadable,
});
const downloadButton = /** @type {HTMLButtonElement} */ (document.querySelector('.download-open'));
downloadButton.addEventListener('click', () => downloads.open());

// The collection's download setting, from the visitor API (the same answer the SDK gets).
fetch(`${API}/collection`, { headers: { accept: 'application/json' } })
  .then((res) => (res.ok ? res.json() : null))
  .then((body) => {
    downloadable = body?.data?.downloadable ?? 'none';
    downloadButton.hidden = downloadable === 'none';
    if (viewer.isOpen) viewer.render();
  })
  .catch(() => {});

// ---- a shared link to one photo -------------------------------------------------------------------------------
const linked = photoInUrl();
if (linked) {
  const found = findPhoto(linked);
  if (found) viewer.show(found.items, found.index, { push: false });
  else history.replaceState(null, '', location.pathname);
}
