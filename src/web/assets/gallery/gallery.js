// The client gallery page: tabs (one per gallery, plus Favorites filtered by list), hearts and the list picker, the
// viewer with its note, downloads behind the collection's PIN and limit, over the page the server rendered. It calls
// the same visitor JSON API as the SDK, with the CSRF token the page carries; a favorite or download the server refuses
// for want of a confirmed email opens the confirmation prompt first.
import { prepareCover, prepareGrid } from './grid.js';
import { Viewer, photoInUrl } from './viewer.js';
import { createDownloads } from './downloads.js';
import { createFavorites } from './favorites.js';
import { createListsUi } from './lists-ui.js';
import { createPin } from './pin.js';
import { createEmailConfirm } from './confirm-email.js';
import { call, messageOf, onEmailConfirmationRequired } from './api.js';

const API = '/api/v1/gallery';
document.documentElement.classList.add('js');
prepareCover();
prepareGrid(document);

const announcer = /** @type {HTMLElement} */ (document.getElementById('announcer'));
const tabs = /** @type {HTMLElement[]} */ ([...document.querySelectorAll('[role=tab]')]);
let downloadable = 'none';
const limitOf = (value) => (value === undefined || value === '' ? null : Number(value));
const delivery = { limit: limitOf(document.body.dataset.originalLimit), used: Number(document.body.dataset.originalsUsed ?? 0) };

const announce = (text) => { announcer.textContent = text; };

// ---- favorites and lists ---------------------------------------------------------------------------------------
/** @param {string} id @returns {HTMLElement | null} */
const sourceTile = (id) => document.querySelector(`.panel:not([data-favorites]) .tile[data-id="${CSS.escape(id)}"]`);

function reflect(id) {
  const on = favorites.isFavorite(id);
  const named = favorites.inNamedList(id);
  for (const tile of document.querySelectorAll(`.tile[data-id="${CSS.escape(id)}"]`)) {
    tile.querySelector('.heart')?.setAttribute('aria-pressed', String(on));
    tile.querySelector('.list-open')?.classList.toggle('listed', named);
  }
  if (viewer.current?.id === id) {
    viewer.heart.setAttribute('aria-pressed', String(on));
    viewer.renderNoteToggle();
  }
}

const favorites = createFavorites({ announce, reflect });
const listsUi = createListsUi(favorites, { announce });
favorites.refreshBar();

// ---- tabs ----------------------------------------------------------------------------------------------------
const panelOf = (tab) => /** @type {HTMLElement} */ (document.getElementById(tab.getAttribute('aria-controls') ?? ''));
const activeTab = () => tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? tabs[0];

function selectTab(tab, { focus }) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    panelOf(t).hidden = !on;
  }
  if (tab.id === 'tab-favorites') favorites.buildPanel();
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

// ---- downloads: the PIN, the limit; favorites and downloads: a confirmed email -----------------------------------
const pin = createPin(/** @type {HTMLDialogElement} */ (document.getElementById('pin')));
const emailConfirm = createEmailConfirm(/** @type {HTMLDialogElement} */ (document.getElementById('confirm-email')), { announce });
onEmailConfirmationRequired(() => emailConfirm.open());

async function refreshDelivery() {
  const answer = await call('GET', `${API}/collection`);
  if (!answer.ok) return;
  const data = answer.body.data;
  downloadable = data.downloadable ?? 'none';
  delivery.limit = data.original_download_limit;
  delivery.used = data.original_downloads_used;
  downloadButton.hidden = downloadable === 'none';
  if (viewer.isOpen) viewer.render();
}

/** Starts a browser download of `href` (a plain link, so the browser streams it to disk itself). */
function startDownload(href) {
  const a = document.createElement('a');
  a.href = href;
  a.download = '';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

/** One photo: the server's checks first (size, PIN, limit), the PIN asked for when needed; '' or why not. */
async function downloadPhoto(item, size, href) {
  for (;;) {
    const answer = await call('GET', `${API}/photos/${encodeURIComponent(item.id)}/download/check?size=${encodeURIComponent(size)}`);
    if (answer.ok) {
      startDownload(href);
      if (size === 'original') setTimeout(() => void refreshDelivery(), 1000);
      announce(`Downloading ${item.name}`);
      return '';
    }
    const code = answer.body?.code;
    if (code === 'download_pin_required') {
      if (await pin.unlock()) continue;
      return 'Downloads need the PIN your photographer gave you.';
    }
    if (code === 'download_limit_reached') return `${messageOf(answer)} Ask your photographer if you need more.`;
    return messageOf(answer, 'This download is not available.');
  }
}

// ---- viewer --------------------------------------------------------------------------------------------------
/** The photos of one panel, in order, as the viewer walks them. */
function itemsOf(panel) {
  return [...panel.querySelectorAll('.tile')].map((t) => {
    const tile = /** @type {HTMLElement} */ (t);
    return {
      id: tile.dataset.id ?? '', name: tile.dataset.name ?? '', w: Number(tile.dataset.w), h: Number(tile.dataset.h), color: tile.dataset.color ?? '',
      opener: tile.querySelector('.open'),
      // Every size the server has, as the tile's <picture> lists them: the viewer picks from the same candidates.
      jpeg: tile.querySelector('img')?.getAttribute('srcset') ?? '', webp: tile.querySelector('source[type="image/webp"]')?.getAttribute('srcset') ?? '',
    };
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
  isFavorite: (id) => favorites.isFavorite(id),
  toggleFavorite: (id) => void favorites.toggleFavorite(id),
  downloadable: () => downloadable,
  openLists: (item, opener) => listsUi.openPicker(item.id, item.name, opener),
  noteOf: (id) => favorites.noteOf(id),
  saveNote: (id, text) => favorites.saveNote(id, text),
  download: downloadPhoto,
});

document.getElementById('photos')?.addEventListener('click', (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  const tile = /** @type {HTMLElement | null} */ (target.closest('.tile'));
  if (!tile) return;
  const id = tile.dataset.id ?? '';
  if (target.closest('.heart')) { void favorites.toggleFavorite(id); return; }
  const lister = /** @type {HTMLElement | null} */ (target.closest('.list-open'));
  if (lister) { listsUi.openPicker(id, tile.dataset.name ?? 'Photo', lister); return; }
  if (!target.closest('.open')) return;
  const items = itemsOf(/** @type {HTMLElement} */ (tile.closest('.panel')));
  viewer.show(items, items.findIndex((i) => i.id === id), { push: true });
});
window.addEventListener('popstate', () => viewer.followHistory(findPhoto));

// ---- the download dialog -------------------------------------------------------------------------------------
const downloads = createDownloads(/** @type {HTMLDialogElement} */ (document.getElementById('downloads')), {
  currentGallery: () => {
    const panel = panelOf(activeTab());
    return panel.dataset.gallery ? { id: panel.dataset.gallery, name: panel.dataset.name ?? '' } : null;
  },
  currentList: () => favorites.selected() ?? null,
  downloadable: () => downloadable,
  unlock: () => pin.unlock(),
  confirmEmail: () => emailConfirm.open(),
  delivery: () => delivery,
});
const downloadButton = /** @type {HTMLButtonElement} */ (document.querySelector('.download-open'));
// The counts the dialog shows are read fresh: a download in the viewer may have just used an original.
downloadButton.addEventListener('click', () => { void refreshDelivery().then(() => downloads.open()); });
document.getElementById('downloads')?.addEventListener('close', () => { setTimeout(() => void refreshDelivery(), 1500); });

// The collection's download settings, from the visitor API (the same answer the SDK gets).
void refreshDelivery();

// ---- a shared link to one photo -------------------------------------------------------------------------------
const linked = photoInUrl();
if (linked) {
  const found = findPhoto(linked);
  if (found) viewer.show(found.items, found.index, { push: false });
  else history.replaceState(null, '', location.pathname);
}
