import { expect, type Locator, type Page } from '@playwright/test';
import { exactly, say } from './lang';

/** The steps' names in the step indicator (`*.step_*` in frontend/src/i18n.rs). */
export const STEPS = {
  newCard: say('New card', 'Neue Karte'),
  newAddress: say('New address', 'Neue Adresse'),
  review: say('Review', 'Prüfen'),
  confirm: say('Confirm', 'Bestätigen'),
  done: say('Done', 'Fertig'),
};

/** What every change flow shares: step indicator, review, confirm with the password, receipt. */
export class ChangeFlowPage {
  readonly page: Page;
  readonly heading: Locator;
  readonly steps: Locator;
  readonly alert: Locator;
  readonly continueButton: Locator;
  readonly back: Locator;
  readonly review: Locator;
  readonly notice: Locator;
  readonly confirm: Locator;
  readonly password: Locator;
  readonly confirmButton: Locator;
  readonly receipt: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.steps = page.getByTestId('steps');
    this.alert = page.getByTestId('form-alert');
    this.continueButton = page.getByRole('button', { name: exactly('Continue', 'Weiter') });
    this.back = page.getByRole('button', { name: exactly('Back', 'Zurück') });
    this.review = page.getByTestId('review');
    this.notice = page.getByTestId('flow-notice');
    this.confirm = page.getByTestId('confirm');
    this.password = page.getByLabel(exactly('Password', 'Passwort'));
    this.confirmButton = page.getByRole('button', { name: exactly('Confirm change', 'Änderung bestätigen') });
    this.receipt = page.getByTestId('receipt');
  }

  /** The step indicator says `name` (one of `STEPS`) is the current step. */
  async expectStep(name: string): Promise<void> {
    await expect(this.steps.getByRole('listitem').filter({ hasText: name })).toHaveAttribute('aria-current', 'step');
  }

  /** One group of a plan: `move`/`keep`/`notify`/`cancel` of a kind (`recurring_payment`, …). */
  group(scope: Locator, action: string, kind: string): Locator {
    return scope.getByTestId(`plan-${action}-${kind}`);
  }

  items(scope: Locator, action: string, kind: string): Locator {
    return this.group(scope, action, kind).getByRole('listitem');
  }

  async confirmWith(password: string): Promise<void> {
    await expect(this.confirm).toBeVisible();
    await this.password.fill(password);
    await this.confirmButton.click();
  }

  /** The page fits the screen without sideways scrolling. */
  async expectNoSidewaysScroll(): Promise<void> {
    const overflow = await this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
}
