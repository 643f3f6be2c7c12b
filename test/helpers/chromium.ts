// Debian's Chromium for browser tests (never a downloaded browser): where it is, the flags, and when a test may skip.
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

function findChromium(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export const CHROMIUM = findChromium();

/** The flags this machine needs: no sandbox as root, and no background traffic to hosts a closed network refuses. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/**
 * A browser suite skips, visibly, on a developer machine without Chromium. Under CI=true it must run: a missing
 * browser there is a failure (`.ci/run` installs it), so this returns false and launchChromium() throws.
 */
export function browserSkip(what: string): string | false {
  if (CHROMIUM) return false;
  if (process.env.CI === 'true') return false;
  return `chromium is not installed (apt-get install -y chromium; .ci/run does it): ${what} skipped`;
}

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('CI=true but chromium is not installed: the browser suite must run in CI (apt-get install -y chromium)');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}
