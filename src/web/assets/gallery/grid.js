// The justified grid: each tile's ratio and placeholder colour become CSS properties (the CSP allows no style
// attributes, so the server sends data- attributes), and a thumbnail fades in over its colour once it has loaded.

/** @param {HTMLElement} tile */
export function prepareTile(tile) {
  const w = Number(tile.dataset.w) || 3;
  const h = Number(tile.dataset.h) || 2;
  tile.style.setProperty('--w', String(w));
  tile.style.setProperty('--h', String(h));
  tile.style.setProperty('--r', String(w / h));
  if (/^#[0-9a-f]{6}$/i.test(tile.dataset.color ?? '')) tile.style.setProperty('--c', tile.dataset.color);
  const img = tile.querySelector('img');
  if (!img) return;
  const shown = () => img.classList.add('loaded');
  if (img.complete && img.naturalWidth > 0) shown();
  else {
    img.addEventListener('load', shown, { once: true });
    // A thumbnail that fails to load leaves its colour and the file name (its alt text) rather than a broken icon.
    img.addEventListener('error', shown, { once: true });
  }
}

/** @param {ParentNode} root */
export function prepareGrid(root) {
  for (const tile of root.querySelectorAll('.tile')) prepareTile(/** @type {HTMLElement} */ (tile));
}

/** The cover photo's placeholder colour, painted behind it while it loads. */
export function prepareCover() {
  const img = /** @type {HTMLImageElement | null} */ (document.querySelector('.cover-img'));
  const color = img?.dataset.color ?? '';
  if (img && /^#[0-9a-f]{6}$/i.test(color)) img.parentElement?.style.setProperty('background-color', color);
}
