import { expect, test } from './test';
import { ChangeAddressPage } from '../pages/ChangeAddressPage';
import { LANG, type Lang, say } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { OverviewPage } from '../pages/OverviewPage';
import { SiteHeader } from '../pages/SiteHeader';
import { StaffPage } from '../pages/StaffPage';
import { DEMO_PASSWORD, MAX, signIn } from './fixtures';

// Moving between pages without seeing the whole screen: every route has its own title (what a
// screen reader announces, what a tab and the history show), and after a route change the focus
// is on the new page's h1, not on a link of the page that is gone.

/** The document title of a page: its name, then the app's. */
function title(en: string, de: string): string {
  return `${say(en, de)} – carryover`;
}

test.describe('moving between pages', () => {
  test("a customer's pages: each its own title, the focus on its heading", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await expect(page).toHaveTitle(title('Sign in', 'Anmelden'));
    // The first page of a visit starts as any page load does: nothing focused yet.
    await expect(login.heading).not.toBeFocused();

    await login.signIn(MAX.email, DEMO_PASSWORD);
    const overview = new OverviewPage(page);
    await overview.expectLoaded();
    await expect(page).toHaveTitle(title('Overview', 'Übersicht'));
    await expect(overview.heading).toBeFocused();
    await expect(overview.heading).toHaveAttribute('tabindex', '-1');

    const header = new SiteHeader(page);
    await header.timeline.click();
    await expect(page).toHaveTitle(title('Timeline', 'Verlauf'));
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toHaveText(say('Your timeline', 'Ihr Verlauf'));
    await expect(heading).toBeFocused();

    await header.overview.click();
    await overview.expectLoaded();
    await expect(overview.heading).toBeFocused();
    await overview.changeAddress.click();
    const flow = new ChangeAddressPage(page);
    await flow.expectOnPage();
    await expect(page).toHaveTitle(title('Change your address', 'Adresse ändern'));
    await expect(heading).toHaveText(say('Change your address', 'Adresse ändern'));
    await expect(heading).toBeFocused();
    // Tab goes on inside the new page: its first field.
    await page.keyboard.press('Tab');
    await expect(flow.street).toBeFocused();

    // Back through the history is a route change too.
    await page.goBack();
    await overview.expectLoaded();
    await expect(page).toHaveTitle(title('Overview', 'Übersicht'));
    await expect(overview.heading).toBeFocused();

    // The title follows the language; the page and the focus stay.
    const other: Lang = LANG === 'de' ? 'en' : 'de';
    await overview.switchLanguage(other);
    await expect(page).toHaveTitle(LANG === 'de' ? 'Overview – carryover' : 'Übersicht – carryover');
    await expect(page).toHaveURL(/\/$/);
    await overview.switchLanguage(LANG, other);
    await expect(page).toHaveTitle(title('Overview', 'Übersicht'));

    await page.goto('/no-such-page');
    await expect(page).toHaveTitle(title('Page not found', 'Seite nicht gefunden'));
  });

  test("staff pages: each its own title, the focus on its heading", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn('agent@example.com', DEMO_PASSWORD);
    const staff = new StaffPage(page);
    await staff.expectSearch();
    await expect(page).toHaveTitle(title('Customer search', 'Kundensuche'));
    await expect(staff.heading).toBeFocused();

    const header = new SiteHeader(page);
    await header.dashboard.click();
    await expect(page).toHaveTitle(title('Figures', 'Kennzahlen'));
    await expect(staff.heading).toHaveText(say('Figures', 'Kennzahlen'));
    await expect(staff.heading).toBeFocused();

    await header.cases.click();
    await expect(page).toHaveTitle(title('Cases', 'Vorgänge'));
    await expect(staff.heading).toHaveText(say('Cases', 'Vorgänge'));
    await expect(staff.heading).toBeFocused();

    // A customer's page: its heading (the name) comes with the data, and takes the focus then.
    await header.customers.click();
    await staff.expectSearch();
    await expect(staff.heading).toBeFocused();
    await staff.find(MAX.customerNumber);
    await staff.hits.getByRole('link', { name: MAX.name }).click();
    await expect(page).toHaveTitle(title('Customer', 'Kundin oder Kunde'));
    await expect(staff.heading).toHaveText(MAX.name);
    await expect(staff.heading).toBeFocused();
  });

  test("the header's links and the language select are at least 44 px high", async ({ page }) => {
    await signIn(page, MAX.email);
    const header = new SiteHeader(page);
    // Home (the brand), Overview, Timeline, the language, Sign out.
    await expect(header.targets()).toHaveCount(5);
    for (const target of await header.targets().all()) {
      const box = await target.boundingBox();
      expect(box, `${target} is drawn`).not.toBeNull();
      expect(box!.height, `${await target.textContent()} is ${box!.height} px high`).toBeGreaterThanOrEqual(44);
    }
  });
});
