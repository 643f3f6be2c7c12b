// Server-rendered forms that show a failure where it belongs: a message per field, or one for the whole form.
import { AppError } from '../errors.ts';
import { html, type SafeHtml } from './html.ts';

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  required?: boolean;
  /** Text under the label, e.g. the password policy. */
  hint?: string;
}

export interface FormSpec {
  action: string;
  submit: string;
  fields: readonly FieldSpec[];
  /** Hidden inputs (a setup token, a CSRF token). */
  hidden?: Record<string, string>;
}

/** What a form shows after a failed submission: the values typed (never passwords), per-field and form messages. */
export interface FormState {
  values?: Record<string, unknown>;
  fieldErrors?: Record<string, string>;
  message?: string | null;
}

/** A duration a person reads: "1 second", "45 seconds", "3 minutes". */
export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Ajv's "must NOT have fewer than 15 characters" as a sentence a person reads. */
function sentence(text: string): string {
  const t = text === 'is required' ? 'This field is required' : text.replace(/\bNOT\b/g, 'not');
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** The message a person should see for an error on a form; field-specific problems go to fieldErrors instead. */
export function formMessage(error: AppError): string {
  switch (error.code) {
    case 'too_many_attempts':
      return `Too many failed attempts. Try again in ${describeWait(error.retryAfter ?? 1)}.`;
    case 'origin_rejected':
      return 'This form was sent from another site, so it was refused. Open the page on this server and try again.';
    case 'csrf_failed':
      return 'This form has expired. Reload the page and try again.';
    case 'payload_too_large':
      return 'What you sent is too large.';
    case 'validation_failed':
      return 'Check the highlighted fields.';
    case 'overloaded':
    case 'unavailable':
      return `The server is busy. Try again in ${describeWait(error.retryAfter ?? 1)}.`;
    case 'internal_error':
      return 'Something went wrong on our side. Try again in a moment.';
    default:
      return sentence(error.message);
  }
}

/** The state to render a form with after `error`, keeping what the person typed into `fields` (passwords excepted). */
export function stateAfter(error: AppError, body: unknown, spec: FormSpec, options: { message?: string } = {}): FormState {
  const names = new Set(spec.fields.map((f) => f.name));
  const fieldErrors: Record<string, string> = {};
  const loose: string[] = [];
  for (const [key, value] of Object.entries(error.details ?? {})) {
    if (typeof value !== 'string') continue;
    if (names.has(key)) fieldErrors[key] = sentence(value);
    else loose.push(sentence(`${key.replace(/_/g, ' ')}: ${value}`));
  }
  const hasFieldErrors = Object.keys(fieldErrors).length > 0;
  let message: string | null = options.message ?? formMessage(error);
  if (hasFieldErrors && (error.code === 'validation_failed' || error.code === 'weak_password')) message = loose.length > 0 ? loose.join(' ') : null;
  const values = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return { values, fieldErrors, message };
}

function fieldHtml(field: FieldSpec, state: FormState, autofocus: boolean): SafeHtml {
  const type = field.type ?? 'text';
  const raw = state.values?.[field.name];
  const value = type === 'password' || typeof raw !== 'string' ? '' : raw;
  const error = state.fieldErrors?.[field.name];
  const errorId = `${field.name}-error`;
  const hintId = `${field.name}-hint`;
  const described = [field.hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return html`<label for="${field.name}">${field.label}</label>
${field.hint ? html`<p class="muted" id="${hintId}">${field.hint}</p>` : ''}
<input id="${field.name}" name="${field.name}" type="${type}"${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''}${field.required ? html` required` : ''}${value ? html` value="${value}"` : ''}${error ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}${autofocus ? html` autofocus` : ''}>
${error ? html`<p class="field-error" id="${errorId}">${error}</p>` : ''}`;
}

/** The form; after a failure the first field with an error (or the first empty one) takes the focus. */
export function renderForm(spec: FormSpec, state: FormState = {}): SafeHtml {
  const failed = Boolean(state.message) || Object.keys(state.fieldErrors ?? {}).length > 0;
  const focus = failed
    ? spec.fields.find((f) => state.fieldErrors?.[f.name]) ?? spec.fields.find((f) => f.type === 'password' || typeof state.values?.[f.name] !== 'string' || state.values[f.name] === '')
    : undefined;
  const hidden = Object.entries(spec.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return html`${state.message ? html`<p class="error" role="alert" id="form-error">${state.message}</p>` : ''}
<form method="post" action="${spec.action}"${state.message ? html` aria-describedby="form-error"` : ''}>
${hidden}
${spec.fields.map((f) => fieldHtml(f, state, f === focus))}
<button type="submit">${spec.submit}</button>
</form>`;
}
