// Walking a list: by cursor when the server answers with `meta.next_cursor` (ask for it with `limit`), otherwise by
// page number through `links.next`, until there is no next page; as pages or as single items.
import type { CallOptions, QueryValue, Transport } from './transport.ts';
import type { Page, PageMeta } from './types.ts';

/** The cursor to continue from: a string while more pages follow, null on the last one, undefined on a numbered page. */
function nextCursorOf(meta: PageMeta): string | null | undefined {
  return 'next_cursor' in meta ? meta.next_cursor : undefined;
}

export async function* paginate<T>(transport: Transport, path: string, query: Record<string, QueryValue> = {}, options: CallOptions = {}): AsyncGenerator<Page<T>, void, undefined> {
  let request: { path: string; query?: Record<string, QueryValue> } | null = { path, query };
  while (request !== null) {
    const page: Page<T> = await transport.json<Page<T>>({ method: 'GET', ...request, ...options });
    yield page;
    if (page.data.length === 0) return;
    const cursor = nextCursorOf(page.meta);
    if (cursor === undefined) {
      // Numbered pages: `links.next` already repeats the filters and per_page.
      request = page.links.next === null ? null : { path: page.links.next };
    } else {
      // Cursor pages: the caller's own query (filters, limit) with the cursor the server handed back.
      request = cursor === null ? null : { path, query: { ...query, cursor } };
    }
  }
}

export async function* items<T>(pages: AsyncIterable<Page<T>>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.data;
}
