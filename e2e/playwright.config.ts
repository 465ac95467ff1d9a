import { defineConfig, devices } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCALE } from './pages/lang';

// Against a server that already runs (with CARRYOVER_TEST_DATA=1 and the demo data):
// CARRYOVER_E2E_URL=http://127.0.0.1:8080 npx playwright test; every device shares it.
// Otherwise every device gets its own backend on its own fresh SQLite database with the demo
// data, on CARRYOVER_E2E_PORT (default 18080), +1 and +2.
const externalUrl = process.env.CARRYOVER_E2E_URL;
const basePort = Number(process.env.CARRYOVER_E2E_PORT ?? '18080');

// The config is loaded again in every worker; the temp folder is made once, by the main process,
// and handed to the workers through the environment.
if (!externalUrl && !process.env.CARRYOVER_E2E_TMP) {
  process.env.CARRYOVER_E2E_TMP = mkdtempSync(path.join(tmpdir(), 'carryover-e2e-'));
}
const tmp = process.env.CARRYOVER_E2E_TMP ?? tmpdir();
const bin = path.resolve(__dirname, process.env.CARRYOVER_BIN ?? '../target/debug/carryover');
const dist = path.resolve(__dirname, process.env.CARRYOVER_DIST ?? '../dist');

// Only Chromium exists on these machines: the phones are emulated in Chromium.
const targets = [
  { name: 'desktop-chromium', use: { ...devices['Desktop Chrome'], browserName: 'chromium' as const } },
  { name: 'pixel-7', use: { ...devices['Pixel 7'], browserName: 'chromium' as const } },
  {
    name: 'iphone-14',
    use: { ...devices['iPhone 14'], browserName: 'chromium' as const, defaultBrowserType: 'chromium' as const },
  },
].map((target, n) => ({
  n,
  ...target,
  port: basePort + n,
  baseURL: externalUrl ?? `http://127.0.0.1:${basePort + n}`,
}));

// CARRYOVER_E2E_PG_PREFIX=postgres://…/name_ runs the servers on PostgreSQL, device n on the
// existing, empty database name_<n> (`cargo xtask test` makes them for its PostgreSQL pass);
// otherwise each server has its own SQLite file in the temp folder.
const pgPrefix = process.env.CARRYOVER_E2E_PG_PREFIX;
function database(device: string, n: number): string {
  return pgPrefix ? `${pgPrefix}${n}` : `sqlite://${path.join(tmp, `${device}.db`)}?mode=rwc`;
}

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
    // `cargo xtask test` reads the totals from this file.
    ...(process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['json'] as ['json']] : []),
    // JUnit XML for CI dashboards and test-management tools (xtask: playwright-report/<lang>/junit.xml).
    // After the HTML reporter, which empties its folder when it writes.
    ...(process.env.PLAYWRIGHT_JUNIT_OUTPUT_NAME ? [['junit'] as ['junit']] : []),
  ],
  outputDir: 'test-results',
  use: {
    // CARRYOVER_E2E_LANG=de runs the whole suite with a German browser (de-DE), else en-US: the
    // app starts in the browser's language, and pages/ and tests/ expect that language's texts.
    locale: LOCALE,
    // The app's service worker (frontend/public/sw.js) stays out of the specs: page.route does not
    // see what a service worker answers, and the fault specs cut and hold requests with it. The
    // service worker's own spec (tests/offline.spec.ts) allows it.
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // One project per device, every spec in parallel: a spec that changes data makes its own
  // customers through the test-data API (tests/testData.ts); the read-only ones use the demo data.
  projects: targets.map((t) => ({ name: t.name, use: { ...t.use, baseURL: t.baseURL } })),
  webServer: externalUrl
    ? undefined
    : targets.map((t) => ({
        // Generated customers with 90 days of past give the staff dashboard a period to show.
        command: `"${bin}" seed --demo --customers 150 --history-days 90 && "${bin}" serve`,
        url: `${t.baseURL}/healthz`,
        reuseExistingServer: false,
        timeout: 60_000,
        stdout: 'pipe' as const,
        stderr: 'pipe' as const,
        env: {
          CARRYOVER_DATABASE_URL: database(t.name, t.n),
          CARRYOVER_BIND: `127.0.0.1:${t.port}`,
          CARRYOVER_DIST: dist,
          // Letters and emails of the outbox land here, not in e2e/data/.
          CARRYOVER_MAILBOX: path.join(tmp, `${t.name}-mailbox`),
          // Uploaded documents (the holder-change spec) too.
          CARRYOVER_DOCUMENTS: path.join(tmp, `${t.name}-documents`),
          CARRYOVER_DEMO: '1',
          // The test-data API: specs that change data make their own customers.
          CARRYOVER_TEST_DATA: '1',
          CARRYOVER_ENV: 'dev',
          CARRYOVER_SECRET: randomBytes(32).toString('hex'),
          CARRYOVER_LOG: process.env.CARRYOVER_LOG ?? 'warn',
        },
      })),
});
