// A clock tests move by hand, so expiry rules are tested without sleeping.
import type { Clock } from '../../src/lib/clock.ts';

export class FakeClock implements Clock {
  constructor(private ms = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}
