import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { exactly, say } from '../pages/lang';
import { LayoutShifts } from '../pages/LayoutShifts';
import { SiteHeader } from '../pages/SiteHeader';
import { TimelinePage } from '../pages/TimelinePage';
import { MAX, signIn } from './fixtures';

/** The most the overview may move while it loads (Lighthouse measured 0.871 before). */
const MAX_LAYOUT_SHIFT = 0.05;

/** Holds every answer to `GET /api/me` back for `ms`: a slow network, the data arriving late. */
async function delayOverviewData(page: Page, ms: number): Promise<void> {
  await page.route(
    (url) => url.pathname === '/api/me',
    async (route) => {
      await new Promise((done) => setTimeout(done, ms));
      await route.fallback();
    },
  );
}

test.describe("Max's overview", () => {
  test('groups every dependent under what it depends on', async ({ page }) => {
    const overview = await signIn(page, MAX.email);

    await expect(overview.customerNumber).toHaveText(MAX.customerNumberShown);
    await expect(overview.customerName).toHaveText(MAX.name);
    await expect(page.getByTestId('customer-address')).toContainText('Musterstraße 1');
    await expect(page.getByTestId('customer-address')).toContainText('10115 Berlin');

    // The account, with its standing orders and mandates.
    const account = overview.firstAccount();
    await expect(account.getByRole('heading', { level: 3 })).toHaveText('Girokonto');
    await expect(account.getByTestId('iban')).toHaveText(MAX.iban);
    await expect(account).toContainText(MAX.name);
    await expect(overview.entries(account, 'standing-orders')).toHaveCount(3);
    await expect(overview.entries(account, 'standing-orders').first()).toBeVisible();
    await expect(account.getByTestId('standing-orders')).toContainText('Hausverwaltung Schulz');
    await expect(account.getByTestId('standing-orders')).toContainText('Sparplan');
    await expect(account.getByTestId('standing-orders')).toContainText('Sportverein Blau-Weiß');
    await expect(overview.entries(account, 'mandates')).toHaveCount(2);
    await expect(account.getByTestId('mandates')).toContainText('Stadtwerke Berlin');
    await expect(account.getByTestId('mandates')).toContainText('Telekom Deutschland');

    // The active card carries everything that hangs on a card.
    const active = overview.card('5556');
    await expect(active.getByTestId('card-number')).toHaveText('•••• 5556');
    await expect(active.getByTestId('card-status')).toHaveText(say('Active', 'Aktiv'));
    await expect(active.getByTestId('card-expiry')).toHaveText('08/27');
    await expect(overview.entries(active, 'recurring-payments')).toHaveCount(3);
    for (const merchant of ['Netflix', 'Spotify', 'Amazon Prime']) {
      await expect(active.getByTestId('recurring-payments')).toContainText(merchant);
    }
    await expect(overview.entries(active, 'alerts')).toHaveCount(2);
    await expect(overview.entries(active, 'limits')).toHaveCount(1);
    await expect(overview.entries(active, 'wallet-tokens')).toHaveCount(1);
    await expect(active.getByTestId('wallet-tokens')).toContainText('Apple Pay');

    // The replacement card is issued and has nothing on it yet.
    const replacement = overview.card('4242');
    await expect(replacement.getByTestId('card-number')).toHaveText('•••• 4242');
    await expect(replacement.getByTestId('card-status')).toHaveText(say('Issued', 'Ausgestellt'));
    await expect(replacement.getByTestId('card-expiry')).toHaveText('12/29');
    await expect(replacement.getByTestId('recurring-payments')).toHaveCount(0);

    await expect(page.getByTestId('contracts')).toContainText('Telefon & Internet');
    await expect(page.getByTestId('preferences')).toContainText(
      say('Paperless statements', 'Papierlose Kontoauszüge'),
    );
  });

  test('has one h1, landmarks and a working skip link', async ({ page }) => {
    await signIn(page, MAX.email);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    await expect(page.getByRole('banner')).toBeVisible();
    await expect(page.getByRole('main')).toBeVisible();
    await expect(page.getByRole('navigation')).toBeVisible();
    const skip = page.getByRole('link', { name: exactly('Skip to main content', 'Zum Inhalt springen') });
    await skip.focus();
    await expect(skip).toBeVisible();
    await skip.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });

  test('fits a 360 px wide screen without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, MAX.email);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('holds its place while the data loads: nothing moves when it arrives', async ({ page }) => {
    const overview = await signIn(page, MAX.email);
    const shifts = new LayoutShifts(page);
    await shifts.record();
    await delayOverviewData(page, 1_000);
    // A fresh load of the page (as a bookmark or a reload opens it), the data a second late.
    await page.reload();
    await expect(overview.skeleton).toBeVisible();
    await expect(overview.loading).toHaveCount(1);
    await overview.expectLoaded();
    await expect(overview.skeleton).toHaveCount(0);
    await expect(overview.loading).toHaveCount(0);
    const { sum, report } = await shifts.total();
    expect(sum, `layout shifts while the overview loaded:\n${report}`).toBeLessThanOrEqual(MAX_LAYOUT_SHIFT);
  });

  test('holds its place when opened from another page, the data late', async ({ page }) => {
    const overview = await signIn(page, MAX.email);
    const shifts = new LayoutShifts(page);
    await shifts.record();
    await page.goto('/timeline');
    await expect(new TimelinePage(page).heading).toBeVisible();
    await delayOverviewData(page, 1_000);
    await shifts.reset();
    // The shifts of the first 0.5 s after the click do not count (CLS leaves them out); the
    // data comes after that.
    await new SiteHeader(page).overview.click();
    await expect(overview.skeleton).toBeVisible();
    await overview.expectLoaded();
    const { sum, report } = await shifts.total();
    expect(sum, `layout shifts while the overview loaded:\n${report}`).toBeLessThanOrEqual(MAX_LAYOUT_SHIFT);
  });
});
