import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { expectNoAxeViolations } from '../pages/axe';
import { ChangeAddressPage } from '../pages/ChangeAddressPage';
import { ChangeCardPage } from '../pages/ChangeCardPage';
import { ChangeFlowPage, STEPS } from '../pages/ChangeFlowPage';
import { DashboardPage } from '../pages/DashboardPage';
import { exactly } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { StaffPage } from '../pages/StaffPage';
import { TimelinePage } from '../pages/TimelinePage';
import { DEMO_PASSWORD, MAX, MAX_CARDS, signIn } from './fixtures';

// The accessibility gate: axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page and on each
// form's error state, on every device project (desktop and phones) and in both languages.
// Read-only: forms are sent with mistakes, nothing is ever committed.

/** The first error of a form has the focus, is marked invalid and described by its message. */
async function expectFirstErrorFocused(page: Page): Promise<void> {
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('aria-invalid', 'true');
  await expect(focused).toHaveAttribute('aria-describedby', /error/);
}

test.describe('signed out', () => {
  test('sign-in page, its error, and an unknown page', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await expectNoAxeViolations(page, 'the sign-in page');

    await login.submit.click();
    await expectFirstErrorFocused(page);
    await expectNoAxeViolations(page, 'the sign-in form with empty fields');

    await login.signIn('nobody@example.com', 'not-the-password');
    await expect(login.alert).not.toBeEmpty();
    await expectNoAxeViolations(page, 'the sign-in form after wrong credentials');

    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page, 'the not-found page');
  });
});

test.describe('a customer', () => {
  test('overview and timeline', async ({ page }) => {
    await signIn(page, MAX.email);
    await expectNoAxeViolations(page, 'the overview');
    const timeline = new TimelinePage(page);
    await page.goto('/timeline');
    await expect(timeline.entries.first().or(page.getByText(exactly('No entries yet.', 'Noch keine Einträge.')))).toBeVisible();
    await expectNoAxeViolations(page, 'the timeline');
  });

  test('the overview while its data loads', async ({ page }) => {
    const overview = await signIn(page, MAX.email);
    // The data held back until the analysis is done: the skeleton and its status are checked.
    let release = () => {};
    const held = new Promise<void>((done) => (release = done));
    await page.route(
      (url) => url.pathname === '/api/me',
      async (route) => {
        await held;
        await route.fallback();
      },
    );
    await page.reload();
    await expect(overview.skeleton).toBeVisible();
    await expect(overview.loading).toHaveCount(1);
    await expectNoAxeViolations(page, 'the overview while it loads');
    release();
    await overview.expectLoaded();
  });

  test('card activation: entry error, review, confirm error', async ({ page }) => {
    const overview = await signIn(page, MAX.email);
    await overview.activateCard(MAX_CARDS.replacement.last4).click();
    const flow = new ChangeCardPage(page);
    await flow.expectOnPage();
    await expectNoAxeViolations(page, 'the card entry step');

    await flow.enter('4242 4242 4242 4241', MAX_CARDS.replacement.expiry);
    await expect(flow.number).toHaveAttribute('aria-invalid', 'true');
    await expectFirstErrorFocused(page);
    await expectNoAxeViolations(page, 'the card entry step with a typo');

    await flow.enter(MAX_CARDS.replacement.number, MAX_CARDS.replacement.expiry);
    await flow.expectStep(STEPS.review);
    await expectNoAxeViolations(page, 'the card review step');

    // Every commit asks first: the review leads to a confirmation with the password.
    await flow.continueButton.click();
    await flow.expectStep(STEPS.confirm);
    await expect(flow.confirm).toBeVisible();
    await expectNoAxeViolations(page, 'the confirmation step');
    await flow.confirmButton.click();
    await expectFirstErrorFocused(page);
    await expectNoAxeViolations(page, 'the confirmation step without a password');
  });

  test('address change: entry error', async ({ page }) => {
    const overview = await signIn(page, MAX.email);
    await overview.changeAddress.click();
    const flow = new ChangeAddressPage(page);
    await flow.expectOnPage();
    await expectNoAxeViolations(page, 'the address entry step');
    await flow.continueButton.click();
    await expectFirstErrorFocused(page);
    await expect(flow.street).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, 'the address entry step with empty fields');
  });

  test('holder change: entry error', async ({ page }) => {
    await signIn(page, MAX.email);
    await page.goto('/change/holder');
    const flow = new ChangeFlowPage(page);
    await expect(flow.continueButton).toBeVisible();
    await expectNoAxeViolations(page, 'the holder-change reason step');
    await flow.continueButton.click();
    await expect(flow.alert).not.toBeEmpty();
    await expectNoAxeViolations(page, 'the holder-change reason step without a reason');
  });
});

test.describe('staff', () => {
  test('search, its error, a customer and the note form error', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn('agent@example.com', DEMO_PASSWORD);
    const staff = new StaffPage(page);
    await staff.expectSearch();
    await expectNoAxeViolations(page, 'the staff search');

    await staff.find('M');
    await expectFirstErrorFocused(page);
    await expectNoAxeViolations(page, 'the staff search with a too short query');

    await staff.find(MAX.customerNumber);
    await expect(staff.hits).toHaveCount(1);
    await expectNoAxeViolations(page, 'the search results');
    await staff.hits.getByRole('link', { name: MAX.name }).click();
    await expect(staff.heading).toHaveText(MAX.name);
    await expect(staff.timeline.first()).toBeVisible();
    await expectNoAxeViolations(page, 'a customer in the staff console');

    await page.getByRole('button', { name: exactly('Save note', 'Notiz speichern') }).click();
    await expect(staff.noteText).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, 'the note form without a note');

    await page.goto('/staff/cases');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByTestId('case-queue').or(page.getByText(exactly('No cases.', 'Keine Vorgänge.')))).toBeVisible();
    await expectNoAxeViolations(page, 'the case queue');
  });

  test('the dashboard and its range error', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn('agent@example.com', DEMO_PASSWORD);
    await new StaffPage(page).expectSearch();
    const dashboard = new DashboardPage(page);
    await dashboard.goto();
    await expectNoAxeViolations(page, 'the dashboard');
    await dashboard.tableView.click();
    await expect(dashboard.dailyTable).toBeVisible();
    await expectNoAxeViolations(page, 'the dashboard as tables');

    await dashboard.from.fill('2026-11-10');
    await dashboard.to.fill('2026-11-01');
    await dashboard.show.click();
    await expectFirstErrorFocused(page);
    await expectNoAxeViolations(page, 'the dashboard with a reversed period');
  });
});

test.describe('colour schemes', () => {
  /** The page's background as [r, g, b]. */
  async function background(page: Page): Promise<number[]> {
    const rgb = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    return (rgb.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  }

  test('a dark device gets the dark theme, a light one the light theme', async ({ page }) => {
    const login = new LoginPage(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await login.goto();
    expect(Math.max(...(await background(page)))).toBeLessThan(60);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(Math.min(...(await background(page)))).toBeGreaterThan(200);
  });
});
