import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../test';
import { AppShell, NETWORK_TEXT } from '../../pages/AppShell';
import { exactly, say } from '../../pages/lang';
import { LoginPage } from '../../pages/LoginPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { SiteHeader } from '../../pages/SiteHeader';
import { StaffPage } from '../../pages/StaffPage';
import { TimelinePage } from '../../pages/TimelinePage';
import { DEMO_PASSWORD, MAX, signIn } from '../fixtures';
import { UNAVAILABLE, intercept, recordCalls, serviceUnavailable, unreachable } from './network';

// Honest when the network fails: every request has a time limit and a message with a retry, a
// GET that got no answer is asked once more by itself, a banner says the service cannot be
// reached and goes by itself, a session that is gone sends the person to sign-in and back, and
// what used to fail silently (signing out, stopping acting, staying signed in) says so.

const TRY_AGAIN = exactly('Try again', 'Erneut versuchen');

test('a dropped answer to a GET is asked again by itself: the overview shows, no error', async ({ page }) => {
  await signIn(page, MAX.email);
  const calls = recordCalls(page, 'GET', '/api/me');
  let dropped = false;
  await intercept(page, 'GET', '/api/me', async (route) => {
    if (dropped) return route.fallback();
    dropped = true;
    await route.abort('connectionreset');
  });
  await page.reload();
  const overview = new OverviewPage(page);
  await overview.expectLoaded();
  expect(calls).toHaveLength(2);
  await expect(page.getByRole('alert').filter({ hasText: UNAVAILABLE })).toHaveCount(0);
});

test('no answer at all: the banner says so, and goes by itself once the service answers', async ({ page }) => {
  await signIn(page, MAX.email);
  const shell = new AppShell(page);
  await expect(shell.networkBanner).toHaveText('');
  const back = await unreachable(page, 'GET', '/api/me');
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: UNAVAILABLE })).toBeVisible();
  await expect(shell.networkBanner).toHaveText(NETWORK_TEXT.down);
  await expect(shell.networkBanner).toHaveAttribute('role', 'status');

  // Nothing pressed: the app's probe finds the service again.
  await back();
  await expect(shell.networkBanner).toHaveText('', { timeout: 15_000 });
});

test('the browser going offline and back: the banner comes and goes', async ({ page, context }) => {
  await signIn(page, MAX.email);
  const shell = new AppShell(page);
  await context.setOffline(true);
  await expect(shell.networkBanner).toHaveText(NETWORK_TEXT.offline);
  await context.setOffline(false);
  await expect(shell.networkBanner).toHaveText('');
});

test('a request that hangs ends after 15 seconds with a message and a retry that works', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, MAX.email);
  const calls = recordCalls(page, 'GET', '/api/me');
  let hanging = true;
  // Held, never answered, until the test lets it through.
  const back = await intercept(page, 'GET', '/api/me', async (route) => {
    while (hanging) await new Promise((wait) => setTimeout(wait, 200));
    await route.fallback().catch(() => {});
  });
  const started = Date.now();
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: UNAVAILABLE });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  const waited = Date.now() - started;
  expect(waited).toBeGreaterThanOrEqual(14_000);
  expect(waited).toBeLessThan(28_000);
  // A timeout is not asked again by itself: the person decides.
  expect(calls).toHaveLength(1);

  hanging = false;
  await back();
  await alert.getByRole('button', { name: TRY_AGAIN }).click();
  await new OverviewPage(page).expectLoaded();
});

test('a session that is gone: sign-in first, then back to the page that was asked for', async ({ page }) => {
  await page.goto('/timeline');
  await expect(page).toHaveURL(/\/login\?next=%2Ftimeline$/);
  const login = new LoginPage(page);
  await login.signIn(MAX.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/timeline$/);
  await new TimelinePage(page).expectOnPage();
});

test("staff too: a console page asked for signed out opens after signing in", async ({ page }) => {
  await page.goto('/staff/cases');
  await expect(page).toHaveURL(/\/login\?next=%2Fstaff%2Fcases$/);
  await new LoginPage(page).signIn('agent@example.com', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/staff\/cases$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(say('Cases', 'Vorgänge'));
});

test('sign-in does not follow a next that leaves the site', async ({ page }) => {
  await page.goto('/login?next=%2F%2Fevil.example%2F');
  const ours = new URL(page.url()).origin;
  await new LoginPage(page).signIn(MAX.email, DEMO_PASSWORD);
  await new OverviewPage(page).expectLoaded();
  expect(new URL(page.url()).origin).toBe(ours);
  expect(new URL(page.url()).pathname).toBe('/');
});

test('signing out that fails says so and keeps the person signed in; the next try works', async ({ page }) => {
  await signIn(page, MAX.email);
  const header = new SiteHeader(page);
  const back = await serviceUnavailable(page, 'POST', '/api/auth/logout');
  await header.signOut.click();
  await expect(page.getByRole('alert')).toHaveText(
    say(
      'Signing out did not work: you are still signed in. Please try again.',
      'Abmelden hat nicht geklappt: Sie sind noch angemeldet. Bitte versuchen Sie es erneut.',
    ),
  );
  await new OverviewPage(page).expectLoaded();
  await back();
  await header.signOut.click();
  await new LoginPage(page).expectOnPage();
});

test('stopping acting that fails says so and the banner stays; the next try works', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('agent@example.com', DEMO_PASSWORD);
  const staff = new StaffPage(page);
  await staff.expectSearch();
  await staff.find(MAX.customerNumber);
  await staff.hits.getByRole('link', { name: MAX.name }).click();
  await staff.actAs('Customer called, cannot sign in');
  await new OverviewPage(page).expectLoaded();
  await expect(staff.banner).toBeVisible();

  const back = await serviceUnavailable(page, 'DELETE', '/api/staff/impersonation');
  await staff.stop.click();
  await expect(staff.banner.getByRole('alert')).toHaveText(
    say(
      'Stopping did not work: you are still acting for this customer. Please try again.',
      'Beenden hat nicht geklappt: Sie handeln weiter für diese Person. Bitte versuchen Sie es erneut.',
    ),
  );
  await expect(staff.banner).toBeVisible();
  await back();
  await staff.stop.click();
  await expect(page).toHaveURL(/\/staff\/customers\/[^/]+$/);
  await expect(staff.banner).toHaveCount(0);
});

/** The idle warning and its one button. */
function idleWarning(page: Page): { dialog: Locator; stay: Locator } {
  const dialog = page.getByRole('alertdialog', { name: exactly('Are you still there?', 'Sind Sie noch da?') });
  return { dialog, stay: dialog.getByRole('button', { name: exactly('Stay signed in', 'Angemeldet bleiben') }) };
}

test('staying signed in that fails says so in the dialog, which stays; the next try works', async ({ page }) => {
  await page.clock.install();
  const answered = Promise.all(
    ['/api/auth/session', '/api/me', '/api/changes'].map((path) =>
      page.waitForResponse((r) => r.ok() && new URL(r.url()).pathname === path && r.request().method() === 'GET'),
    ),
  );
  await signIn(page, MAX.email);
  await answered;
  await page.evaluate(() => new Promise((handled) => setTimeout(handled, 100)));
  const { dialog, stay } = idleWarning(page);
  await page.clock.fastForward('29:30');
  await page.clock.setFixedTime(await page.evaluate(() => Date.now()));
  await expect(dialog).toBeVisible();

  const back = await unreachable(page, 'GET', '/api/auth/session');
  await stay.click();
  await expect(dialog.getByRole('alert')).toHaveText(
    say(
      'Staying signed in did not work. Check your connection and try again.',
      'Angemeldet bleiben hat nicht geklappt. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    ),
  );
  await expect(dialog).toBeVisible();
  await expect(stay).toBeFocused();
  await back();
  await stay.click();
  await expect(dialog).toHaveCount(0);
});
