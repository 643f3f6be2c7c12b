// Strings a request body may not carry: lone UTF-16 surrogates, which JSON's \uD800 escapes can smuggle in.
import { AppError } from '../errors.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function wellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/**
 * The JSON path (`client_emails.2`) of the first string in `value`, key or value, that is not well-formed UTF-16
 * (a lone surrogate: it cannot be encoded as UTF-8, so it is stored as garbage, breaks other clients' JSON decoders and
 * compares unequal to what it looks like); null when there is none. Iterative: a deeply nested body cannot overflow
 * the stack.
 */
export function illFormedStringPath(value: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string };
    if (typeof v === 'string') {
      if (!wellFormed(v)) return path === '' ? '(body)' : path;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: path === '' ? String(i) : `${path}.${i}` });
      continue;
    }
    for (const key of Object.keys(v)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (!wellFormed(key)) return at.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
      stack.push({ value: (v as Record<string, unknown>)[key], path: at });
    }
  }
  return null;
}

/** Issue #22 (defect 6): a body holding a lone surrogate is a 422 naming the field, before any schema or handler sees it. */
export function rejectIllFormedStrings(body: unknown): void {
  const path = illFormedStringPath(body);
  if (path !== null) throw new AppError('validation_failed', undefined, { details: { [path]: 'must not contain unpaired UTF-16 surrogates' } });
}
