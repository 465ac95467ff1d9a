import { expect, type Locator, type Page } from '@playwright/test';

/** The customer overview: every section by its data-testid, texts by role. */
export class OverviewPage {
  readonly page: Page;
  readonly heading: Locator;
  readonly customerNumber: Locator;
  readonly customerName: Locator;
  readonly signOut: Locator;
  readonly language: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.customerNumber = page.getByTestId('customer-number');
    this.customerName = page.getByTestId('customer-name');
    this.signOut = page.getByRole('button', { name: /^(Sign out|Abmelden)$/ });
    this.language = page.getByRole('combobox', { name: /^(Language|Sprache)$/ });
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page).toHaveURL(/\/$/);
    await expect(this.customerNumber).toBeVisible();
  }

  account(id: string): Locator {
    return this.page.getByTestId(`account-${id}`);
  }

  /** The first account section (Max has one). */
  firstAccount(): Locator {
    return this.page.getByTestId('accounts').getByRole('article').first();
  }

  card(last4: string): Locator {
    return this.page.getByTestId(`card-${last4}`);
  }

  /** The entries of a dependents list (`standing-orders`, `alerts`, …) inside a section. */
  entries(section: Locator, testId: string): Locator {
    return section.getByTestId(testId).getByRole('listitem');
  }

  async switchLanguage(name: 'English' | 'Deutsch'): Promise<void> {
    await this.language.selectOption({ label: name });
  }
}
