// Queries whose SQL never changes, built and compiled by Kysely once; every call only binds new parameter values.
//
// Kysely builds an immutable operation tree and compiles it to SQL on every execution. For the few queries on the
// login and session paths that work is a measurable part of a request (bench/findings.md); `preparedQuery` runs the
// builder once with placeholder objects, remembers where each placeholder landed among the compiled parameters, and
// then executes the compiled SQL with the caller's values through the same Kysely instance (same connection handling,
// same transactions).
import { createQueryId, type Compilable, type CompiledQuery, type Kysely, type QueryResult } from 'kysely';

/** Stands for the builder's nth argument while the query is compiled once. */
class Placeholder {
  constructor(readonly index: number) {}
}

interface Template {
  sql: string;
  query: CompiledQuery['query'];
  /** Compiled parameters: constants from the builder, or placeholders for the caller's arguments. */
  parameters: readonly unknown[];
}

function compileTemplate(build: (...args: Placeholder[]) => Compilable<unknown>): Template {
  const placeholders = Array.from({ length: build.length }, (_, i) => new Placeholder(i));
  const compiled = build(...placeholders).compile();
  const used = new Set(compiled.parameters.filter((p): p is Placeholder => p instanceof Placeholder).map((p) => p.index));
  for (const p of placeholders) {
    if (!used.has(p.index)) throw new Error(`preparedQuery: argument ${p.index} is not a bound parameter of: ${compiled.sql}`);
  }
  return { sql: compiled.sql, query: compiled.query, parameters: compiled.parameters };
}

/**
 * Wraps a query builder that uses its arguments only as values (never inspects them: no branching on null, no
 * arrays spread into `in` lists), so that one compiled SQL text serves every call. Compiled on first use; an argument
 * that does not end up as a bound parameter is an error at that point.
 */
export function preparedQuery<DB, A extends unknown[], O>(db: Kysely<DB>, build: (...args: A) => Compilable<O>): (...args: A) => Promise<QueryResult<O>> {
  let template: Template | undefined;
  return async (...args: A): Promise<QueryResult<O>> => {
    // The builder sees placeholder objects instead of values, which is why it must not inspect its arguments.
    template ??= compileTemplate(build as unknown as (...args: Placeholder[]) => Compilable<unknown>);
    const parameters = template.parameters.map((p) => (p instanceof Placeholder ? args[p.index] : p));
    return db.executeQuery<O>({ sql: template.sql, query: template.query, parameters, queryId: createQueryId() });
  };
}
