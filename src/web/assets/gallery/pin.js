// The download PIN prompt: a modal dialog that posts the PIN once; the server remembers it for the visitor session.
// A wrong PIN or a throttled one is said in the dialog (role=alert), and the visitor can try again or cancel.
import { call, messageOf, waitText } from './api.js';

/** @param {HTMLDialogElement} dialog */
export function createPin(dialog) {
  const form = /** @type {HTMLFormElement} */ (dialog.querySelector('form'));
  const input = /** @type {HTMLInputElement} */ (dialog.querySelector('#pin-input'));
  const error = /** @type {HTMLElement} */ (dialog.querySelector('.pin-error'));
  const unlockButton = /** @type {HTMLButtonElement} */ (form.querySelector('button[value=unlock]'));
  let required = document.body.dataset.pin === 'required';
  /** @type {((ok: boolean) => void) | null} */
  let settle = null;

  const finish = (ok) => {
    const done = settle;
    settle = null;
    if (dialog.open) dialog.close();
    done?.(ok);
  };

  form.addEventListener('submit', async (event) => {
    const submitter = /** @type {SubmitEvent} */ (event).submitter;
    if (submitter && /** @type {HTMLButtonElement} */ (submitter).value === 'cancel') return;
    event.preventDefault();
    if (input.value.trim() === '') { error.textContent = 'Enter the PIN first.'; input.focus(); return; }
    unlockButton.disabled = true;
    error.textContent = '';
    const answer = await call('POST', '/api/v1/gallery/download-pin', { pin: input.value.trim() });
    unlockButton.disabled = false;
    if (answer.ok) {
      required = false;
      document.body.dataset.pin = 'none';
      finish(true);
      return;
    }
    const code = answer.body?.code;
    error.textContent = code === 'download_pin_invalid' ? 'That PIN is not right. Check it and try again.'
      : answer.status === 429 ? `Too many wrong PINs. Try again in ${waitText(answer.retryAfter)}.`
        : messageOf(answer);
    input.select();
    input.focus();
  });
  dialog.addEventListener('close', () => { if (settle) finish(false); });

  return {
    get required() { return required; },
    /** Opens the prompt; resolves true once the PIN was accepted, false when the visitor gave up. */
    unlock() {
      if (settle) return Promise.resolve(false);
      input.value = '';
      error.textContent = '';
      return new Promise((resolve) => {
        settle = resolve;
        dialog.showModal();
        input.focus();
      });
    },
  };
}
