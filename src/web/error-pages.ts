// The generic error page a browser sees for any status (404 included) when a route has no page of its own.
import { STATUS_CODES } from 'node:http';
import type { AppError } from '../errors.ts';
import type { ErrorPageContext } from '../http/plugins/error-handler.ts';
import { formMessage } from './forms.ts';
import { html, page, type SafeHtml } from './html.ts';

const HEADINGS: Partial<Record<number, string>> = {
  401: 'Please log in',
  403: 'Not allowed',
  404: 'Page not found',
  429: 'Slow down',
  500: 'Something went wrong',
  503: 'Busy right now',
};

function explanation(error: AppError): string {
  if (error.code === 'route_not_found') return 'There is no page at this address.';
  return formMessage(error);
}

/** The way on from an error: to the login page when a login would help, otherwise home. */
function nextStep(error: AppError): SafeHtml {
  if (error.status === 401) return html`<a href="/login">Log in</a> · <a href="/galleries/login">Open a gallery</a>`;
  return html`<a href="/">Back to the home page</a>`;
}

export function renderErrorPage(error: AppError, context: ErrorPageContext): string {
  const heading = HEADINGS[error.status] ?? STATUS_CODES[error.status] ?? 'Error';
  return page(heading, html`<h2>${heading}</h2>
<p class="error" role="alert">${explanation(error)}</p>
${error.status >= 500 && context.requestId ? html`<p class="muted">Reference: <code>${context.requestId}</code></p>` : ''}
<p class="actions">${nextStep(error)}</p>`);
}
