// The email-confirmation prompt (issue #20): a modal dialog that first sends the visitor a 6-digit code, then takes
// it. Opened when the server refuses a favorite or a download with email_confirmation_required; resolves true once
// the code was accepted (the refused request is then made again), false when the visitor leaves it for now. Every
// refusal (a wrong code, one that ran out, asking again too soon) is said in the dialog, in words.
import { call, messageOf, waitText } from './api.js';

const API = '/api/v1/gallery/email-confirmation';

/** @param {HTMLDialogElement} dialog @param {{ announce(text: string): void }} hooks */
export function createEmailConfirm(dialog, hooks) {
  const form = /** @type {HTMLFormElement} */ (dialog.querySelector('form'));
  const codeBox = /** @type {HTMLElement} */ (dialog.querySelector('.confirm-email-code'));
  const input = /** @type {HTMLInputElement} */ (dialog.querySelector('#confirm-email-input'));
  const status = /** @type {HTMLElement} */ (dialog.querySelector('.confirm-email-status'));
  const error = /** @type {HTMLElement} */ (dialog.querySelector('.confirm-email-error'));
  const sendButton = /** @type {HTMLButtonElement} */ (dialog.querySelector('.confirm-email-send'));
  const resendButton = /** @type {HTMLButtonElement} */ (dialog.querySelector('.confirm-email-resend'));
  const confirmButton = /** @type {HTMLButtonElement} */ (dialog.querySelector('.confirm-email-confirm'));
  const address = dialog.querySelector('.confirm-email-address')?.textContent ?? 'your email address';
  /** @type {Promise<boolean> | null} */
  let pending = null;
  /** @type {((ok: boolean) => void) | null} */
  let settle = null;

  const needed = () => document.body.dataset.emailConfirmation === 'required';

  /** The code step (a code is on its way) or the first step (none sent yet). */
  function step(codeSent) {
    codeBox.hidden = !codeSent;
    sendButton.hidden = codeSent;
    resendButton.hidden = !codeSent;
    confirmButton.hidden = !codeSent;
    if (codeSent) input.focus(); else sendButton.focus();
  }

  function finish(ok) {
    const done = settle;
    settle = null;
    pending = null;
    if (dialog.open) dialog.close();
    done?.(ok);
  }

  async function send() {
    sendButton.disabled = true;
    resendButton.disabled = true;
    error.textContent = '';
    const answer = await call('POST', API);
    sendButton.disabled = false;
    resendButton.disabled = false;
    if (answer.ok && answer.body?.data?.confirmed) { confirmed(); return; }
    if (answer.ok) {
      input.value = '';
      status.textContent = `We sent a code to ${address}. It works for 10 minutes.`;
      step(true);
      return;
    }
    error.textContent = answer.status === 429
      ? `A code was sent a moment ago. Check your mailbox, or ask for a new one in ${waitText(answer.retryAfter)}.`
      : messageOf(answer);
  }

  function confirmed() {
    document.body.dataset.emailConfirmation = 'none';
    hooks.announce('Your email address is confirmed.');
    finish(true);
  }

  async function confirm() {
    const code = input.value.replace(/[\s-]/g, '');
    if (!/^[0-9]{6}$/.test(code)) { error.textContent = 'Enter the 6 digits from the email.'; input.focus(); return; }
    confirmButton.disabled = true;
    error.textContent = '';
    const answer = await call('POST', `${API}/confirm`, { code });
    confirmButton.disabled = false;
    if (answer.ok) { confirmed(); return; }
    const why = answer.body?.code;
    const left = answer.body?.details?.attempts_left;
    error.textContent = why === 'email_code_invalid' ? `That code is not right. ${left === 1 ? 'One try' : `${left} tries`} left.`
      : why === 'email_code_exhausted' ? 'Too many wrong codes. Ask for a new code.'
        : why === 'email_code_expired' ? 'That code has expired. Ask for a new code.'
          : messageOf(answer);
    input.select();
    input.focus();
  }

  form.addEventListener('submit', (event) => {
    const submitter = /** @type {HTMLButtonElement | null} */ (/** @type {SubmitEvent} */ (event).submitter);
    const action = submitter?.value ?? (codeBox.hidden ? 'send' : 'confirm');
    if (action === 'cancel') return;
    event.preventDefault();
    if (action === 'send') void send(); else void confirm();
  });
  // Enter in the code field confirms (the form's first button is "Not now", which implicit submission would press).
  input.addEventListener('keydown', (event) => {
    if (/** @type {KeyboardEvent} */ (event).key !== 'Enter') return;
    event.preventDefault();
    void confirm();
  });
  dialog.addEventListener('close', () => { if (settle) finish(false); });

  return {
    get needed() { return needed(); },
    /** Opens the prompt (once, however many refused requests ask); resolves true when the email is confirmed. */
    open() {
      if (pending) return pending;
      error.textContent = '';
      status.textContent = '';
      pending = new Promise((resolve) => {
        settle = resolve;
        dialog.showModal();
        step(false);
        // A code sent earlier in this session (a reload, a second try) still works: go straight to it.
        void call('GET', API).then((answer) => {
          const data = answer.body?.data;
          if (!answer.ok || !dialog.open) return;
          if (data?.confirmed) { confirmed(); return; }
          if (data?.code_expires_at) {
            status.textContent = `Enter the code we sent to ${address}.`;
            step(true);
          }
        });
      });
      return pending;
    },
  };
}
