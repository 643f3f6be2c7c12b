// Login credentials: email or username (Lightbox accepts either) and a password, turned into a login body.
import { LightboxError } from './errors.ts';

export interface PasswordCredentials {
  email?: string;
  username?: string;
  password: string;
}

export function loginBody(credentials: Partial<PasswordCredentials>): Record<string, string> {
  const { email, username, password } = credentials;
  if (password === undefined || (email === undefined && username === undefined)) {
    throw new LightboxError(401, 'credentials_missing', 'No credentials to log in with: give email or username and password');
  }
  return { ...(email !== undefined ? { email } : { username: username as string }), password };
}
