// The CLI's saved login: $XDG_CONFIG_HOME/lightbox/credentials.json (or ~/.config/lightbox/), mode 0600.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface SavedLogin {
  server: string;
  token: string;
  expires_at: string;
  email: string;
}

export function credentialsPath(env: Record<string, string | undefined>): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return join(base, 'lightbox', 'credentials.json');
}

export function readSavedLogin(env: Record<string, string | undefined>): SavedLogin | null {
  try {
    const parsed = JSON.parse(readFileSync(credentialsPath(env), 'utf8')) as Partial<SavedLogin>;
    if (typeof parsed.server !== 'string' || typeof parsed.token !== 'string') return null;
    return { server: parsed.server, token: parsed.token, expires_at: String(parsed.expires_at ?? ''), email: String(parsed.email ?? '') };
  } catch {
    return null;
  }
}

/** The token is a password-equivalent: the folder is 0700 and the file 0600, also when it already existed. */
export function writeSavedLogin(env: Record<string, string | undefined>, login: SavedLogin): string {
  const path = credentialsPath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

export function removeSavedLogin(env: Record<string, string | undefined>): void {
  rmSync(credentialsPath(env), { force: true });
}
