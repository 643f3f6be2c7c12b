// Store interfaces behind the messages of issue #20 beyond resets and invitations: expiry reminders claimed once per
// client and expiry, a visitor's email confirmation codes and confirmed sessions, and the sign-in history behind the
// "new sign-in" alert with its opt-in.
import type { CollectionRecord } from './gallery-types.ts';

/** Where a page of expiring collections ended: the last one's expiry and id. */
export interface ExpiryCursor {
  expiresAt: number;
  id: string;
}

export interface ExpiryReminderStore {
  /**
   * Collections of every studio whose expiry is after `after` and at or before `until` (still open, closing soon),
   * soonest first by (expires_at, id), strictly after `cursor` when given.
   */
  listCollectionsExpiring(after: number, until: number, cursor: ExpiryCursor | null, limit: number): Promise<CollectionRecord[]>;
  /** The email keys already reminded of this expiry of the collection. */
  listRemindedEmailKeys(collectionId: string, expiresAt: number): Promise<string[]>;
  /**
   * Claims the reminder of one client for one expiry: true for the one caller whose insert landed, false for every
   * other (another instance, a second run). Call it in the transaction that queues the message, so both land or neither.
   */
  claimExpiryReminder(input: { collectionId: string; emailKey: string; expiresAt: number; now: number }): Promise<boolean>;
  /** Housekeeping: removes claims for expiries before `cutoff`; returns how many. */
  deleteExpiryRemindersBefore(cutoff: number): Promise<number>;
}

export interface EmailCodeRecord {
  id: string;
  sessionId: string;
  collectionId: string;
  emailKey: string;
  /** argon2id PHC string of the code. */
  codeHash: string;
  /** Wrong (or right) entries so far. */
  attempts: number;
  createdAt: number;
  expiresAt: number;
}

export interface VisitorEmailStore {
  createEmailCode(code: EmailCodeRecord): Promise<void>;
  /** The session's newest code, whatever its state (the caller judges expiry and attempts); null when none. */
  findLatestEmailCode(sessionId: string): Promise<EmailCodeRecord | null>;
  /** Codes sent to this visitor of the collection since `since`, in every session, and when the first and newest were sent. */
  emailCodesSentSince(collectionId: string, emailKey: string, since: number): Promise<{ count: number; firstAt: number | null; latestAt: number | null }>;
  /** Counts one attempt on the code if fewer than `max` were made (compare-and-set); false when it is used up or gone. */
  spendEmailCodeAttempt(id: string, max: number): Promise<boolean>;
  /** Remembers that the session confirmed its email (idempotent) and deletes the session's codes. */
  confirmVisitorEmail(sessionId: string, collectionId: string, now: number): Promise<void>;
  isVisitorEmailConfirmed(sessionId: string): Promise<boolean>;
  /** Housekeeping: removes codes created before `cutoff`; returns how many. */
  deleteEmailCodesBefore(cutoff: number): Promise<number>;
}

export type SignInDeviceOutcome = 'known' | 'new';

export interface SignInStore {
  /** Whether the user asked to be mailed about sign-ins from new devices (false until they do). */
  findSignInAlerts(userId: string): Promise<boolean>;
  setSignInAlerts(userId: string, enabled: boolean, now: number): Promise<void>;
  /** True once any password sign-in of the user was recorded, however long ago (forgetting devices keeps this). */
  hasSignInHistory(userId: string): Promise<boolean>;
  /**
   * Records a sign-in from the device: `known` when it was last seen at or after `knownSince`, `new` when it never was
   * or not for that long. Decided by one conditional write, so of two sign-ins at once from one new device only one
   * is `new`.
   */
  recordSignInDevice(userId: string, deviceKey: string, now: number, knownSince: number): Promise<SignInDeviceOutcome>;
  /** Housekeeping: forgets devices last seen before `cutoff`; returns how many. */
  deleteSignInDevicesSeenBefore(cutoff: number): Promise<number>;
}
