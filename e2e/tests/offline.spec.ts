import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { AppShell, SHELL_TEXT } from '../pages/AppShell';
import { LoginPage } from '../pages/LoginPage';
import { say } from '../pages/lang';
import { OverviewPage } from '../pages/OverviewPage';
import { MAX, signIn } from './fixtures';

// Installable and usable on a poor connection (issue 13 §4): the web app manifest, the service
// worker (frontend/public/sw.js) and index.html's own notice with a retry.

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex'), 'PNG signature').toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('the manifest is linked, names an installable app, and every icon loads', async ({ page }) => {
  await new LoginPage(page).goto();
  const shell = new AppShell(page);
  const href = await shell.manifestHref();
  expect(href).toBe('/manifest.webmanifest');

  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/manifest+json');
  const manifest = await res.json();
  expect(manifest).toMatchObject({
    name: 'carryover',
    short_name: 'carryover',
    start_url: '/',
    display: 'standalone',
  });
  expect(manifest.theme_color).toBe(await shell.themeColor());
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

  const icons = manifest.icons as { src: string; sizes: string; type: string; purpose?: string }[];
  const kinds = icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`).sort();
  expect(kinds).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  for (const icon of icons) {
    const file = await page.request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()['content-type'], icon.src).toBe('image/png');
    const { width, height } = pngSize(await file.body());
    expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
  }
});

for (const [what, file] of [
  // Trunk's hash has no leading zeros: 16 hex digits, fewer in one build of 16.
  // Each app's own (this page's is the sign-in page's: `/sign-in/carryover-sign-in-<hash>.js`).
  ['its script', /\/carryover-[a-z-]+-[0-9a-f]{1,16}\.js$/],
  ['its WebAssembly', /_bg\.wasm$/],
] as const) {
  test(`when the app cannot load ${what} the page says so, and Try again loads it`, async ({ page }) => {
    const matches = (url: URL) => file.test(url.pathname);
    await page.route(matches, (route) => route.abort('connectionrefused'));
    await page.goto('/login');
    const shell = new AppShell(page);
    await expect(shell.problem).toContainText(SHELL_TEXT.failed);
    await expect(shell.problem).toContainText(SHELL_TEXT.failedText);

    await page.unroute(matches);
    await shell.retry.click();
    const login = new LoginPage(page);
    await expect(login.login).toBeVisible();
    await expect(shell.problem).toBeHidden();
  });
}

/** Holds every app's WebAssembly back, as a slow phone network would; the call lets it through. */
async function holdBackWasm(page: Page): Promise<() => void> {
  let release = () => {};
  const arrived = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url: URL) => url.pathname.endsWith('_bg.wasm'),
    async (route) => {
      await arrived;
      await route.continue();
    },
  );
  return release;
}

test('until the app has arrived the sign-in page is drawn, and the app then takes its place', async ({ page }) => {
  const release = await holdBackWasm(page);
  await page.goto('/login');
  const shell = new AppShell(page);
  await expect(shell.frame).toBeVisible();
  await expect(shell.frame).toContainText(say('Sign in', 'Anmelden'));
  await expect(shell.frame).toContainText(
    say(
      'Sign in with your email address or your customer number.',
      'Melden Sie sich mit Ihrer E-Mail-Adresse oder Ihrer Kundennummer an.',
    ),
  );
  // Drawn, not live: nothing in it is announced as the page's heading.
  await expect(page.getByRole('heading')).toHaveCount(0);

  release();
  const login = new LoginPage(page);
  await expect(login.login).toBeVisible();
  await expect(shell.frame).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
});

test('whoever is not signed in goes from / to the sign-in page without downloading the home app', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto('/');
  const login = new LoginPage(page);
  await expect(login.login).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/login');
  // The sign-in page's own app, and nothing of the home's.
  expect(fetched.some((p) => p.startsWith('/sign-in/') && p.endsWith('_bg.wasm'))).toBe(true);
  expect(fetched.filter((p) => /^\/carryover-frontend-/.test(p))).toEqual([]);
});

test('until the app has arrived a signed-in customer sees the overview drawn, and the app then takes its place', async ({ page }) => {
  const overview = await signIn(page, MAX.email);
  await expect(overview.customerNumber).toHaveText(MAX.customerNumberShown);
  const release = await holdBackWasm(page);
  await page.goto('/');
  const shell = new AppShell(page);
  await expect(shell.frame).toBeVisible();
  await expect(shell.frame).toContainText(say('Your overview', 'Ihre Übersicht'));
  await expect(shell.frame).toContainText(
    say(
      'One number for everything. It stays the same when your card, account or address changes.',
      'Eine Nummer für alles. Sie bleibt gleich, auch wenn sich Karte, Konto oder Adresse ändern.',
    ),
  );
  // The sign-in page is not drawn for someone signed in, and nothing drawn is announced.
  await expect(shell.frame).not.toContainText(say('Sign in with', 'Melden Sie sich'));
  await expect(page.getByRole('heading')).toHaveCount(0);

  release();
  await expect(overview.customerNumber).toHaveText(MAX.customerNumberShown);
  await expect(shell.frame).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
});

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('it controls the page after a reload, serves the app files, keeps no API answer, and offline the app still opens with a notice', async ({
    page,
    context,
  }) => {
    const overview = await signIn(page, MAX.email);
    const shell = new AppShell(page);
    expect(await shell.serviceWorkerReady()).toMatch(/\/sw\.js$/);

    // The second visit: the page is controlled and the wasm comes from the service worker.
    const wasm = page.waitForResponse((r) => r.url().endsWith('_bg.wasm'));
    await page.reload();
    await overview.expectLoaded();
    expect(await shell.controller()).toMatch(/\/sw\.js$/);
    expect((await wasm).fromServiceWorker()).toBe(true);
    const cached = (await shell.cachedUrls()).map((u) => new URL(u).pathname);
    expect(cached).toContain('/');
    expect(cached.some((p) => p.endsWith('_bg.wasm'))).toBe(true);
    expect(cached.filter((p) => p.startsWith('/api'))).toEqual([]);
    // The changes' app (its own bundle) was fetched at install: opening a change downloads nothing.
    expect(cached).toContain('/change');
    expect(cached.some((p) => p.startsWith('/changes/') && p.endsWith('_bg.wasm'))).toBe(true);
    // So were the sign-in page's, and the home's (on the first visit, the sign-in page installed it).
    expect(cached).toContain('/login');
    expect(cached.some((p) => p.startsWith('/sign-in/') && p.endsWith('_bg.wasm'))).toBe(true);

    // Offline: the kept shell and files answer, the app runs, and the page says what is wrong.
    await context.setOffline(true);
    await page.reload();
    await expect(shell.problem).toContainText(SHELL_TEXT.offline);
    await expect(shell.retry).toBeVisible();
    await expect(page.getByRole('banner')).toBeVisible();
    // The app ran: it titled the page.
    await expect(page).toHaveTitle(say('Overview – carryover', 'Übersicht – carryover'));

    // Back online: the notice goes by itself, and the overview loads again.
    await context.setOffline(false);
    await expect(shell.problem).toBeHidden();
    await page.reload();
    await new OverviewPage(page).expectLoaded();
    await expect(shell.problem).toBeHidden();

    // A change opens offline too, from the changes' kept shell.
    await context.setOffline(true);
    await page.goto('/change/address');
    await expect(shell.problem).toContainText(SHELL_TEXT.offline);
    await expect(page).toHaveTitle(say('Change your address – carryover', 'Adresse ändern – carryover'));

    // And the sign-in page, from its own.
    await page.goto('/login');
    await expect(shell.problem).toContainText(SHELL_TEXT.offline);
    await expect(page).toHaveTitle(say('Sign in – carryover', 'Anmelden – carryover'));
  });
});
