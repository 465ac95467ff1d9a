import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/LoginPage';
import { OverviewPage } from '../pages/OverviewPage';
import { MAX, signIn } from './fixtures';

test('the language switch changes the page and is remembered across a reload', async ({ page }) => {
  const login = new LoginPage(page);
  const overview = new OverviewPage(page);
  await login.goto();
  // The browser says en-US, so the app starts in English.
  await expect(login.heading).toHaveText('Sign in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await overview.switchLanguage('Deutsch');
  await expect(login.heading).toHaveText('Anmelden');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.reload();
  await expect(login.heading).toHaveText('Anmelden');
  await expect(overview.language).toHaveValue('de');

  await login.signIn(MAX.email, 'carryover-demo');
  await overview.expectLoaded();
  await expect(overview.heading).toHaveText('Ihre Übersicht');
  await expect(overview.card('5556').getByTestId('card-status')).toHaveText('Aktiv');

  await overview.switchLanguage('English');
  await expect(overview.heading).toHaveText('Your overview');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(overview.heading).toHaveText('Your overview');
  await expect(overview.card('5556').getByTestId('card-status')).toHaveText('Active');
});

test.describe('a German browser', () => {
  test.use({ locale: 'de-DE' });

  test('starts in German', async ({ page }) => {
    await new LoginPage(page).goto();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anmelden');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  });
});

test.describe('signed in', () => {
  test('switching to German translates the overview', async ({ page }) => {
    const overview = await signIn(page, MAX.email);
    await overview.switchLanguage('Deutsch');
    await expect(overview.heading).toHaveText('Ihre Übersicht');
    await expect(page.getByRole('heading', { name: 'Daueraufträge' })).toBeVisible();
  });
});
