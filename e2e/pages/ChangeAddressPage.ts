import { expect, type Locator, type Page } from '@playwright/test';
import { ChangeFlowPage } from './ChangeFlowPage';
import { exactly } from './lang';

export interface NewAddress {
  street: string;
  postalCode: string;
  city: string;
  /** ISO code, the option's value. */
  country: string;
  /** `YYYY-MM-DD`; today when left out. */
  moveDate?: string;
}

/** Change the home address: `/change/address`. */
export class ChangeAddressPage extends ChangeFlowPage {
  readonly street: Locator;
  readonly postalCode: Locator;
  readonly city: Locator;
  readonly country: Locator;
  readonly fromToday: Locator;
  readonly fromMoveDate: Locator;
  readonly moveDate: Locator;

  constructor(page: Page) {
    super(page);
    this.street = page.getByLabel(exactly('Street and house number', 'Straße und Hausnummer'));
    this.postalCode = page.getByLabel(exactly('Postal code', 'Postleitzahl'));
    this.city = page.getByLabel(exactly('Town or city', 'Ort'));
    this.country = page.getByLabel(exactly('Country', 'Land'));
    this.fromToday = page.getByRole('radio', { name: exactly('From today', 'Ab heute') });
    this.fromMoveDate = page.getByRole('radio', { name: exactly('From a move date', 'Ab einem Umzugsdatum') });
    this.moveDate = page.getByLabel(exactly('Move date', 'Umzugsdatum'));
  }

  async expectOnPage(): Promise<void> {
    await expect(this.page).toHaveURL(/\/change\/address$/);
    await expect(this.street).toBeVisible();
  }

  async enter(a: NewAddress): Promise<void> {
    await this.street.fill(a.street);
    await this.postalCode.fill(a.postalCode);
    await this.city.fill(a.city);
    await this.country.selectOption(a.country);
    if (a.moveDate) {
      await this.fromMoveDate.check();
      await this.moveDate.fill(a.moveDate);
    } else {
      await this.fromToday.check();
    }
    await this.continueButton.click();
  }

  /** The "keep at the old address" checkbox of one item of the review (`item`: its shown label). */
  keepAtOldAddress(item: string): Locator {
    return this.review
      .getByRole('listitem')
      .filter({ hasText: item })
      .getByRole('checkbox', { name: exactly('Keep at the old address', 'Bei der alten Adresse lassen') });
  }
}
