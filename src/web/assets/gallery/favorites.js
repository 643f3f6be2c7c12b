// Favorites: the visitor's lists (the default "Favorites" and named ones), which photos each holds, a note per photo,
// the Favorites tab filtered by list, the list picker, and "send my selection". State starts from what the server
// rendered (the list filter's options, each tile's data-lists and data-note) and every change goes through the
// visitor API. Names and notes are only ever set as text, never as markup.
import { call, messageOf } from './api.js';
import { prepareTile } from './grid.js';

const API = '/api/v1/gallery';

/**
 * @typedef {{ id: string, name: string, isDefault: boolean }} List
 * @param {{ announce(text: string): void, reflect(photoId: string): void }} hooks
 */
export function createFavorites(hooks) {
  const filter = /** @type {HTMLSelectElement} */ (document.getElementById('list-filter'));
  const panel = /** @type {HTMLElement} */ (document.getElementById('panel-favorites'));
  const grid = /** @type {HTMLElement} */ (panel.querySelector('.jgrid'));
  const empty = /** @type {HTMLElement} */ (document.getElementById('favorites-empty'));
  const status = /** @type {HTMLElement} */ (panel.querySelector('.list-status'));
  const count = /** @type {HTMLElement} */ (document.getElementById('favorite-count'));
  const renameButton = /** @type {HTMLButtonElement} */ (panel.querySelector('.list-rename'));
  const deleteButton = /** @type {HTMLButtonElement} */ (panel.querySelector('.list-delete'));
  const sendButton = /** @type {HTMLButtonElement} */ (panel.querySelector('.list-send'));

  /** @type {List[]} */
  const lists = [...filter.options].map((o) => ({ id: o.value, name: o.dataset.name ?? o.text, isDefault: o.dataset.default !== undefined }));
  const defaultId = lists.find((l) => l.isDefault)?.id ?? '';
  /** @type {Map<string, Set<string>>} */
  const members = new Map();
  /** @type {Map<string, string>} */
  const notes = new Map();
  /** @type {HTMLElement[]} */
  const sources = [...document.querySelectorAll('.panel:not([data-favorites]) .tile')].map((t) => /** @type {HTMLElement} */ (t));
  for (const tile of sources) {
    const id = tile.dataset.id ?? '';
    const ids = (tile.dataset.lists ?? '').split(' ').filter(Boolean);
    if (ids.length > 0) members.set(id, new Set(ids));
    if (tile.dataset.note !== undefined) notes.set(id, tile.dataset.note);
  }

  const inList = (photoId, listId) => members.get(photoId)?.has(listId) ?? false;
  const sizeOf = (listId) => [...members.values()].filter((s) => s.has(listId)).length;
  const listById = (id) => lists.find((l) => l.id === id);
  const selected = () => listById(filter.value) ?? lists[0];
  const nameOf = (photoId) => sources.find((t) => t.dataset.id === photoId)?.dataset.name ?? 'Photo';

  /** Option labels with counts, the tab's count, and which list actions apply. */
  function refreshBar() {
    for (const option of filter.options) {
      const list = listById(option.value);
      if (list) option.textContent = `${list.name} (${sizeOf(list.id)})`;
    }
    count.textContent = String([...members.values()].filter((s) => s.size > 0).length);
    const list = selected();
    deleteButton.hidden = !list || list.isDefault;
    renameButton.setAttribute('aria-label', list ? `Rename the list ${list.name}` : 'Rename');
    sendButton.setAttribute('aria-label', list ? `Send my selection: ${list.name}` : 'Send my selection');
  }

  function setMember(photoId, listId, on) {
    const set = members.get(photoId) ?? new Set();
    if (on) set.add(listId); else set.delete(listId);
    members.set(photoId, set);
    hooks.reflect(photoId);
    refreshBar();
  }

  /** The Favorites grid: fresh tiles (built, not cloned) for the photos of the chosen list, in gallery order. */
  function buildPanel() {
    const list = selected();
    grid.replaceChildren();
    const picked = list ? sources.filter((t) => inList(t.dataset.id ?? '', list.id)) : [];
    grid.setAttribute('aria-label', list ? list.name : 'Favorites');
    picked.forEach((s, i) => {
      const li = document.createElement('li');
      li.className = 'tile';
      for (const key of ['id', 'gallery', 'w', 'h', 'color', 'name']) li.dataset[key] = s.dataset[key] ?? '';
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'open';
      open.setAttribute('aria-label', `Open ${s.dataset.name}, ${i + 1} of ${picked.length} in ${list?.name ?? 'this list'}`);
      // The same <picture> (its WebP <source> and JPEG <img>), with a fresh, unloaded image.
      const picture = document.createElement('picture');
      const srcSource = s.querySelector('source[type="image/webp"]');
      if (srcSource) {
        const source = document.createElement('source');
        for (const attr of ['type', 'srcset', 'sizes']) { const v = srcSource.getAttribute(attr); if (v !== null) source.setAttribute(attr, v); }
        picture.append(source);
      }
      const srcImg = /** @type {HTMLImageElement} */ (s.querySelector('img'));
      const img = document.createElement('img');
      for (const attr of ['src', 'srcset', 'sizes', 'width', 'height', 'alt']) { const v = srcImg.getAttribute(attr); if (v !== null) img.setAttribute(attr, v); }
      img.loading = 'lazy';
      img.decoding = 'async';
      picture.append(img);
      open.append(picture);
      const heart = /** @type {HTMLElement} */ (s.querySelector('.heart')?.cloneNode(true));
      const lister = /** @type {HTMLElement} */ (s.querySelector('.list-open')?.cloneNode(true));
      li.append(open, heart, lister);
      prepareTile(li);
      grid.append(li);
    });
    empty.hidden = picked.length > 0;
    refreshBar();
  }

  filter.addEventListener('change', () => { status.textContent = ''; buildPanel(); });

  async function addOption(list) {
    lists.push(list);
    const option = document.createElement('option');
    option.value = list.id;
    option.dataset.name = list.name;
    option.textContent = list.name;
    filter.append(option);
    refreshBar();
  }

  return {
    lists,
    defaultId,
    selected,
    isFavorite: (photoId) => inList(photoId, defaultId),
    inNamedList: (photoId) => [...(members.get(photoId) ?? [])].some((id) => id !== defaultId),
    inList,
    noteOf: (photoId) => notes.get(photoId) ?? '',
    buildPanel,
    refreshBar,
    get panelOpen() { return !panel.hidden; },
    setStatus(text) { status.textContent = text; },

    /** The heart: the default list, through the flat favorites API. */
    async toggleFavorite(photoId) {
      const on = !inList(photoId, defaultId);
      setMember(photoId, defaultId, on);
      const name = nameOf(photoId);
      const answer = on ? await call('POST', `${API}/favorites`, { photo_id: photoId }) : await call('DELETE', `${API}/favorites/${encodeURIComponent(photoId)}`);
      if (answer.ok) { hooks.announce(on ? `${name} added to your favorites` : `${name} removed from your favorites`); return; }
      setMember(photoId, defaultId, !on);
      hooks.announce(`Could not change the favorite for ${name}. Try again.`);
    },

    /** A checkbox of the list picker. */
    async setInList(photoId, listId, on) {
      setMember(photoId, listId, on);
      const list = listById(listId);
      const path = `${API}/favorite-lists/${encodeURIComponent(listId)}/photos`;
      const answer = on ? await call('POST', path, { photo_id: photoId }) : await call('DELETE', `${path}/${encodeURIComponent(photoId)}`);
      if (answer.ok) { hooks.announce(`${nameOf(photoId)} ${on ? 'added to' : 'removed from'} ${list?.name ?? 'the list'}`); return true; }
      setMember(photoId, listId, !on);
      hooks.announce(messageOf(answer, `Could not change the list ${list?.name ?? ''}.`));
      return false;
    },

    /** @returns {Promise<{ list: List | null, error: string }>} */
    async createList(name) {
      const answer = await call('POST', `${API}/favorite-lists`, { name });
      if (!answer.ok) return { list: null, error: answer.body?.code === 'conflict' ? messageOf(answer) : (answer.body?.details?.name ?? messageOf(answer)) };
      const list = { id: answer.body.data.id, name: answer.body.data.name, isDefault: false };
      await addOption(list);
      return { list, error: '' };
    },

    async renameList(listId, name) {
      const answer = await call('PATCH', `${API}/favorite-lists/${encodeURIComponent(listId)}`, { name });
      if (!answer.ok) return answer.body?.details?.name ?? messageOf(answer);
      const list = listById(listId);
      if (list) list.name = answer.body.data.name;
      const option = [...filter.options].find((o) => o.value === listId);
      if (option && list) option.dataset.name = list.name;
      buildPanel();
      return '';
    },

    async deleteList(listId) {
      const answer = await call('DELETE', `${API}/favorite-lists/${encodeURIComponent(listId)}`);
      if (!answer.ok) return messageOf(answer);
      const at = lists.findIndex((l) => l.id === listId);
      if (at >= 0) lists.splice(at, 1);
      [...filter.options].find((o) => o.value === listId)?.remove();
      for (const [photoId, set] of members) if (set.delete(listId)) hooks.reflect(photoId);
      filter.value = defaultId;
      buildPanel();
      return '';
    },

    sizeOf,

    async send(listId) {
      return call('POST', `${API}/favorite-lists/${encodeURIComponent(listId)}/send`);
    },

    /** Saves (or, empty, deletes) the visitor's note; resolves to an error message or ''. */
    async saveNote(photoId, text) {
      const answer = await call('PUT', `${API}/photos/${encodeURIComponent(photoId)}/note`, { note: text });
      if (!answer.ok) return answer.body?.code === 'note_too_long' ? `The note is too long: at most ${answer.body?.details?.max_length ?? 1000} characters.` : messageOf(answer);
      const saved = answer.body?.data?.note;
      if (typeof saved === 'string') notes.set(photoId, saved); else notes.delete(photoId);
      hooks.reflect(photoId);
      return '';
    },
  };
}
