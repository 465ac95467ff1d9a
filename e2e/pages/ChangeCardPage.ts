import { expect, type Locator, type Page } from '@playwright/test';
import { ChangeFlowPage } from './ChangeFlowPage';
import { exactly } from './lang';

/** Activate a replacement card: `/change/card`. */
export class ChangeCardPage extends ChangeFlowPage {
  readonly number: Locator;
  readonly expiry: Locator;

  constructor(page: Page) {
    super(page);
    this.number = page.getByLabel(exactly('Card number', 'Kartennummer'));
    this.expiry = page.getByLabel(exactly('Expiry date', 'Gültig bis'));
  }

  async expectOnPage(): Promise<void> {
    await expect(this.page).toHaveURL(/\/change\/card$/);
    await expect(this.number).toBeVisible();
  }

  async enter(number: string, expiry: string): Promise<void> {
    await this.number.fill(number);
    await this.expiry.fill(expiry);
    await this.continueButton.click();
  }
}
