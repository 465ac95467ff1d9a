import { expect, type TestInfo } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The letters and emails the outbox wrote as files for this device's server
 * (CARRYOVER_MAILBOX in playwright.config.ts: `<tmp>/<device>-mailbox`). Only when the suite
 * starts its own servers; against CARRYOVER_E2E_URL there is no mailbox to read.
 */
export class Mailbox {
  readonly dir: string | undefined;

  constructor(testInfo: TestInfo) {
    const tmp = process.env.CARRYOVER_E2E_URL ? undefined : process.env.CARRYOVER_E2E_TMP;
    this.dir = tmp && path.join(tmp, `${testInfo.project.name}-mailbox`);
  }

  get available(): boolean {
    return this.dir !== undefined;
  }

  /** The texts of every message so far. */
  messages(): string[] {
    if (!this.dir) return [];
    try {
      return readdirSync(this.dir).map((f) => readFileSync(path.join(this.dir!, f), 'utf8'));
    } catch {
      return [];
    }
  }

  /** Waits for the email to `to` that carries an invitation link; returns the link's path. */
  async invitationPath(to: string): Promise<string> {
    let found = '';
    // The outbox worker sends every few seconds (CARRYOVER_WORKER_INTERVAL_MS, 5 s by default).
    await expect
      .poll(
        () => {
          const mail = this.messages().find((m) => m.startsWith(`To: ${to}\n`) && m.includes('/invitation/'));
          found = mail?.match(/\/invitation\/[0-9a-f]{64}/)?.[0] ?? '';
          return found;
        },
        { timeout: 20_000, message: `an invitation email to ${to}` },
      )
      .not.toBe('');
    return found;
  }
}
