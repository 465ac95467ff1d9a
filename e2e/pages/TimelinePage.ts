import { expect, type Locator, type Page } from '@playwright/test';
import { exactly, say } from './lang';

/** The customer's timeline: `/timeline`, reached from the header. */
export class TimelinePage {
  readonly page: Page;
  readonly heading: Locator;
  readonly entries: Locator;
  readonly navLink: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.entries = page.getByTestId('timeline-entry');
    this.navLink = page.getByRole('navigation').getByRole('link', { name: exactly('Timeline', 'Verlauf') });
  }

  async open(): Promise<void> {
    await this.navLink.click();
    await this.expectOnPage();
  }

  async expectOnPage(): Promise<void> {
    await expect(this.page).toHaveURL(/\/timeline$/);
    await expect(this.heading).toHaveText(say('Your timeline', 'Ihr Verlauf'));
  }

  /** Entries of one kind, by its shown name (`say('Notification', 'Mitteilung')`), whose text matches. */
  entry(kind: string, text: string | RegExp): Locator {
    return this.entries.filter({ hasText: kind }).filter({ hasText: text });
  }
}
