// Search and sort over all of a studio's collections, shared by the JSON list (`GET /api/v1/collections?q=&sort=`)
// and the studio dashboard, so both find and order the same collections. The studio's short index rows are read
// whole, matched with Unicode case folding (name or slug) and sorted with a collator, which gives the same answer on
// SQLite and PostgreSQL whatever their collations; the caller then reads only the window it shows in full.
import type { CollectionIndexEntry, CollectionStore } from '../../store/types.ts';

export const COLLECTION_SORTS = ['recent', 'name', 'event'] as const;
export type CollectionSort = typeof COLLECTION_SORTS[number];

/** The longest search text; longer is a 422 in the API, cut at this length on the page. */
export const COLLECTION_SEARCH_MAX = 200;

export interface CollectionSearch {
  /** Matched anywhere in the name (ignoring case, Unicode-aware) or the slug; empty matches every collection. */
  q: string;
  sort: CollectionSort;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function sorted(items: CollectionIndexEntry[], sort: CollectionSort): CollectionIndexEntry[] {
  // The index comes newest first (created_at, then id, descending); each sort is stable, so ties keep that order.
  const out = [...items];
  if (sort === 'name') out.sort((a, b) => collator.compare(a.name, b.name));
  else if (sort === 'event') out.sort((a, b) => (b.eventDate ?? '').localeCompare(a.eventDate ?? '') || b.createdAt - a.createdAt);
  else out.sort((a, b) => b.createdAt - a.createdAt);
  return out;
}

/** The studio's collections matching the search, in its order: every one, before any paging. */
export async function matchingCollections(collections: CollectionStore, studioId: string, search: CollectionSearch): Promise<CollectionIndexEntry[]> {
  const index = await collections.listCollectionIndex(studioId);
  const needle = search.q.trim().toLocaleLowerCase();
  return sorted(needle === '' ? index : index.filter((c) => c.name.toLocaleLowerCase().includes(needle) || c.slug.includes(needle)), search.sort);
}
