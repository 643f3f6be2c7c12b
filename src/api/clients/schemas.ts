// Wire format of the clients API: TypeBox schemas for requests and responses, and the one response encoder.
import Type from 'typebox';
import { CLIENT_TYPES } from '../../store/schema.ts';
import type { ClientRecord, ClientType } from '../../store/types.ts';
import { PageLinksSchema, PageQueryFields } from '../../http/pagination.ts';
import { CursorQueryFields, ListMetaSchema } from '../../http/cursor.ts';

// Coarse caps so oversize input fails fast; the service adds the precise rules (email shape, control characters).
export const FIELD_LIMITS = { email: 320, name: 200, phone: 40, statusName: 100, notes: 10000, q: 200 } as const;

const ClientTypeField = Type.Enum([...CLIENT_TYPES]);
const NullableString = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);

export const ClientSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  type: ClientTypeField,
  status_name: Type.Union([Type.String(), Type.Null()]),
  notes: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String(),
});

/** POST and PUT: the full set of editable fields. Unknown fields (studio_id, id, created_at...) are dropped. */
export const ClientBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: FIELD_LIMITS.email }),
  first_name: Type.Optional(Type.String({ maxLength: FIELD_LIMITS.name })),
  last_name: Type.Optional(Type.String({ maxLength: FIELD_LIMITS.name })),
  phone: Type.Optional(NullableString(FIELD_LIMITS.phone)),
  type: Type.Optional(ClientTypeField),
  status_name: Type.Optional(NullableString(FIELD_LIMITS.statusName)),
  notes: Type.Optional(NullableString(FIELD_LIMITS.notes)),
});

/** PATCH: any subset of the editable fields; null clears the optional ones. */
export const ClientPatchBody = Type.Partial(ClientBody);

export const ClientListQuery = Type.Object({
  ...PageQueryFields,
  ...CursorQueryFields,
  /** Comma-separated types, e.g. `client,lead`. */
  types: Type.Optional(Type.String({ maxLength: 100 })),
  q: Type.Optional(Type.String({ maxLength: FIELD_LIMITS.q })),
});

export const ClientIdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

export const ClientListResponse = Type.Object({
  data: Type.Array(ClientSchema),
  meta: ListMetaSchema,
  links: PageLinksSchema,
});

export const ClientResponse = Type.Object({ data: ClientSchema });

export interface PublicClient {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  type: ClientType;
  status_name: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export function toPublicClient(c: ClientRecord): PublicClient {
  return {
    id: c.id,
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    phone: c.phone,
    type: c.type,
    status_name: c.statusName,
    notes: c.notes,
    created_at: new Date(c.createdAt).toISOString(),
    updated_at: new Date(c.updatedAt).toISOString(),
  };
}
