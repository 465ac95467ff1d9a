import { expect, test } from './test';
import { DashboardPage } from '../pages/DashboardPage';
import { exactly, say } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { StaffPage } from '../pages/StaffPage';
import { DEMO_PASSWORD } from './fixtures';

// Story 003: the e2e servers are seeded with generated customers and 90 days of their past
// (`carryover seed --customers … --history-days 90`), so the dashboard has a period to show.

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('agent@example.com', DEMO_PASSWORD);
  await new StaffPage(page).expectSearch();
});

/** The numbers of a table body, by column (0 = the row's heading). */
async function column(table: import('@playwright/test').Locator, n: number): Promise<number[]> {
  const rows = table.getByRole('rowgroup').last().getByRole('row');
  const texts = await rows.evaluateAll((trs, col) => trs.map((tr) => tr.children[col]?.textContent ?? ''), n);
  return texts.map(Number);
}

test('the figures of the last 30 days, as charts and as tables that add up', async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  await expect(dashboard.heading).toHaveText(say('Figures', 'Kennzahlen'));
  await expect(dashboard.period).toHaveText(say(/^From \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/, /^Vom \d{2}\.\d{2}\.\d{4} bis zum \d{2}\.\d{2}\.\d{4}$/));
  await expect(dashboard.figure('figure-self-service')).toHaveText(say(/^\d{1,3}%$/, /^\d{1,3} %$/));
  const completed = Number(await dashboard.figure('figure-completed').textContent());
  expect(completed, 'changes completed in the last 30 days: the server needs its past seeded (e2e/README.md)').toBeGreaterThan(10);
  await expect(dashboard.figure('figure-fcr')).toHaveText(say(/^\d{1,3}%$/, /^\d{1,3} %$/));
  await expect(dashboard.figure('figure-median')).toHaveText(/\d/);
  await expect(dashboard.daily).toBeVisible();

  // The tables are there for screen readers all along, and shown instead of the charts on request.
  await expect(dashboard.dailyTable).toBeAttached();
  await expect(dashboard.tableView).toHaveAttribute('aria-pressed', 'false');
  await dashboard.tableView.click();
  await expect(dashboard.tableView).toHaveAttribute('aria-pressed', 'true');
  await expect(dashboard.dailyTable).toBeVisible();
  const totals = await column(dashboard.dailyTable, 3);
  expect(totals).toHaveLength(30);
  expect(totals.reduce((a, b) => a + b, 0)).toBe(completed);
  const byChannel = await column(dashboard.byChannelTable, 1);
  expect(byChannel.reduce((a, b) => a + b, 0)).toBe(completed);
  await expect(dashboard.byKindTable.getByRole('rowheader', { name: exactly('Card activated', 'Karte aktiviert') })).toBeVisible();

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a preset period, a period without changes, and a reversed period', async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  await dashboard.tableView.click();
  await page.getByRole('button', { name: exactly('Last 7 days', 'Letzte 7 Tage') }).click();
  await expect(dashboard.dailyTable.getByRole('rowgroup').last().getByRole('row')).toHaveCount(7);

  await dashboard.showPeriod('2020-01-01', '2020-01-31');
  await expect(dashboard.period).toHaveText(say('From 2020-01-01 to 2020-01-31', 'Vom 01.01.2020 bis zum 31.01.2020'));
  await expect(dashboard.figure('figure-completed')).toHaveText('0');
  await expect(dashboard.figure('figure-self-service')).toHaveText('–');
  await expect(page.getByText(exactly('No change was completed in this period.', 'In diesem Zeitraum wurde keine Änderung abgeschlossen.'))).toBeVisible();

  await dashboard.showPeriod('2020-02-10', '2020-02-01');
  await expect(dashboard.to).toHaveAttribute('aria-invalid', 'true');
  await expect(dashboard.to).toBeFocused();
  await expect(dashboard.to).toHaveAccessibleDescription(
    say('The end of the period lies before its start.', 'Das Ende des Zeitraums liegt vor seinem Anfang.'),
  );
  // The figures shown are still those of the last period asked for.
  await expect(dashboard.period).toHaveText(say('From 2020-01-01 to 2020-01-31', 'Vom 01.01.2020 bis zum 31.01.2020'));
});
