// "New sign-in from an unknown device" (issue #20, opt-in): after a password sign-in, the device (browser family and
// operating system, as Bowser reads the user agent, plus the client's network: IPv4 /24, IPv6 /48) is compared with
// the account's sessions and sign-ins of the last 90 days. A device none of them used gets the person a message,
// when they asked for one; never on an account's very first sign-in. A failure here never fails the sign-in.
import { isIPv4, isIPv6 } from 'node:net';
import Bowser from 'bowser';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { sha256 } from '../auth/tokens.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { SessionDevice, UserRecord } from '../store/types.ts';
import { newSignInMail } from '../mail/templates/new-sign-in.ts';
import { describeUserAgent } from './account.ts';
import { audit } from './audit.ts';
import type { AppDeps } from './deps.ts';
import { deviceOf } from './login.ts';

/** How far back a device counts as known: the account's sign-ins and sessions of the last 90 days. */
export const SIGN_IN_MEMORY_MS = 90 * 86_400_000;

export interface Network {
  /** What is compared: the prefix in a canonical form. */
  key: string;
  /** What a person reads: "203.0.113.x", "2001:db8:1::/48". */
  label: string;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part included); null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address.toLowerCase();
  if (text.includes('.')) {
    const at = text.lastIndexOf(':');
    const [a = 0, b = 0, c = 0, d = 0] = text.slice(at + 1).split('.').map(Number);
    text = `${text.slice(0, at + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16)));
  const [head = '', tail] = text.split('::');
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? left : [...left, ...new Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0), ...right];
  return groups.length === 8 ? groups : null;
}

/** The network a client address belongs to: IPv4 /24, IPv6 /48; an IPv4-mapped IPv6 address counts as IPv4. */
export function networkOf(address: string | null): Network | null {
  if (address === null) return null;
  const ip = address.replace(/%.*$/, '');
  if (isIPv4(ip)) {
    const prefix = ip.split('.').slice(0, 3).join('.');
    return { key: `${prefix}.0/24`, label: `${prefix}.x` };
  }
  const groups = ipv6Groups(ip);
  if (groups === null) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return networkOf(`${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`);
  }
  const prefix = groups.slice(0, 3).map((g) => g.toString(16)).join(':');
  return { key: `${prefix}::/48`, label: `${prefix}::/48` };
}

/** What makes a device the same one: browser family, operating system and network, hashed (never stored as such). */
export function deviceKeyOf(device: SessionDevice): string {
  // A client that sends no User-Agent (a script, curl -A '') is a device too: no browser and no OS, only its network.
  // (Bowser refuses an empty string.)
  const { browser, os } = device.userAgent ? Bowser.parse(device.userAgent) : { browser: { name: undefined }, os: { name: undefined } };
  return sha256([(browser.name ?? '').toLowerCase(), (os.name ?? '').toLowerCase(), networkOf(device.clientIp)?.key ?? ''].join('\n'));
}

/**
 * Records this password sign-in's device and, when the person opted in and neither their sign-ins nor their
 * sessions of the last 90 days came from it, queues the alert. Call it after the password was verified and before
 * the new session is started (so that session is not mistaken for an earlier one).
 */
export async function noticeSignIn(deps: AppDeps, request: FastifyRequest, user: UserRecord): Promise<void> {
  try {
    const device = deviceOf(request);
    const now = deps.clock.now();
    const since = now - SIGN_IN_MEMORY_MS;
    const key = deviceKeyOf(device);
    const hadHistory = await deps.store.signIns.hasSignInHistory(user.id);
    const outcome = await deps.store.signIns.recordSignInDevice(user.id, key, now, since);
    if (outcome === 'known' || !(await deps.store.signIns.findSignInAlerts(user.id))) return;
    // Read only now, when an alert may be due: an account that signs in often (a script in token mode) has many.
    const sessions = await deps.store.sessions.listUserSessions(user.id);
    // The very first sign-in of an account has nothing to compare with.
    if (!hadHistory && sessions.length === 0) return;
    if (sessions.some((s) => Math.max(s.createdAt, s.lastSeenAt) >= since && deviceKeyOf(s) === key)) return;
    const studio = (await deps.store.studios.listUserStudios(user.id))[0]?.studio ?? null;
    const mail = newSignInMail({
      firstName: user.firstName, studioName: studio?.name ?? null, at: now, device: describeUserAgent(device.userAgent) ?? 'an unknown browser',
      network: networkOf(device.clientIp)?.label ?? 'unknown', securityLink: `${deps.linkBase.url()}/account/security`,
    });
    await deps.store.transaction(async (tx) => {
      await tx.mailOutbox.enqueueMail({ studioId: studio?.id ?? null, kind: 'new_sign_in', to: user.email, ...mail, now });
    });
    deps.mailQueued.notify();
    audit(deps, request, 'new_device_sign_in', { userId: user.id, alerted: true });
  } catch (err) {
    request.log.warn({ err, event: 'sign_in_alert_failed' }, 'the new-device check failed; the sign-in goes ahead');
  }
}

/** Turns the caller's sign-in alerts on or off: a login credential only (a personal access token cannot silence them). */
export async function changeSignInAlerts(deps: AppDeps, request: FastifyRequest, p: UserPrincipal, enabled: boolean): Promise<void> {
  if (p.scheme === 'pat') throw new AppError('insufficient_scope', 'Personal access tokens cannot change sign-in alerts; use a login session');
  if ((await deps.store.signIns.findSignInAlerts(p.user.id)) === enabled) return;
  await deps.store.signIns.setSignInAlerts(p.user.id, enabled, deps.clock.now());
  audit(deps, request, 'sign_in_alerts_changed', { userId: p.user.id, enabled });
}
