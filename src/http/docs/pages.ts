// The Redoc page and the Content-Security-Policy of the documentation pages (Swagger UI and Redoc, all assets local).

/**
 * Both viewers run only scripts served by us ('self', no inline script), but inject styles at run time
 * (styled-components in Redoc, style attributes in Swagger UI), and Redoc runs its search index in a blob: worker.
 * Nothing may load from another origin.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const REDOC_SCRIPT_PATH = '/api/redoc/redoc.standalone.js';

/** The one asset Redoc's bundle fetches from a CDN by itself (its sidebar logo); no option turns it off. */
const REDOC_CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';

/**
 * The bundle as served: the CDN logo becomes an empty data: URL, so the page makes no request to another host
 * (Redoc hides the image when it does not load). Everything else is the npm package's file unchanged.
 */
export function localizeRedocBundle(source: string): string {
  return source.split(REDOC_CDN_LOGO).join('data:,');
}

/** Redoc's standalone bundle initialises <redoc spec-url> by itself, so the page needs no inline script. */
export function redocPage(specPath: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lightbox API reference</title>
<link rel="icon" href="data:,">
</head>
<body>
<redoc spec-url="${specPath}"></redoc>
<script src="${REDOC_SCRIPT_PATH}"></script>
</body>
</html>
`;
}
