import { defineConfig, devices } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Against a server that already runs: CARRYOVER_E2E_URL=http://127.0.0.1:8080 npx playwright test
// Otherwise the backend binary is started on a fresh SQLite database with the demo data.
const externalUrl = process.env.CARRYOVER_E2E_URL;
const port = process.env.CARRYOVER_E2E_PORT ?? '18080';
const baseURL = externalUrl ?? `http://127.0.0.1:${port}`;

// The config is loaded again in every worker; the temp folder is made once, by the main process,
// and handed to the workers through the environment.
if (!externalUrl && !process.env.CARRYOVER_E2E_TMP) {
  process.env.CARRYOVER_E2E_TMP = mkdtempSync(path.join(tmpdir(), 'carryover-e2e-'));
}
const tmp = process.env.CARRYOVER_E2E_TMP ?? tmpdir();
const bin = path.resolve(__dirname, process.env.CARRYOVER_BIN ?? '../target/debug/carryover');

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
  ],
  outputDir: 'test-results',
  use: {
    baseURL,
    locale: 'en-US',
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
  // Only Chromium exists on these machines: the phones are emulated in Chromium.
  projects: [
    { name: 'desktop-chromium', use: { ...devices['Desktop Chrome'], browserName: 'chromium' } },
    { name: 'pixel-7', use: { ...devices['Pixel 7'], browserName: 'chromium' } },
    {
      name: 'iphone-14',
      use: { ...devices['iPhone 14'], browserName: 'chromium', defaultBrowserType: 'chromium' },
    },
  ],
  webServer: externalUrl
    ? undefined
    : {
        command: `"${bin}" serve`,
        url: `${baseURL}/healthz`,
        reuseExistingServer: false,
        timeout: 60_000,
        stdout: 'pipe',
        stderr: 'pipe',
        env: {
          CARRYOVER_DATABASE_URL: `sqlite://${path.join(tmp, 'carryover.db')}?mode=rwc`,
          CARRYOVER_BIND: `127.0.0.1:${port}`,
          CARRYOVER_DIST: path.resolve(__dirname, process.env.CARRYOVER_DIST ?? '../dist'),
          CARRYOVER_DEMO: '1',
          CARRYOVER_ENV: 'dev',
          CARRYOVER_SECRET: randomBytes(32).toString('hex'),
          CARRYOVER_LOG: process.env.CARRYOVER_LOG ?? 'warn',
        },
      },
});
