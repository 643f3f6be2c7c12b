// The client gallery's favorite-list and delivery markup (issue #18): the Favorites panel's list bar, the list picker,
// the list-name and confirmation dialogs, the download PIN prompt, and the email-confirmation prompt (issue #20). Empty shells that /assets/gallery/*.js fills;
// the visitor's list names and notes are only ever interpolated escaped (html``) or set as textContent.
import type { FavoriteListRecord } from '../store/types.ts';
import { LIST_LIMITS } from '../api/visitors/favorite-lists.ts';
import { SafeHtml, html } from './html.ts';

export const LIST_ICON = new SafeHtml('<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 3h12a1 1 0 0 1 1 1v17l-7-4-7 4V4a1 1 0 0 1 1-1z"/></svg>');

export function listOptions(lists: readonly FavoriteListRecord[]): SafeHtml[] {
  return lists.map((l) => html`<option value="${l.id}"${new SafeHtml(l.isDefault ? ' data-default=""' : '')} data-name="${l.name}">${l.name}</option>`);
}

/** The bar over the Favorites grid: which list to show, what to do with it. */
export function listBar(lists: readonly FavoriteListRecord[]): SafeHtml {
  return html`<div class="list-bar">
<div class="list-choice"><label for="list-filter">Show</label>
<select id="list-filter">${listOptions(lists)}</select></div>
<div class="list-actions">
<button type="button" class="button quiet list-new">New list</button>
<button type="button" class="button quiet list-rename">Rename</button>
<button type="button" class="button quiet list-delete">Delete list</button>
<button type="button" class="button primary list-send">Send my selection</button>
</div>
</div>
<p class="list-status" role="status" aria-live="polite"></p>`;
}

export function pickerDialog(): SafeHtml {
  return html`<dialog id="list-picker" class="sheet" aria-labelledby="list-picker-title">
<form method="dialog" class="sheet-form">
<h2 id="list-picker-title">Add to lists</h2>
<p class="picker-photo muted-line"></p>
<fieldset class="picker-lists"><legend>Your lists</legend><div class="picker-choices"></div></fieldset>
<div class="picker-new"><label for="picker-new-name">New list</label>
<div class="inline-field"><input id="picker-new-name" type="text" maxlength="${LIST_LIMITS.name}" autocomplete="off"><button type="button" class="button picker-create">Create and add</button></div></div>
<p class="picker-status" role="status" aria-live="polite"></p>
<div class="sheet-buttons"><button type="submit" class="button primary" value="done">Done</button></div>
</form>
</dialog>`;
}

export function nameDialog(): SafeHtml {
  return html`<dialog id="list-name" class="sheet" aria-labelledby="list-name-title">
<form method="dialog" class="sheet-form">
<h2 id="list-name-title">New list</h2>
<label for="list-name-input">Name</label>
<input id="list-name-input" type="text" maxlength="${LIST_LIMITS.name}" autocomplete="off" required>
<p class="name-error form-error" role="alert"></p>
<div class="sheet-buttons"><button type="submit" class="button" value="cancel" formnovalidate>Cancel</button><button type="submit" class="button primary" value="save">Save</button></div>
</form>
</dialog>`;
}

export function confirmDialog(): SafeHtml {
  return html`<dialog id="confirm" class="sheet" aria-labelledby="confirm-title" aria-describedby="confirm-text">
<form method="dialog" class="sheet-form">
<h2 id="confirm-title">Are you sure?</h2>
<p id="confirm-text"></p>
<div class="sheet-buttons"><button type="submit" class="button" value="cancel">Cancel</button><button type="submit" class="button primary confirm-ok" value="ok">OK</button></div>
</form>
</dialog>`;
}

export function pinDialog(): SafeHtml {
  return html`<dialog id="pin" class="sheet" aria-labelledby="pin-title" aria-describedby="pin-help">
<form method="dialog" class="sheet-form">
<h2 id="pin-title">Download PIN</h2>
<p id="pin-help">Downloads from this gallery need the PIN your photographer gave you. You enter it once.</p>
<label for="pin-input">PIN</label>
<input id="pin-input" type="password" inputmode="numeric" autocomplete="off" maxlength="64" required>
<p class="pin-error form-error" role="alert"></p>
<div class="sheet-buttons"><button type="submit" class="button" value="cancel" formnovalidate>Cancel</button><button type="submit" class="button primary" value="unlock">Unlock downloads</button></div>
</form>
</dialog>`;
}

/**
 * The email-confirmation prompt: first "send me a code" (to the address the visitor signed in with), then the code.
 * /assets/gallery/confirm-email.js shows one step or the other and opens it when a favorite or download is refused
 * with email_confirmation_required.
 */
export function confirmEmailDialog(email: string): SafeHtml {
  return html`<dialog id="confirm-email" class="sheet" aria-labelledby="confirm-email-title" aria-describedby="confirm-email-help">
<form method="dialog" class="sheet-form">
<h2 id="confirm-email-title">Confirm your email</h2>
<p id="confirm-email-help">Before you save favorites or download, this gallery asks you to confirm your email address. We send a 6-digit code to <strong class="confirm-email-address">${email}</strong>.</p>
<div class="confirm-email-code" hidden>
<label for="confirm-email-input">Code from the email</label>
<input id="confirm-email-input" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12" pattern="[0-9 ]*" aria-describedby="confirm-email-status">
</div>
<p id="confirm-email-status" class="confirm-email-status muted-line" role="status" aria-live="polite"></p>
<p class="confirm-email-error form-error" role="alert"></p>
<div class="sheet-buttons">
<button type="submit" class="button" value="cancel" formnovalidate>Not now</button>
<button type="submit" class="button confirm-email-resend" value="send" formnovalidate hidden>New code</button>
<button type="submit" class="button primary confirm-email-send" value="send">Send code</button>
<button type="submit" class="button primary confirm-email-confirm" value="confirm" hidden>Confirm</button>
</div>
</form>
</dialog>`;
}
