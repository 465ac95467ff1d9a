import { expect, type Locator, type Page } from '@playwright/test';
import { exactly } from './lang';

/** The staff console: search (`/staff`), a customer (`/staff/customers/:id`), the acting banner. */
export class StaffPage {
  readonly page: Page;
  readonly heading: Locator;
  readonly search: Locator;
  readonly searchButton: Locator;
  readonly hits: Locator;
  readonly notes: Locator;
  readonly noteText: Locator;
  readonly promises: Locator;
  readonly promiseText: Locator;
  readonly promiseDue: Locator;
  readonly actReason: Locator;
  readonly actButton: Locator;
  readonly timeline: Locator;
  readonly banner: Locator;
  readonly stop: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.search = page.getByLabel(exactly('Find a customer', 'Kundin oder Kunde suchen'));
    this.searchButton = page.getByRole('button', { name: exactly('Search', 'Suchen') });
    this.hits = page.getByTestId('search-hit');
    this.notes = page.getByTestId('note');
    this.noteText = page.getByLabel(exactly('Note', 'Notiz'));
    this.promises = page.getByTestId('promise');
    this.promiseText = page.getByLabel(exactly('What was promised?', 'Was wurde zugesagt?'));
    this.promiseDue = page.getByLabel(exactly('Due by', 'Zu erledigen bis'));
    this.actReason = page.getByLabel(exactly('Reason', 'Grund'));
    this.actButton = page.getByRole('button', { name: exactly('Act as this customer', 'Als diese Person handeln') });
    this.timeline = page.getByTestId('timeline-entry');
    this.banner = page.getByRole('region', {
      name: exactly('You are acting for a customer', 'Sie handeln für eine Kundin oder einen Kunden'),
    });
    this.stop = this.banner.getByRole('button', { name: exactly('Stop', 'Beenden') });
  }

  async expectSearch(): Promise<void> {
    await expect(this.page).toHaveURL(/\/staff$/);
    await expect(this.search).toBeVisible();
  }

  async find(query: string): Promise<void> {
    await this.search.fill(query);
    await this.searchButton.click();
  }

  async addNote(text: string, button: RegExp = exactly('Save note', 'Notiz speichern')): Promise<void> {
    await this.noteText.fill(text);
    await this.page.getByRole('button', { name: button }).click();
  }

  async addPromise(text: string, dueBy: string): Promise<void> {
    await this.promiseText.fill(text);
    await this.promiseDue.fill(dueBy);
    await this.page.getByRole('button', { name: exactly('Save promise', 'Zusage speichern') }).click();
  }

  async actAs(reason: string): Promise<void> {
    await this.actReason.fill(reason);
    await this.actButton.click();
  }
}
