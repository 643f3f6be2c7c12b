// TypeBox schemas shared by several routes (request bodies and the error shape).
import Type from 'typebox';

export const ErrorSchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  code: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  request_id: Type.Optional(Type.String({ description: 'The X-Request-Id of this request, as in the server log' })),
}, { $id: 'Error' });

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
});

export const StudioSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  role: Type.String(),
});

/** Passwords are capped well above the policy maximum so oversize input fails validation before any hashing. */
export const PasswordField = Type.String({ minLength: 1, maxLength: 1024 });
export const IdentifierField = Type.String({ minLength: 1, maxLength: 320 });

export const LoginBody = Type.Object({
  email: Type.Optional(IdentifierField),
  username: Type.Optional(IdentifierField),
  password: PasswordField,
  mode: Type.Optional(Type.Union([Type.Literal('cookie'), Type.Literal('token')])),
});

export const LoginResponse = Type.Object({
  user: UserSchema,
  csrf_token: Type.String(),
  studios: Type.Array(StudioSchema),
});

export const TokenLoginResponse = Type.Object({
  token: Type.String(),
  expires_at: Type.String(),
  user: UserSchema,
  studios: Type.Array(StudioSchema),
});
