import { expect, type Locator, type Page } from '@playwright/test';
import { exactly } from './lang';

/** The staff dashboard, `/staff/dashboard`: period form, key figures, charts and their tables. */
export class DashboardPage {
  readonly page: Page;
  readonly heading: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly show: Locator;
  readonly tableView: Locator;
  readonly period: Locator;
  readonly daily: Locator;
  readonly dailyTable: Locator;
  readonly byKindTable: Locator;
  readonly byChannelTable: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.from = page.getByLabel(exactly('From', 'Von'));
    this.to = page.getByLabel(exactly('To', 'Bis'));
    this.show = page.getByRole('button', { name: exactly('Show', 'Anzeigen') });
    this.tableView = page.getByRole('button', { name: exactly('Show numbers as tables', 'Zahlen als Tabellen zeigen') });
    this.period = page.getByTestId('period');
    this.daily = page.getByTestId('chart-daily');
    this.dailyTable = page.getByRole('table', {
      name: exactly('Completed changes per day', 'Abgeschlossene Änderungen pro Tag'),
    });
    this.byKindTable = page.getByRole('table', { name: exactly('By kind', 'Nach Art') });
    this.byChannelTable = page.getByRole('table', { name: exactly('By channel', 'Nach Weg') });
  }

  async goto(): Promise<void> {
    await this.page.getByRole('link', { name: exactly('Figures', 'Kennzahlen') }).click();
    await expect(this.page).toHaveURL(/\/staff\/dashboard$/);
    await expect(this.period).toBeVisible();
  }

  /** One key figure's value by its test id (`figure-self-service`, `figure-completed`, …). */
  figure(id: string): Locator {
    return this.page.getByTestId(id).getByRole('definition').first();
  }

  async showPeriod(from: string, to: string): Promise<void> {
    await this.from.fill(from);
    await this.to.fill(to);
    await this.show.click();
  }
}
