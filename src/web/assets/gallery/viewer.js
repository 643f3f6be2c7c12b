// The full-screen viewer: a modal <dialog> showing one photo of the open tab at a time. Arrow keys, the buttons and a
// horizontal swipe move through them (wrapping at the ends); Esc and the close button close it. The address carries
// the open photo (?photo=ph_…): opening pushes one history entry, moving replaces it, so Back closes the viewer and
// the link opens the same photo for anyone signed in to the gallery. Focus moves into the dialog and, on close, to
// the thumbnail of the photo shown last. The neighbours' web copies are fetched ahead. The bar also offers the list
// picker and the visitor's note on the photo; a download goes through the page's checks (PIN, limit) first.

const BASE = '/api/v1/gallery/photos';
const SWIPE_PX = 50;

/** Whether this browser decodes WebP: a 1×1 lossy WebP, tried once (the page's CSP allows data: images). */
const TAKES_WEBP = new Promise((resolve) => {
  const probe = new Image();
  probe.onload = () => resolve(probe.width === 1);
  probe.onerror = () => resolve(false);
  probe.src = 'data:image/webp;base64,UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA';
});

/**
 * @typedef {{ id: string, name: string, w: number, h: number, color: string, opener: HTMLElement | null, jpeg?: string, webp?: string }} ViewerItem
 * @typedef {{
 *   isFavorite(id: string): boolean, toggleFavorite(id: string): void, downloadable(): string,
 *   openLists(item: ViewerItem, opener: HTMLElement): void, noteOf(id: string): string, saveNote(id: string, text: string): Promise<string>,
 *   download(item: ViewerItem, size: string, href: string): Promise<string>,
 * }} ViewerHooks
 */

export function photoInUrl() {
  const id = new URLSearchParams(location.search).get('photo');
  return id && /^ph_[A-Za-z0-9]+$/.test(id) ? id : null;
}

function urlWith(id) {
  const url = new URL(location.href);
  if (id === null) url.searchParams.delete('photo');
  else url.searchParams.set('photo', id);
  return `${url.pathname}${url.search}${url.hash}`;
}

export class Viewer {
  /** @param {HTMLDialogElement} dialog @param {ViewerHooks} hooks */
  constructor(dialog, hooks) {
    this.dialog = dialog;
    this.hooks = hooks;
    /** @type {ViewerItem[]} */
    this.items = [];
    this.index = 0;
    /** True when opening pushed the history entry that Back should leave. */
    this.pushed = false;
    this.closingFromHistory = false;
    this.preloaded = [];
    this.img = /** @type {HTMLImageElement} */ (dialog.querySelector('.viewer-img'));
    this.stage = /** @type {HTMLElement} */ (dialog.querySelector('.stage'));
    this.heart = /** @type {HTMLButtonElement} */ (dialog.querySelector('.viewer-heart'));
    dialog.querySelector('.viewer-prev')?.addEventListener('click', () => this.go(-1));
    dialog.querySelector('.viewer-next')?.addEventListener('click', () => this.go(1));
    // The close button tidies the address before the dialog closes (its close event comes a task later), so the page
    // never shows a closed viewer with the photo still in the address.
    dialog.querySelector('.viewer-close')?.addEventListener('click', () => { this.leaveAddress(); dialog.close(); });
    this.heart.addEventListener('click', () => { const item = this.current; if (item) this.hooks.toggleFavorite(item.id); });
    this.message = /** @type {HTMLElement} */ (dialog.querySelector('.viewer-message'));
    const lists = /** @type {HTMLButtonElement} */ (dialog.querySelector('.viewer-lists'));
    lists.addEventListener('click', () => { const item = this.current; if (item) this.hooks.openLists(item, lists); });
    this.bindNote();
    for (const link of dialog.querySelectorAll('.viewer-download')) {
      link.addEventListener('click', (event) => {
        const a = /** @type {HTMLAnchorElement} */ (link);
        const item = this.current;
        event.preventDefault();
        if (!item || a.getAttribute('aria-disabled') === 'true') return;
        a.setAttribute('aria-disabled', 'true');
        this.say('');
        this.hooks.download(item, a.dataset.size ?? 'web-size', a.href).then((problem) => {
          a.removeAttribute('aria-disabled');
          this.say(problem);
        });
      });
    }
    dialog.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight') { e.preventDefault(); this.go(1); }
      else if (e.key === 'ArrowLeft') { e.preventDefault(); this.go(-1); }
    });
    dialog.addEventListener('close', () => this.closed());
    this.bindSwipe();
  }

  /** A message over the photo (a limit reached, a download refused); empty hides it. */
  say(text) {
    this.message.textContent = text;
    this.message.hidden = text === '';
  }

  /** The note form: toggled from the bar, saved with its button (or Ctrl/Cmd+Enter), counted as typed. */
  bindNote() {
    const toggle = /** @type {HTMLButtonElement} */ (this.dialog.querySelector('.viewer-note-toggle'));
    const form = /** @type {HTMLFormElement} */ (this.dialog.querySelector('.viewer-note'));
    const text = /** @type {HTMLTextAreaElement} */ (form.querySelector('textarea'));
    const counter = /** @type {HTMLElement} */ (form.querySelector('.note-count'));
    const status = /** @type {HTMLElement} */ (form.querySelector('.note-status'));
    const max = text.maxLength > 0 ? text.maxLength : 1000;
    const countIt = () => { counter.textContent = `${[...text.value].length} / ${max}`; };
    this.note = { toggle, form, text, status, countIt };
    toggle.addEventListener('click', () => {
      const open = form.hidden;
      form.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      if (open) text.focus();
    });
    text.addEventListener('input', () => { countIt(); status.textContent = ''; });
    // Keys typed in the note are the note's: arrows move the caret, not the viewer.
    text.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const item = this.current;
      if (!item) return;
      status.textContent = 'Saving…';
      const problem = await this.hooks.saveNote(item.id, text.value);
      status.textContent = problem || (text.value.trim() === '' ? 'Note removed.' : 'Note saved.');
      this.renderNoteToggle();
    });
  }

  renderNoteToggle() {
    const item = this.current;
    if (!item || !this.note) return;
    const has = this.hooks.noteOf(item.id) !== '';
    this.note.toggle.textContent = has ? 'Note ✓' : 'Note';
    this.note.toggle.setAttribute('aria-label', has ? `Your note on ${item.name}` : `Write a note on ${item.name}`);
  }

  /** @returns {ViewerItem | undefined} */
  get current() {
    return this.items[this.index];
  }

  get isOpen() {
    return this.dialog.open;
  }

  /** Opens (or moves) to items[index]; `push` adds the history entry that Back will leave. */
  show(items, index, { push }) {
    this.items = items;
    this.index = index;
    const item = this.current;
    if (!item) return;
    if (push) {
      history.pushState({ viewer: item.id }, '', urlWith(item.id));
      this.pushed = true;
    }
    this.render();
    if (!this.dialog.open) this.dialog.showModal();
  }

  go(delta) {
    if (this.items.length < 2) return;
    this.index = (this.index + delta + this.items.length) % this.items.length;
    const item = this.current;
    if (!item) return;
    history.replaceState(this.pushed ? { viewer: item.id } : history.state, '', urlWith(item.id));
    this.render();
  }

  /** Back (or Forward) moved through history: follow the address. */
  followHistory(findItems) {
    const id = photoInUrl();
    if (id === null) {
      if (this.dialog.open) {
        this.closingFromHistory = true;
        this.dialog.close();
      }
      return;
    }
    const found = findItems(id);
    if (!found) return;
    this.pushed = Boolean(history.state && history.state.viewer);
    this.show(found.items, found.index, { push: false });
  }

  /** The address without the photo: Back out of the entry opening pushed, or replace it; once per close. */
  leaveAddress() {
    if (this.addressLeft) return;
    this.addressLeft = true;
    if (this.closingFromHistory) this.closingFromHistory = false;
    else if (this.pushed) history.back();
    else history.replaceState(null, '', urlWith(null));
    this.pushed = false;
  }

  /** After any close (Esc, the button, Back): tidy the address and put focus back on the photo's thumbnail. */
  closed() {
    const item = this.current;
    this.leaveAddress();
    this.addressLeft = false;
    this.img.removeAttribute('src');
    if (item?.opener) {
      item.opener.focus();
      item.opener.scrollIntoView({ block: 'nearest' });
    }
  }

  render() {
    const item = this.current;
    if (!item) return;
    const name = /** @type {HTMLElement} */ (this.dialog.querySelector('.viewer-name'));
    const position = /** @type {HTMLElement} */ (this.dialog.querySelector('.viewer-position'));
    name.textContent = item.name;
    position.textContent = `${this.index + 1} of ${this.items.length}`;
    this.img.alt = item.name;
    this.img.width = item.w;
    this.img.height = item.h;
    if (/^#[0-9a-f]{6}$/i.test(item.color)) this.img.style.setProperty('background-color', item.color);
    // What the grid shows is already in the cache: show it at once, then the size the screen needs once decoded.
    const shown = /** @type {HTMLImageElement | null | undefined} */ (item.opener?.querySelector('img'))?.currentSrc;
    this.img.src = shown || `${BASE}/${item.id}/thumbnail`;
    void this.fullImage(item).then((full) => full.decode().then(() => {
      if (this.current?.id === item.id) this.img.src = full.currentSrc || full.src;
    })).catch(() => {});
    this.heart.setAttribute('aria-pressed', String(this.hooks.isFavorite(item.id)));
    this.heart.setAttribute('aria-label', `Favorite ${item.name}`);
    /** @type {HTMLElement} */ (this.dialog.querySelector('.viewer-lists')).setAttribute('aria-label', `Lists for ${item.name}`);
    if (this.note && this.note.form.dataset.photo !== item.id) {
      this.note.form.dataset.photo = item.id;
      this.note.text.value = this.hooks.noteOf(item.id);
      this.note.status.textContent = '';
      this.note.countIt();
    }
    this.renderNoteToggle();
    if (this.shownId !== item.id) this.say('');
    this.shownId = item.id;
    const allowed = this.hooks.downloadable();
    for (const link of this.dialog.querySelectorAll('.viewer-download')) {
      const a = /** @type {HTMLAnchorElement} */ (link);
      const size = a.dataset.size;
      a.hidden = !(allowed === 'original' || (allowed === 'web-size' && size === 'web-size'));
      a.href = `${BASE}/${item.id}/download?size=${size}`;
      a.setAttribute('aria-label', `${size === 'original' ? 'Download the original of' : 'Download'} ${item.name}`);
    }
    this.preload();
  }

  /**
   * An image loading the copy this screen needs: from the photo's sizes (medium, web…) the browser picks by the width
   * the photo is drawn at in the viewer and the pixel density, in WebP when it takes WebP, else JPEG.
   * @param {ViewerItem} item @returns {Promise<HTMLImageElement>}
   */
  async fullImage(item) {
    const webp = await TAKES_WEBP;
    const img = new Image();
    const srcset = (webp && item.webp) || item.jpeg;
    const ratio = item.w > 0 && item.h > 0 ? item.w / item.h : 1.5;
    const drawn = Math.min(window.innerWidth, Math.max(1, window.innerHeight - 120) * ratio);
    if (srcset) {
      img.sizes = `${Math.ceil(drawn)}px`;
      img.srcset = srcset;
    } else {
      img.src = `${BASE}/${item.id}/web`;
    }
    return img;
  }

  /** Fetches the next and previous photos at the size the viewer will show them, so moving shows them at once. */
  preload() {
    const n = this.items.length;
    this.preloaded = [1, -1].filter((d) => n > 1 && (d === 1 || n > 2)).map((d) => {
      const next = this.items[(this.index + d + n) % n];
      return next ? this.fullImage(next) : null;
    });
  }

  /** A horizontal swipe on the photo (touch, pen or mouse drag) moves to the neighbour; the photo follows the finger. */
  bindSwipe() {
    let start = null;
    /** Puts the photo back: sliding when the swipe was too short, at once when it moved on to the next photo. */
    const reset = (animate) => {
      start = null;
      if (animate) this.stage.classList.remove('dragging');
      this.img.style.removeProperty('transform');
      if (!animate) {
        void this.img.offsetWidth;
        this.stage.classList.remove('dragging');
      }
    };
    this.stage.addEventListener('pointerdown', (e) => {
      if (e.pointerType === 'mouse' && e.button !== 0) return;
      start = { x: e.clientX, y: e.clientY, id: e.pointerId };
      try { this.stage.setPointerCapture(e.pointerId); } catch { /* a synthetic or ended pointer cannot be captured */ }
    });
    this.stage.addEventListener('pointermove', (e) => {
      if (!start || e.pointerId !== start.id) return;
      const dx = e.clientX - start.x;
      if (Math.abs(dx) < 8) return;
      this.stage.classList.add('dragging');
      this.img.style.setProperty('transform', `translateX(${dx}px)`);
    });
    this.stage.addEventListener('pointerup', (e) => {
      if (!start || e.pointerId !== start.id) return;
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      const swiped = Math.abs(dx) >= SWIPE_PX && Math.abs(dx) > Math.abs(dy);
      reset(!swiped);
      if (swiped) this.go(dx < 0 ? 1 : -1);
    });
    this.stage.addEventListener('pointercancel', () => reset(true));
  }
}
