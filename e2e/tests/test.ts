import { type BrowserContext, expect, test as base } from '@playwright/test';

export { expect };

/**
 * Records every Content-Security-Policy violation a context's pages report (Chromium logs each
 * one as a console error). The server sends the policy on every answer: a script, style or
 * connection it blocks would break the app for real users, so it fails the test. So does a file
 * whose subresource integrity does not match the page's (the build rewrites the JS glue after
 * Trunk has hashed it: xtask/src/minify.rs), which the browser blocks the same way.
 */
export function watchCsp(context: BrowserContext): string[] {
  const violations: string[] = [];
  context.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|'integrity' attribute/i.test(msg.text())) {
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
