// Server-rendered HTML: escaping and the page layout (no external assets, no inline scripts).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Tagged template that escapes every interpolated value unless it is already SafeHtml. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const rendered = Array.isArray(v) ? v.map((x) => (x instanceof SafeHtml ? x.value : escapeHtml(String(x)))).join('') : v instanceof SafeHtml ? v.value : escapeHtml(String(v ?? ''));
    out += rendered + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

export interface PageOptions {
  /** A wider column for pages that show photos rather than a form. */
  wide?: boolean;
}

export interface DocumentOptions {
  title: string;
  /** What the page adds to the shared head: its stylesheet, scripts, meta tags. */
  head: SafeHtml;
  /** Attributes of <body> (class, data-*), written as given. */
  bodyAttributes?: SafeHtml;
}

/** The document every page shares: charset, viewport, referrer policy, the title and an empty icon. */
export function htmlDocument(options: DocumentOptions, body: SafeHtml): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
${options.head.value}
<title>${escapeHtml(options.title)} · Lightbox</title>
<link rel="icon" href="data:,">
</head>
<body${options.bodyAttributes ? ` ${options.bodyAttributes.value}` : ''}>
${body.value}
</body>
</html>
`;
}

export function page(title: string, body: SafeHtml, options: PageOptions = {}): string {
  return htmlDocument({ title, head: html`<link rel="stylesheet" href="/assets/app.css">` }, html`<main class="${options.wide ? 'card wide' : 'card'}">
<h1 class="brand">Lightbox</h1>
${body}
</main>`);
}

export const APP_CSS = `*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f4f1ec;color:#222;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
.card{background:#fff;border-radius:12px;box-shadow:0 2px 16px rgba(0,0,0,.08);padding:2rem 2.5rem;width:min(420px,92vw)}
.brand{font-weight:300;letter-spacing:.2em;text-transform:uppercase;font-size:1.1rem;margin:0 0 1.5rem;color:#555}
h2{margin:.2rem 0 1rem;font-size:1.4rem}
label{display:block;margin:.8rem 0 .3rem;font-size:.9rem;color:#444}
input{width:100%;padding:.6rem .7rem;border:1px solid #ccc;border-radius:6px;font:inherit}
button{margin-top:1.2rem;width:100%;padding:.7rem;border:0;border-radius:6px;background:#222;color:#fff;font:inherit;cursor:pointer}
.error{background:#fdecea;color:#8a1c12;padding:.6rem .8rem;border-radius:6px;margin:.5rem 0}
.muted{color:#666;font-size:.9rem}
.wide{width:min(1100px,96vw)}
.field-error{color:#8a1c12;font-size:.85rem;margin:.25rem 0 0}
input[aria-invalid=true]{border-color:#b3261e;outline-color:#b3261e}
.actions{margin-top:1.5rem}.actions a{color:#222}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:.5rem;margin:.5rem 0 1.5rem}
.grid a{display:block;aspect-ratio:1;overflow:hidden;border-radius:6px;background:#eee}
.grid img{width:100%;height:100%;object-fit:cover;display:block}
dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}dt{color:#666}dd{margin:0}
.sessions{width:100%;border-collapse:collapse;margin:.5rem 0 1rem;font-size:.95rem}
.sessions caption{text-align:left;font-weight:600;padding:.3rem 0}
.sessions th,.sessions td{text-align:left;padding:.55rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
.sessions th{font-size:.8rem;color:#666;font-weight:500}.sessions tr.current{background:#f7faf5}
.badge{display:inline-block;font-size:.75rem;background:#e3f1dc;color:#2d5a1d;border-radius:999px;padding:0 .5rem}
.notice{background:#eaf4fd;color:#134a7a;padding:.6rem .8rem;border-radius:6px;margin:.5rem 0}
form.inline{margin:0}button.small{margin:0;width:auto;padding:.35rem .8rem;font-size:.85rem}
.check{display:flex;gap:.5rem;align-items:center}.check input{width:auto}
button:disabled{opacity:.5;cursor:default}
h2.section{margin-top:2.5rem}
.nav{display:flex;flex-wrap:wrap;gap:1rem;margin:-.4rem 0 1.2rem;font-size:.95rem}.nav a{color:#222}.nav a[aria-current=page]{font-weight:600;text-decoration:none}
select{padding:.45rem .5rem;border:1px solid #ccc;border-radius:6px;font:inherit;background:#fff;color:#222}
form.role-form{display:flex;gap:.4rem;align-items:center;flex-wrap:wrap}
table.spaced,p.spaced{margin-top:1.8rem}
button.danger{background:#8a1c12;color:#fff;border-color:#8a1c12}
button.secondary{width:auto;background:#fff;color:#222;border:1px solid #222;padding:.55rem 1.1rem}
.row{display:flex;gap:.6rem 1rem;flex-wrap:wrap;align-items:flex-end}.row>.grow{flex:1 1 16rem}.row>div>label{margin-top:.8rem}
.row button{width:auto;padding:.6rem 1.1rem}.row select,.row input{height:2.8rem}.row select{padding:0 .5rem}
.link-row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}.link-row input{flex:1 1 18rem;font-family:ui-monospace,monospace;font-size:.85rem}.link-row button{margin:0;width:auto;padding:.6rem 1rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.breadcrumb{margin:-.6rem 0 1rem}
.dropzone{border:2px dashed #b9b2a6;border-radius:10px;padding:1rem 1.2rem;background:#faf8f5}.dropzone.over{border-color:#222;background:#f0ece4}
.dropzone label{margin-top:0;font-weight:600;color:#222}.dropzone input[type=file]{border:0;padding:.4rem 0}
.batch{margin:1rem 0 .4rem}.batch progress,.upload-item progress{width:100%;height:.7rem;accent-color:#2d5a1d}
.upload-queue{list-style:none;margin:.4rem 0 1rem;padding:0;max-height:18rem;overflow:auto}
.upload-item{display:grid;grid-template-columns:minmax(6rem,14rem) 1fr auto;gap:.2rem .8rem;align-items:center;padding:.3rem 0;border-bottom:1px solid #eee;font-size:.9rem}
.upload-item .upload-name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.upload-item .upload-note{grid-column:1/3}
.upload-item[data-state=failed] .upload-note,.upload-item[data-state=duplicate] .upload-note{color:#8a1c12}.upload-item[data-state=done] .upload-note{color:#2d5a1d}
.upload-item button{grid-row:span 1}
.sort-form{margin:1rem 0 .2rem}
.studio-photos{list-style:none;margin:1rem 0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:.8rem}
.studio-photo{border:1px solid #eee;border-radius:8px;padding:.4rem;background:#fff}.studio-photo.dragging{opacity:.4}
.studio-photo img{display:block;width:100%;height:auto;aspect-ratio:4/3;object-fit:cover;border-radius:5px;background:#eee}
.photo-name{margin:.3rem 0;font-size:.8rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.photo-actions{display:flex;flex-wrap:wrap;gap:.3rem}.photo-actions button.small{padding:.25rem .5rem;font-size:.8rem;margin:0}
.toolbar{display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:flex-end;justify-content:space-between;margin-bottom:.6rem}.toolbar .search-form{flex:1 1 28rem}
a.button-link{display:inline-block;background:#222;color:#fff;text-decoration:none;border-radius:6px;padding:.65rem 1.1rem}a.button-link:focus-visible{outline:3px solid #8fb3e0;outline-offset:2px}
.collection-cards{list-style:none;margin:1rem 0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1rem}
.collection-card{border:1px solid #eee;border-radius:10px;padding:.6rem;background:#fff}.collection-card a{color:#222;text-decoration:none;display:block}
.collection-card .cover{display:block;width:100%;aspect-ratio:3/2;object-fit:cover;border-radius:6px;background:#e9e5de}.collection-card .placeholder{background:linear-gradient(135deg,#ece8e1,#ddd6cb)}
.collection-name{display:block;font-weight:600;margin:.5rem 0 .1rem}.collection-card a:hover .collection-name{text-decoration:underline}.collection-card p{margin:.1rem 0 .4rem}
.stats{display:flex;gap:1rem;margin:.2rem 0;padding:0;list-style:none}.stats div,.stats li{display:flex;flex-direction:column}.stats dt,.stats .stat-label{font-size:.75rem;color:#666}.stats dd,.stats .stat-value{margin:0;font-weight:600}
.whoami{margin:0 0 1rem;font-size:.9rem}
.stats.big{gap:2rem;margin:.5rem 0 1rem}.stats.big dd{font-size:1.6rem}
.badge.status-draft{background:#eee;color:#444}.badge.status-expired{background:#fdecea;color:#8a1c12}.badge.status-published{background:#e3f1dc;color:#2d5a1d}
fieldset{border:1px solid #e6e1d8;border-radius:8px;margin:1rem 0;padding:.6rem 1rem 1rem}legend{font-weight:600;padding:0 .3rem}
fieldset.inline-choices{border:0;padding:0;margin:.8rem 0 0}fieldset.inline-choices legend{font-weight:400;font-size:.9rem;color:#444;padding:0}
textarea{width:100%;padding:.6rem .7rem;border:1px solid #ccc;border-radius:6px;font:inherit}
.client-choices{list-style:none;margin:.4rem 0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.2rem 1rem}.client-choices label{margin:0}
.check label{margin:.4rem 0}
.share{border:1px solid #cfe0f2;background:#f5f9fd;border-radius:10px;padding:.4rem 1.2rem 1rem;margin:1rem 0}.share h3{margin:.6rem 0}
.share-grid{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-start}.share-fields{flex:1 1 22rem}.share .link-row input{background:#fff}
.qr{margin:0;text-align:center}.qr img{display:block;background:#fff;border-radius:6px}.qr figcaption{margin-top:.3rem}
.gallery-list{list-style:none;padding:0;margin:.4rem 0}.gallery-list li{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;padding:.45rem 0;border-bottom:1px solid #eee}.gallery-list a{font-weight:600;color:#222}
.activity-chart{width:100%;height:auto;max-height:280px;display:block;margin:.5rem 0}
.legend{font-size:.85rem;color:#444;display:flex;gap:.4rem 1rem;align-items:center;flex-wrap:wrap}.swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;vertical-align:middle}
.swatch-visits{background:#3b5b8c}.swatch-downloads{background:#2d7a3a}
details.numbers{margin:.5rem 0 1.5rem}details.numbers summary{cursor:pointer;color:#134a7a}
form.logout button{width:auto}
.inline-list{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem .8rem}
.secret-result{margin:.8rem 0 1rem}
@media (max-width:600px){.card{padding:1.2rem 1rem}}
@media (max-width:600px){.studio-photos{grid-template-columns:repeat(2,1fr)}.upload-item{grid-template-columns:1fr}.upload-item .upload-note{grid-column:auto}}
@media (max-width:600px){.sessions thead{display:none}.sessions td{display:block;border:0;padding:.2rem .5rem}.sessions tr{display:block;border-bottom:1px solid #eee;padding:.4rem 0}.sessions td[data-label]::before{content:attr(data-label) ": ";color:#666}}
`;
