import { expect, test } from './test';
import { LoginPage } from '../pages/LoginPage';
import { OverviewPage } from '../pages/OverviewPage';
import { LANG, type Lang } from '../pages/lang';
import { DEMO_PASSWORD, MAX, signIn } from './fixtures';

// This file is about both languages at once: it starts in this run's language (the browser's
// locale) and switches to the other one and back, so each run switches in its own direction.
const OTHER: Lang = LANG === 'de' ? 'en' : 'de';

/** What the tests read, per language (frontend/src/i18n.rs). */
const TEXT = {
  en: {
    signIn: 'Sign in',
    login: 'Email or customer number',
    password: 'Password',
    overview: 'Your overview',
    active: 'Active',
    standingOrders: 'Standing orders',
  },
  de: {
    signIn: 'Anmelden',
    login: 'E-Mail oder Kundennummer',
    password: 'Passwort',
    overview: 'Ihre Übersicht',
    active: 'Aktiv',
    standingOrders: 'Daueraufträge',
  },
};

test('the language switch changes the page and is remembered across a reload', async ({ page }) => {
  const login = new LoginPage(page);
  const overview = new OverviewPage(page);
  await login.goto();
  // The app starts in the browser's language.
  await expect(login.heading).toHaveText(TEXT[LANG].signIn);
  await expect(page.locator('html')).toHaveAttribute('lang', LANG);

  await overview.switchLanguage(OTHER, LANG);
  await expect(login.heading).toHaveText(TEXT[OTHER].signIn);
  await expect(page.locator('html')).toHaveAttribute('lang', OTHER);
  await page.reload();
  await expect(login.heading).toHaveText(TEXT[OTHER].signIn);
  await expect(overview.languageSwitch(OTHER)).toHaveValue(OTHER);

  // The login page object speaks this run's language; the page now speaks the other one.
  await page.getByLabel(TEXT[OTHER].login, { exact: true }).fill(MAX.email);
  await page.getByLabel(TEXT[OTHER].password, { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: TEXT[OTHER].signIn, exact: true }).click();
  await overview.expectLoaded();
  await expect(overview.heading).toHaveText(TEXT[OTHER].overview);
  await expect(overview.card('5556').getByTestId('card-status')).toHaveText(TEXT[OTHER].active);

  await overview.switchLanguage(LANG, OTHER);
  await expect(overview.heading).toHaveText(TEXT[LANG].overview);
  await expect(page.locator('html')).toHaveAttribute('lang', LANG);
  await page.reload();
  await expect(overview.heading).toHaveText(TEXT[LANG].overview);
  await expect(overview.card('5556').getByTestId('card-status')).toHaveText(TEXT[LANG].active);
});

test.describe('a German browser', () => {
  test.use({ locale: 'de-DE' });

  test('starts in German', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TEXT.de.signIn);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  });
});

test.describe('an English browser', () => {
  test.use({ locale: 'en-US' });

  test('starts in English', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TEXT.en.signIn);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

test.describe('signed in', () => {
  test('switching to the other language translates the overview', async ({ page }) => {
    const overview = await signIn(page, MAX.email);
    await overview.switchLanguage(OTHER);
    await expect(overview.heading).toHaveText(TEXT[OTHER].overview);
    await expect(page.getByRole('heading', { name: TEXT[OTHER].standingOrders, exact: true })).toBeVisible();
  });
});
