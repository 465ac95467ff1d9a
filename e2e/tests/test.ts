import { type BrowserContext, expect, test as base } from '@playwright/test';

export { expect };

/**
 * Records every Content-Security-Policy violation a context's pages report (Chromium logs each
 * one as a console error). The server sends the policy on every answer: a script, style or
 * connection it blocks would break the app for real users, so it fails the test.
 */
export function watchCsp(context: BrowserContext): string[] {
  const violations: string[] = [];
  context.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) {
      violations.push(msg.text());
    }
  });
  return violations;
}

/** Playwright's `test`, with every test's own context watched for CSP violations. */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations = watchCsp(context);
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});
