import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

/** The WCAG levels the accessibility gate holds every page and error state to. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The longest one analysis may take. */
const AXE_AT_MOST = 30_000;

/**
 * Runs axe-core on the page as it is now, in the light and in the dark colour scheme, and fails
 * on any violation, naming each rule and the elements that break it, so the report says what to
 * fix.
 *
 * The time axe itself takes is added to the test's timeout: the 30 s are for the app. One
 * analysis (inject axe's 0.5 MB script, run it, a blank page of its own to merge the results)
 * measured 2.4–5 s on desktop in a 2-core run beside a release build (load average 9–12), so
 * the staff a11y test's six of them took 21 s of its 30 s, and it timed out on its sixth,
 * twice, while the app had answered every step within a second.
 */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  // Both colour schemes of the page as it is now (the app has a dark theme for
  // `prefers-color-scheme: dark`), then the scheme the test had.
  const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
  const schemes: ('light' | 'dark')[] = dark ? ['dark', 'light'] : ['light', 'dark'];
  try {
    for (const colorScheme of schemes) {
      await page.emulateMedia({ colorScheme });
      await analyze(page, `${what} (${colorScheme})`);
    }
  } finally {
    await page.emulateMedia({ colorScheme: schemes[0] });
  }
}

async function analyze(page: Page, what: string): Promise<void> {
  const info = test.info();
  const budget = info.timeout;
  const started = Date.now();
  // Room for the analysis while it runs (bounded: a hung axe still fails the test), then
  // exactly the time it took.
  info.setTimeout(budget + AXE_AT_MOST);
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  info.setTimeout(budget + (Date.now() - started));
  const report = results.violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n'),
    )
    .join('\n');
  expect(results.violations, `axe found violations on ${what}:\n${report}`).toEqual([]);
}
