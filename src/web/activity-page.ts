// /studio/collections/{id}/activity: what clients did in a collection. A chart of visits and downloads per day over
// the last 30 days, drawn here as SVG (no script, no chart library), its numbers in a table for screen readers and
// for anyone who wants them, the totals, and the latest visits, favorites and downloads with who.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { UserPrincipal } from '../auth/principal.ts';
import { roleAllows } from '../auth/permissions.ts';
import { AppError } from '../errors.ts';
import type { AppDeps } from '../http/deps.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { ACTIVITY_DAYS, collectionActivity, type ActivityDayPoint, type CollectionActivity } from '../api/collections/activity.ts';
import { getCollection } from '../api/collections/service.ts';
import { statusOf } from '../api/collections/schemas.ts';
import type { CollectionRecord } from '../store/types.ts';
import { html, page, type SafeHtml } from './html.ts';
import { studioNav, when } from './studio-nav.ts';
import { statusBadge } from './dashboard-page.ts';

const CHART = { width: 720, height: 240, left: 36, right: 12, top: 16, bottom: 36 } as const;
const COLORS = { visits: '#3b5b8c', downloads: '#2d7a3a' } as const;

/** A round step for the y axis: 1, 2, 5, 10, 20, 50, … so that about four lines cover `max`. */
function niceStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

const shortDate = (iso: string): string => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Two bars a day (visits, downloads) with a y axis and a date every few days; its <title> and <desc> say it in words. */
export function activityChart(series: readonly ActivityDayPoint[], totals: { visits: number; downloads: number }): SafeHtml {
  const { width, height, left, right, top, bottom } = CHART;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...series.map((d) => Math.max(d.visits, d.downloads)));
  const step = niceStep(max);
  const top_ = Math.ceil(max / step) * step;
  const y = (v: number): number => top + plotH - (v / top_) * plotH;
  const slot = plotW / Math.max(1, series.length);
  const bar = Math.max(1, Math.min(10, slot * 0.38));
  const grid: SafeHtml[] = [];
  for (let v = 0; v <= top_; v += step) {
    grid.push(html`<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e4e0d8"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#555">${v}</text>`);
  }
  const every = Math.max(1, Math.ceil(series.length / 6));
  const bars = series.map((d, i) => {
    const x = left + i * slot + slot / 2;
    const label = i % every === 0 || i === series.length - 1 ? html`<text x="${x.toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="11" fill="#555">${shortDate(d.date)}</text>` : '';
    return html`<g class="day" data-date="${d.date}"><rect class="bar-visits" x="${(x - bar - 1).toFixed(1)}" y="${y(d.visits).toFixed(1)}" width="${bar.toFixed(1)}" height="${(top + plotH - y(d.visits)).toFixed(1)}" fill="${COLORS.visits}"><title>${shortDate(d.date)}: ${d.visits} visits</title></rect><rect class="bar-downloads" x="${(x + 1).toFixed(1)}" y="${y(d.downloads).toFixed(1)}" width="${bar.toFixed(1)}" height="${(top + plotH - y(d.downloads)).toFixed(1)}" fill="${COLORS.downloads}"><title>${shortDate(d.date)}: ${d.downloads} downloads</title></rect>${label}</g>`;
  });
  const first = series[0]?.date ?? '';
  const last = series[series.length - 1]?.date ?? '';
  return html`<svg class="activity-chart" id="activity-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Visits and downloads per day</title>
<desc id="chart-desc">From ${shortDate(first)} to ${shortDate(last)}: ${totals.visits} visits and ${totals.downloads} downloads in all. The table below has each day's numbers.</desc>
${grid}
<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#999"/>
${bars}
</svg>
<p class="legend"><span class="swatch swatch-visits" aria-hidden="true"></span> Visits <span class="swatch swatch-downloads" aria-hidden="true"></span> Downloads</p>`;
}

const KIND_LABELS = { visit: 'Visited', favorite: 'Favorited', download: 'Downloaded' } as const;

function recentTable(activity: CollectionActivity): SafeHtml {
  if (activity.recent.length === 0) return html`<p class="muted" id="no-activity">Nothing yet: share the gallery link with your clients.</p>`;
  return html`<table class="sessions" id="recent-activity"><caption>Latest activity</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
<tbody>${activity.recent.map((e) => html`<tr data-kind="${e.kind}"><td data-label="When">${when(e.at)}</td><td data-label="Who">${e.email}</td>
<td data-label="What">${KIND_LABELS[e.kind]}${e.filename ? html` <span class="muted">${e.filename}${e.size ? ` (${e.size === 'original' ? 'original' : 'web size'})` : ''}</span>` : e.kind === 'visit' ? ' the gallery' : ''}</td></tr>`)}</tbody></table>`;
}

function numbersTable(series: readonly ActivityDayPoint[]): SafeHtml {
  return html`<details class="numbers"><summary>Each day's numbers</summary>
<table class="sessions" id="activity-numbers"><caption>Visits, favorites and downloads per day</caption>
<thead><tr><th scope="col">Day</th><th scope="col">Visits</th><th scope="col">Favorites</th><th scope="col">Downloads</th></tr></thead>
<tbody>${series.map((d) => html`<tr><th scope="row">${d.date}</th><td data-label="Visits">${d.visits}</td><td data-label="Favorites">${d.favorites}</td><td data-label="Downloads">${d.downloads}</td></tr>`)}</tbody></table>
</details>`;
}

function activityPage(collection: CollectionRecord, activity: CollectionActivity, now: number): string {
  const t = activity.totals;
  return page(`Activity: ${collection.name}`, html`<h2>${collection.name} ${statusBadge(statusOf(collection, now))}</h2>
${studioNav('/')}
<p class="muted breadcrumb"><a href="/">All collections</a> · <a href="/studio/collections/${collection.id}">Settings and sharing</a></p>
<h3>The last ${activity.days} days</h3>
<dl class="stats big" id="activity-totals"><div><dt>Visits</dt><dd>${t.visits}</dd></div><div><dt>Favorites</dt><dd>${t.favorites}</dd></div><div><dt>Downloads</dt><dd>${t.downloads}</dd></div></dl>
${activityChart(activity.series, t)}
${numbersTable(activity.series)}
${recentTable(activity)}`, { wide: true });
}

export function registerActivityPage(parent: FastifyInstance, deps: AppDeps): void {
  parent.get('/studio/collections/:id/activity', {
    config: { policy: { access: 'optional' } },
    schema: { tags: ['pages'], params: Type.Object({ id: Type.String({ maxLength: 200 }) }) } as object,
  }, async (request, reply) => {
    const p = request.principal as UserPrincipal | undefined;
    if (p?.kind !== 'user') return reply.redirect('/login', 303);
    if (p.studioId === null || !roleAllows(p.role, 'galleries:read')) throw new AppError('insufficient_permissions', 'You are not working in a studio right now');
    const collection = await getCollection(deps, p.studioId, (request.params as { id: string }).id);
    const activity = await collectionActivity(deps, p.studioId, collection.id, ACTIVITY_DAYS.default);
    return sendHtml(reply, 200, activityPage(collection, activity, deps.clock.now()));
  });
}
