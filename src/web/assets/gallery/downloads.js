// "Download": the whole collection, the open gallery or one of my lists as one ZIP, at a size the collection allows.
// The summary route answers first, with the archive's own checks (how many photos, how large; the download PIN; the
// limit on originals), then the link starts the streamed archive. A needed PIN or email confirmation is asked for here.

const SUMMARY = '/api/v1/gallery/archive/summary';

export function formatBytes(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/**
 * @param {HTMLDialogElement} dialog
 * @param {{
 *   currentGallery(): { id: string, name: string } | null, currentList(): { id: string, name: string } | null,
 *   downloadable(): string, unlock(): Promise<boolean>, confirmEmail(): Promise<boolean>, delivery(): { limit: number | null, used: number },
 * }} context
 */
export function createDownloads(dialog, context) {
  const form = /** @type {HTMLFormElement} */ (dialog.querySelector('form'));
  const summary = /** @type {HTMLElement} */ (dialog.querySelector('.downloads-summary'));
  const go = /** @type {HTMLAnchorElement} */ (dialog.querySelector('.downloads-go'));
  const galleryChoice = /** @type {HTMLInputElement} */ (form.querySelector('input[name=scope][value=gallery]'));
  const galleryLabel = /** @type {HTMLElement} */ (dialog.querySelector('.current-gallery'));
  const sizeChoice = /** @type {HTMLElement} */ (dialog.querySelector('.size-choice'));
  const listLabel = /** @type {HTMLElement} */ (dialog.querySelector('.current-list'));
  const limitLine = /** @type {HTMLElement} */ (dialog.querySelector('.downloads-limit'));
  let asked = 0;

  const disable = (message) => {
    go.removeAttribute('href');
    go.setAttribute('aria-disabled', 'true');
    summary.textContent = message;
  };

  async function refresh() {
    const data = new FormData(form);
    const scope = String(data.get('scope') ?? 'collection');
    const size = context.downloadable() === 'original' ? String(data.get('size') ?? 'web-size') : 'web-size';
    const params = new URLSearchParams({ scope, size });
    const gallery = context.currentGallery();
    if (scope === 'gallery' && gallery) params.set('gallery_id', gallery.id);
    const list = context.currentList();
    if (scope === 'favorites' && list) params.set('list_id', list.id);
    const { limit, used } = context.delivery();
    limitLine.textContent = size === 'original' && limit !== null ? `Originals: you have downloaded ${used} of the ${limit} this gallery allows; one you downloaded before does not count again.` : '';
    const mine = ++asked;
    disable('Counting…');
    try {
      const res = await fetch(`${SUMMARY}?${params}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (mine !== asked) return;
      const body = await res.json();
      if (!res.ok) {
        const code = body?.code;
        if (code === 'email_confirmation_required') {
          disable('Downloads from this gallery need your email address confirmed.');
          if (await context.confirmEmail()) void refresh();
          return;
        }
        if (code === 'download_pin_required') {
          disable('Downloads from this gallery need the PIN your photographer gave you.');
          if (await context.unlock()) void refresh();
          return;
        }
        if (code === 'download_limit_reached') limitLine.textContent = '';
        disable(code === 'empty_archive' ? (scope === 'favorites' ? 'This list has no photos yet.' : 'There are no photos to download here.')
          : code === 'download_limit_reached' ? `${body.message}. Ask your photographer if you need more.` : (body?.message ?? 'The download is not available.'));
        return;
      }
      const s = body.data;
      summary.textContent = `${s.photos} ${s.photos === 1 ? 'photo' : 'photos'} · ${formatBytes(s.archive_bytes)}`;
      if (size === 'original' && limit !== null) limitLine.textContent = `${limitLine.textContent} This archive counts ${s.counts_against_limit}.`;
      go.href = s.url;
      go.download = s.filename;
      go.setAttribute('aria-disabled', 'false');
      go.setAttribute('aria-label', `Download ZIP: ${summary.textContent}`);
    } catch {
      if (mine === asked) disable('Could not reach the server. Try again.');
    }
  }

  form.addEventListener('change', () => void refresh());
  // The archive is a plain link: the browser streams it to disk itself, with its own progress.
  go.addEventListener('click', () => setTimeout(() => dialog.close(), 0));

  return {
    open() {
      const gallery = context.currentGallery();
      galleryChoice.disabled = gallery === null;
      galleryLabel.textContent = gallery ? gallery.name : 'open a gallery tab first';
      if (gallery === null && galleryChoice.checked) /** @type {HTMLInputElement} */ (form.querySelector('input[name=scope][value=collection]')).checked = true;
      sizeChoice.hidden = context.downloadable() !== 'original';
      const list = context.currentList();
      listLabel.textContent = list ? list.name : 'Favorites';
      dialog.showModal();
      void refresh();
    },
  };
}
