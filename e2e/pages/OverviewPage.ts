import { expect, type Locator, type Page } from '@playwright/test';
import { LANG, type Lang, exactly } from './lang';

/** What the card's "Report lost or stolen" form offers, by the API's reason. */
const REASONS = {
  lost: exactly('Lost', 'Verloren'),
  stolen: exactly('Stolen', 'Gestohlen'),
  damaged: exactly('Damaged', 'Beschädigt'),
};

/** The language switch's label in each language, and each language's name (in itself). */
const SWITCH_LABEL: Record<Lang, RegExp> = { en: /^Language$/, de: /^Sprache$/ };
const LANGUAGE_NAME: Record<Lang, string> = { en: 'English', de: 'Deutsch' };

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
  /** What holds the room of the data while it loads (hidden from assistive technology). */
  readonly skeleton: Locator;
  /** The one status a screen reader hears meanwhile. */
  readonly loading: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.customerNumber = page.getByTestId('customer-number');
    this.customerName = page.getByTestId('customer-name');
    this.signOut = page.getByRole('button', { name: exactly('Sign out', 'Abmelden') });
    this.language = this.languageSwitch(LANG);
    this.address = page.getByTestId('customer-address');
    this.changeAddress = page.getByRole('link', { name: exactly('Change address', 'Adresse ändern') });
    this.scheduledAddress = page.getByTestId('scheduled-address');
    this.notice = page.getByTestId('overview-notice');
    this.skeleton = page.getByTestId('overview-skeleton');
    this.loading = page.getByRole('status').filter({ hasText: exactly('Loading…', 'Wird geladen …') });
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
    return this.card(last4).getByRole('link', { name: exactly('Activate new card', 'Neue Karte aktivieren') });
  }

  /** Opens "Report lost or stolen" on a card, picks the reason and blocks the card. */
  async reportCard(last4: string, reason: keyof typeof REASONS): Promise<void> {
    const card = this.card(last4);
    await card.getByRole('button', { name: exactly('Report lost or stolen', 'Verlust oder Diebstahl melden') }).click();
    await card.getByRole('radio', { name: REASONS[reason] }).check();
    await card.getByRole('button', { name: exactly('Block card', 'Karte sperren') }).click();
  }

  /** The entries of a dependents list (`standing-orders`, `alerts`, …) inside a section. */
  entries(section: Locator, testId: string): Locator {
    return section.getByTestId(testId).getByRole('listitem');
  }

  /** The language switch as it is named while the page speaks `lang`. */
  languageSwitch(lang: Lang): Locator {
    return this.page.getByRole('combobox', { name: SWITCH_LABEL[lang] });
  }

  /** Picks the language `to` while the page speaks `from` (this run's language unless switched). */
  async switchLanguage(to: Lang, from: Lang = LANG): Promise<void> {
    await this.languageSwitch(from).selectOption({ label: LANGUAGE_NAME[to] });
  }
}
