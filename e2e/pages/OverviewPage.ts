import { expect, type Locator, type Page } from '@playwright/test';

/** The customer overview: every section by its data-testid, texts by role. */
export class OverviewPage {
  readonly page: Page;
  readonly heading: Locator;
  readonly customerNumber: Locator;
  readonly customerName: Locator;
  readonly signOut: Locator;
  readonly language: Locator;
  readonly address: Locator;
  readonly changeAddress: Locator;
  readonly scheduledAddress: Locator;
  readonly notice: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.customerNumber = page.getByTestId('customer-number');
    this.customerName = page.getByTestId('customer-name');
    this.signOut = page.getByRole('button', { name: /^(Sign out|Abmelden)$/ });
    this.language = page.getByRole('combobox', { name: /^(Language|Sprache)$/ });
    this.address = page.getByTestId('customer-address');
    this.changeAddress = page.getByRole('link', { name: /^(Change address|Adresse ändern)$/ });
    this.scheduledAddress = page.getByTestId('scheduled-address');
    this.notice = page.getByTestId('overview-notice');
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

  /** "Activate new card" on a card that was issued and waits for activation. */
  activateCard(last4: string): Locator {
    return this.card(last4).getByRole('link', { name: /^(Activate new card|Neue Karte aktivieren)$/ });
  }

  /** Opens "Report lost or stolen" on a card, picks the reason and blocks the card. */
  async reportCard(last4: string, reason: 'Lost' | 'Stolen' | 'Damaged'): Promise<void> {
    const card = this.card(last4);
    await card.getByRole('button', { name: /^(Report lost or stolen|Verlust oder Diebstahl melden)$/ }).click();
    await card.getByRole('radio', { name: reason }).check();
    await card.getByRole('button', { name: /^(Block card|Karte sperren)$/ }).click();
  }

  /** The entries of a dependents list (`standing-orders`, `alerts`, …) inside a section. */
  entries(section: Locator, testId: string): Locator {
    return section.getByTestId(testId).getByRole('listitem');
  }

  async switchLanguage(name: 'English' | 'Deutsch'): Promise<void> {
    await this.language.selectOption({ label: name });
  }
}
