// issue #21: named component schemas instead of anonymous inline copies, with an example on each.
// Route files stay as they are: a schema with an `$id` (the error body) is hoisted by that name, and the schemas in
// COMPONENTS are taken from the operation that defines them; every identical inline copy then becomes a $ref.
import { isDeepStrictEqual } from 'node:util';
import { COMPONENTS } from './component-examples.ts';

type Json = Record<string, unknown>;

interface Document {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Json> } & Json;
}

const REF_PREFIX = '#/components/schemas/';
const SERVER_ERROR_EXAMPLE = { error: 'Internal Server Error', message: 'Internal server error', code: 'internal_error', request_id: 'req-7f3a9c' };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Replaces, below `node`, every value `replace` maps to something else (depth first, the node itself excluded). */
function rewrite(node: unknown, replace: (value: Json) => Json | undefined): void {
  const children: Array<[Json | unknown[], string | number, unknown]> = [];
  if (Array.isArray(node)) node.forEach((v, i) => children.push([node, i, v]));
  else if (isObject(node)) for (const [k, v] of Object.entries(node)) children.push([node, k, v]);
  for (const [parent, key, value] of children) {
    const next = isObject(value) ? replace(value) : undefined;
    if (next !== undefined) (parent as Record<string | number, unknown>)[key] = next;
    else rewrite(value, replace);
  }
}

/** Follows a JSON pointer (`a/b~1c`) inside `root`. */
function at(root: unknown, pointer: string): unknown {
  return pointer.split('/').reduce<unknown>((node, raw) => {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
  }, root);
}

function ref(name: string): Json {
  return { $ref: `${REF_PREFIX}${name}` };
}

/** Schemas carrying an `$id` (TypeBox `{ $id: 'Error' }`) go to components.schemas under that name. */
function hoistIdentified(doc: Document, schemas: Record<string, Json>): void {
  rewrite(doc.paths, (value) => {
    if (typeof value.$id !== 'string') return undefined;
    const { $id: name, ...schema } = value;
    const known = schemas[name as string];
    if (known !== undefined && !isDeepStrictEqual(withoutExamples(known), schema)) return undefined;
    schemas[name as string] ??= schema;
    return ref(name as string);
  });
}

function withoutExamples(schema: Json): Json {
  const { examples: _examples, ...rest } = schema;
  return rest;
}

/** A value of a primitive schema (the first enum member, the minimum, a placeholder string); undefined when unsure. */
function primitiveExample(schema: Json): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('const' in schema) return schema.const;
  if (schema.type === 'null') return null;
  if (schema.type === 'boolean') return true;
  if (schema.type === 'integer' || schema.type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 1;
  if (schema.type === 'string' && schema.pattern === undefined && schema.format === undefined && schema.contentMediaType === undefined) {
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
    return 'string'.padEnd(min, 'x').slice(0, max);
  }
  return undefined;
}

/**
 * The example a schema implies: a named component's own, else one built from its parts (required properties, or all
 * of them when none is required); undefined when some part has none (a binary body, a pattern-checked string).
 */
export function exampleFor(schema: unknown, schemas: Record<string, Json>, depth = 0): unknown {
  if (!isObject(schema) || depth > 10) return undefined;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith(REF_PREFIX)) return exampleFor(schemas[schema.$ref.slice(REF_PREFIX.length)], schemas, depth + 1);
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (branches !== undefined) {
    for (const branch of branches) {
      const value = exampleFor(branch, schemas, depth + 1);
      if (value !== undefined) return value;
    }
    return undefined;
  }
  if (schema.type === 'array') {
    const item = exampleFor(schema.items, schemas, depth + 1);
    return item === undefined ? undefined : [item];
  }
  if (schema.type === 'object' || isObject(schema.properties)) {
    if (!isObject(schema.properties)) return schema.additionalProperties === false || isObject(schema.additionalProperties) && Object.keys(schema.additionalProperties).length > 0 ? undefined : {};
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    const keys = required.length > 0 ? required : Object.keys(schema.properties);
    const out: Json = {};
    for (const key of keys) {
      const value = exampleFor(schema.properties[key], schemas, depth + 1);
      if (value === undefined) return undefined;
      out[key] = value;
    }
    return out;
  }
  return primitiveExample(schema);
}

/** Adds `example` to every JSON or form body (request or response) whose schema implies one. */
function addMediaExamples(doc: Document, schemas: Record<string, Json>): void {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item)) {
      if (!isObject(op)) continue;
      const bodies: Array<[string, unknown]> = [['request', op.requestBody], ...Object.entries(isObject(op.responses) ? op.responses : {})];
      for (const [status, body] of bodies) {
        if (!isObject(body) || !isObject(body.content)) continue;
        for (const media of Object.values(body.content)) {
          if (!isObject(media) || media.example !== undefined || media.examples !== undefined) continue;
          // A server error's body is not the 4XX example's: say what a 500 looks like.
          const serverError = status.startsWith('5') && isObject(media.schema) && media.schema.$ref === `${REF_PREFIX}Error`;
          const example = serverError ? SERVER_ERROR_EXAMPLE : exampleFor(media.schema, schemas);
          if (example !== undefined) media.example = example;
        }
      }
    }
  }
}

/** Names the document's shared schemas in components.schemas and points every copy at them. */
export function nameComponents(doc: Document): void {
  const components = (doc.components ??= {});
  const schemas = (components.schemas ??= {});
  hoistIdentified(doc, schemas);
  for (const { name, operation, pointer, example } of COMPONENTS) {
    if (operation === undefined || pointer === undefined) continue;
    const [method = '', path = ''] = operation.split(' ');
    const found = at(doc.paths?.[path]?.[method.toLowerCase()], pointer);
    if (!isObject(found) || typeof found.$ref === 'string' || schemas[name] !== undefined) continue;
    const schema = { ...found };
    const replace = (value: Json): Json | undefined => (isDeepStrictEqual(value, schema) ? ref(name) : undefined);
    rewrite(doc.paths, replace);
    for (const other of Object.values(schemas)) rewrite(other, replace);
    schemas[name] = example === undefined ? schema : { ...schema, examples: [example] };
  }
  for (const { name, example } of COMPONENTS) {
    const schema = schemas[name];
    if (schema !== undefined && example !== undefined && schema.examples === undefined) schema.examples = [example];
  }
  addMediaExamples(doc, schemas);
}
