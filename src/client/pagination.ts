// Walking a page-numbered list: follow `links.next` until it is null, as pages or as single items.
import type { CallOptions, QueryValue, Transport } from './transport.ts';
import type { Page } from './types.ts';

export async function* paginate<T>(transport: Transport, path: string, query: Record<string, QueryValue> = {}, options: CallOptions = {}): AsyncGenerator<Page<T>, void, undefined> {
  let next: string | null = path;
  let first = true;
  while (next !== null) {
    // The first page carries the caller's query; later `links.next` already repeats filters and per_page.
    const page: Page<T> = await transport.json<Page<T>>({ method: 'GET', path: next, ...(first ? { query } : {}), ...options });
    first = false;
    yield page;
    next = page.data.length === 0 ? null : page.links.next;
  }
}

export async function* items<T>(pages: AsyncIterable<Page<T>>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.data;
}
