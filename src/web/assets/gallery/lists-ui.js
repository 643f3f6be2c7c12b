// The dialogs around favorite lists: the list picker (one checkbox per list, and a new list), the name dialog (new
// list, rename), and the confirmation before deleting a list or sending a selection. Each is a modal <dialog> that
// keeps focus inside and returns it to the button that opened it.
import { messageOf, waitText } from './api.js';

/** @param {HTMLElement | null} el */
const focusBack = (el) => { if (el && el.isConnected) el.focus(); };

/**
 * Asks for a name; resolves to it, or null when cancelled. `save` returns '' on success or the error to show.
 * @param {HTMLDialogElement} dialog
 */
function askName(dialog, title, initial, save) {
  const form = /** @type {HTMLFormElement} */ (dialog.querySelector('form'));
  const input = /** @type {HTMLInputElement} */ (dialog.querySelector('#list-name-input'));
  const error = /** @type {HTMLElement} */ (dialog.querySelector('.name-error'));
  /** @type {HTMLElement} */ (dialog.querySelector('#list-name-title')).textContent = title;
  input.value = initial;
  error.textContent = '';
  return new Promise((resolve) => {
    let done = false;
    const onSubmit = async (event) => {
      const submitter = /** @type {HTMLButtonElement | null} */ (event.submitter);
      if (submitter?.value === 'cancel') return;
      event.preventDefault();
      const name = input.value.trim();
      if (name === '') { error.textContent = 'Give the list a name.'; input.focus(); return; }
      const problem = await save(name);
      if (problem) { error.textContent = problem; input.focus(); return; }
      done = true;
      dialog.close();
      resolve(name);
    };
    const onClose = () => {
      form.removeEventListener('submit', onSubmit);
      dialog.removeEventListener('close', onClose);
      if (!done) resolve(null);
    };
    form.addEventListener('submit', onSubmit);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    input.select();
  });
}

/** @param {HTMLDialogElement} dialog @returns {Promise<boolean>} */
function confirmWith(dialog, title, text, ok) {
  /** @type {HTMLElement} */ (dialog.querySelector('#confirm-title')).textContent = title;
  /** @type {HTMLElement} */ (dialog.querySelector('#confirm-text')).textContent = text;
  /** @type {HTMLElement} */ (dialog.querySelector('.confirm-ok')).textContent = ok;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    /** @type {HTMLElement} */ (dialog.querySelector('.confirm-ok')).focus();
  });
}

/**
 * @param {ReturnType<typeof import('./favorites.js').createFavorites>} favorites
 * @param {{ announce(text: string): void }} hooks
 */
export function createListsUi(favorites, hooks) {
  const picker = /** @type {HTMLDialogElement} */ (document.getElementById('list-picker'));
  const choices = /** @type {HTMLElement} */ (picker.querySelector('.picker-choices'));
  const pickerPhoto = /** @type {HTMLElement} */ (picker.querySelector('.picker-photo'));
  const pickerStatus = /** @type {HTMLElement} */ (picker.querySelector('.picker-status'));
  const newName = /** @type {HTMLInputElement} */ (picker.querySelector('#picker-new-name'));
  const createButton = /** @type {HTMLButtonElement} */ (picker.querySelector('.picker-create'));
  const nameDialog = /** @type {HTMLDialogElement} */ (document.getElementById('list-name'));
  const confirmDialog = /** @type {HTMLDialogElement} */ (document.getElementById('confirm'));
  const panel = /** @type {HTMLElement} */ (document.getElementById('panel-favorites'));
  let pickerFor = '';
  /** @type {HTMLElement | null} */
  let pickerOpener = null;

  function renderChoices() {
    choices.replaceChildren(...favorites.lists.map((list) => {
      const label = document.createElement('label');
      label.className = 'picker-choice';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = list.id;
      box.checked = favorites.inList(pickerFor, list.id);
      box.addEventListener('change', async () => {
        box.disabled = true;
        const ok = await favorites.setInList(pickerFor, list.id, box.checked);
        if (!ok) box.checked = !box.checked;
        box.disabled = false;
        pickerStatus.textContent = ok ? `${box.checked ? 'Added to' : 'Removed from'} ${list.name}.` : 'That did not work. Try again.';
      });
      const text = document.createElement('span');
      text.textContent = list.name;
      label.append(box, text);
      return label;
    }));
  }

  createButton.addEventListener('click', async () => {
    const name = newName.value.trim();
    if (name === '') { pickerStatus.textContent = 'Type a name for the new list first.'; newName.focus(); return; }
    createButton.disabled = true;
    const { list, error } = await favorites.createList(name);
    if (list) await favorites.setInList(pickerFor, list.id, true);
    createButton.disabled = false;
    if (!list) { pickerStatus.textContent = error; newName.focus(); return; }
    newName.value = '';
    renderChoices();
    pickerStatus.textContent = `Created ${list.name} and added the photo.`;
    /** @type {HTMLInputElement | null} */ (choices.querySelector(`input[value="${CSS.escape(list.id)}"]`))?.focus();
  });
  newName.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); createButton.click(); } });
  // The Favorites grid follows the picker's changes, unless the viewer is walking its tiles (they stay until it closes).
  picker.addEventListener('close', () => {
    if (favorites.panelOpen && !(/** @type {HTMLDialogElement} */ (document.getElementById('viewer')).open)) favorites.buildPanel();
    focusBack(pickerOpener);
  });

  // The list bar of the Favorites tab.
  panel.querySelector('.list-new')?.addEventListener('click', async (event) => {
    const opener = /** @type {HTMLElement} */ (event.currentTarget);
    let created = null;
    await askName(nameDialog, 'New list', '', async (name) => {
      const { list, error } = await favorites.createList(name);
      created = list;
      return error;
    });
    if (created) {
      const filter = /** @type {HTMLSelectElement} */ (document.getElementById('list-filter'));
      filter.value = /** @type {{ id: string }} */ (created).id;
      favorites.buildPanel();
      favorites.setStatus(`Created the list ${/** @type {{ name: string }} */ (created).name}.`);
    }
    focusBack(opener);
  });
  panel.querySelector('.list-rename')?.addEventListener('click', async (event) => {
    const opener = /** @type {HTMLElement} */ (event.currentTarget);
    const list = favorites.selected();
    if (!list) return;
    const name = await askName(nameDialog, `Rename ${list.name}`, list.name, (n) => favorites.renameList(list.id, n));
    if (name !== null) favorites.setStatus(`Renamed to ${name}.`);
    focusBack(opener);
  });
  panel.querySelector('.list-delete')?.addEventListener('click', async (event) => {
    const opener = /** @type {HTMLElement} */ (event.currentTarget);
    const list = favorites.selected();
    if (!list || list.isDefault) return;
    if (await confirmWith(confirmDialog, `Delete ${list.name}?`, 'The list goes; its photos stay in the gallery and in your other lists.', 'Delete list')) {
      const problem = await favorites.deleteList(list.id);
      favorites.setStatus(problem || `Deleted the list ${list.name}.`);
      focusBack(/** @type {HTMLElement} */ (document.getElementById('list-filter')));
      return;
    }
    focusBack(opener);
  });
  panel.querySelector('.list-send')?.addEventListener('click', async (event) => {
    const opener = /** @type {HTMLElement} */ (event.currentTarget);
    const list = favorites.selected();
    if (!list) return;
    const size = favorites.sizeOf(list.id);
    if (size === 0) { favorites.setStatus(`${list.name} is empty: add photos to it before sending it.`); return; }
    const ok = await confirmWith(confirmDialog, 'Send your selection?', `Your photographer will get “${list.name}” with its ${size} ${size === 1 ? 'photo' : 'photos'} and your notes. You can keep changing it and send it again.`, 'Send selection');
    focusBack(opener);
    if (!ok) return;
    const answer = await favorites.send(list.id);
    if (answer.ok) {
      const at = new Date(answer.body.data.created_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      favorites.setStatus(`Sent “${list.name}” (${answer.body.data.photo_count} ${answer.body.data.photo_count === 1 ? 'photo' : 'photos'}) to your photographer at ${at}.`);
      hooks.announce('Your selection was sent.');
    } else if (answer.body?.code === 'empty_selection') {
      favorites.setStatus(`${list.name} has no photos to send.`);
    } else if (answer.status === 429) {
      favorites.setStatus(`You have sent this often lately. Try again in ${waitText(answer.retryAfter)}.`);
    } else {
      favorites.setStatus(messageOf(answer));
    }
  });

  return {
    /** Opens the list picker for one photo; focus returns to `opener` when it closes. */
    openPicker(photoId, name, opener) {
      pickerFor = photoId;
      pickerOpener = opener;
      pickerPhoto.textContent = name;
      pickerStatus.textContent = '';
      newName.value = '';
      renderChoices();
      picker.showModal();
      /** @type {HTMLElement | null} */ (choices.querySelector('input'))?.focus();
    },
  };
}
