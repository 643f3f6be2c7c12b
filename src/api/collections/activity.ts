// A collection's activity for the studio (issue #18): visits, favorites and downloads per day over a window (every day
// present, zeros included, so a chart needs no gaps filled), the latest events with who did them, and the totals.
import type { AppDeps } from '../../http/deps.ts';
import type { ActivityEvent, ActivityTotals } from '../../store/types.ts';
import { getCollection } from './service.ts';

export const ACTIVITY_DAYS = { default: 30, max: 365 } as const;
export const RECENT_EVENTS = 50;
const DAY_MS = 86_400_000;

export interface ActivityDayPoint extends ActivityTotals {
  /** YYYY-MM-DD (UTC). */
  date: string;
}

export interface CollectionActivity {
  days: number;
  series: ActivityDayPoint[];
  /** Within the window. */
  totals: ActivityTotals;
  recent: ActivityEvent[];
}

/** The first day the longest window (ACTIVITY_DAYS.max) can chart, as a time: per-visit rows before it are never read. */
export function visitEventsKeptFrom(now: number): number {
  return (Math.floor(now / DAY_MS) - ACTIVITY_DAYS.max + 1) * DAY_MS;
}

export async function collectionActivity(deps: Pick<AppDeps, 'store' | 'clock'>, studioId: string, collectionId: string, days: number): Promise<CollectionActivity> {
  const collection = await getCollection(deps, studioId, collectionId);
  const today = Math.floor(deps.clock.now() / DAY_MS);
  const first = today - days + 1;
  const [byDay, recent] = await Promise.all([
    deps.store.galleryActivity.activityByDay(collection.id, first * DAY_MS),
    deps.store.galleryActivity.recentActivity(collection.id, RECENT_EVENTS),
  ]);
  const found = new Map(byDay.map((d) => [d.day, d]));
  const series: ActivityDayPoint[] = [];
  const totals: ActivityTotals = { visits: 0, favorites: 0, downloads: 0 };
  for (let day = first; day <= today; day++) {
    const d = found.get(day);
    const point = { date: new Date(day * DAY_MS).toISOString().slice(0, 10), visits: d?.visits ?? 0, favorites: d?.favorites ?? 0, downloads: d?.downloads ?? 0 };
    totals.visits += point.visits;
    totals.favorites += point.favorites;
    totals.downloads += point.downloads;
    series.push(point);
  }
  return { days, series, totals, recent };
}
