// Page-number pagination shared by list endpoints: the query fields, the meta block and next/prev links.
import Type from 'typebox';

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 25;

/** Query fields every paginated list accepts; out-of-range values are 422, never clamped silently. */
export const PageQueryFields = {
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE }),
};

export const PageMetaSchema = Type.Object({
  current_page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer(),
  total_pages: Type.Integer(),
});

export const PageLinksSchema = Type.Object({
  next: Type.Union([Type.String(), Type.Null()]),
  prev: Type.Union([Type.String(), Type.Null()]),
});

export interface PageMeta {
  current_page: number;
  per_page: number;
  total: number;
  total_pages: number;
}

export interface PageLinks {
  next: string | null;
  prev: string | null;
}

export function pageWindow(page: number, perPage: number): { limit: number; offset: number } {
  return { limit: perPage, offset: (page - 1) * perPage };
}

export function pageMeta(page: number, perPage: number, total: number): PageMeta {
  return { current_page: page, per_page: perPage, total, total_pages: Math.ceil(total / perPage) };
}

/**
 * Relative links to the neighbouring pages, keeping the list's filters. Past the last page, `prev` points at the
 * last page that has items, so a client that overshot can step back onto real data.
 */
export function pageLinks(path: string, meta: PageMeta, filters: Record<string, string | undefined> = {}): PageLinks {
  const at = (page: number): string => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) if (value !== undefined && value !== '') params.set(name, value);
    params.set('page', String(page));
    params.set('per_page', String(meta.per_page));
    // Commas are legal in a query (RFC 3986 sub-delims); keeping them literal keeps `types=client,lead` readable.
    return `${path}?${params.toString().replace(/%2C/gi, ',')}`;
  };
  const next = meta.current_page < meta.total_pages ? at(meta.current_page + 1) : null;
  const prev = meta.current_page > 1 && meta.total_pages > 0 ? at(Math.min(meta.current_page - 1, meta.total_pages)) : null;
  return { next, prev };
}
