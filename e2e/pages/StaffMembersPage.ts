import { expect, type Locator, type Page } from '@playwright/test';
import { exactly } from './lang';

/** Staff accounts, `/staff/members` (admins only): the table of members and the form to add one. */
export class StaffMembersPage {
  readonly page: Page;
  readonly heading: Locator;
  readonly navLink: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly name: Locator;
  readonly email: Locator;
  readonly role: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly formAlert: Locator;
  readonly notice: Locator;
  readonly pageError: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.navLink = page
      .getByRole('navigation', { name: exactly('Main navigation', 'Hauptnavigation') })
      .getByRole('link', { name: exactly('Staff', 'Mitarbeitende') });
    this.table = page.getByRole('table', { name: exactly('Staff accounts', 'Konten der Mitarbeitenden') });
    this.rows = page.getByTestId('staff-member');
    this.name = page.getByLabel(exactly('Name', 'Name'));
    this.email = page.getByLabel(exactly('Email', 'E-Mail'));
    this.role = page.getByLabel(exactly('Role', 'Rolle'));
    this.password = page.getByLabel(exactly('Initial password', 'Anfangspasswort'));
    this.submit = page.getByRole('button', { name: exactly('Add account', 'Konto anlegen') });
    this.formAlert = page.getByTestId('form-alert');
    this.notice = page.getByTestId('members-notice');
    this.pageError = page.getByTestId('members-error');
  }

  async goto(): Promise<void> {
    await this.page.goto('/staff/members');
    await expect(this.heading).toHaveText(exactly('Staff', 'Mitarbeitende'));
  }

  /** The table row of the member with this email. */
  row(email: string): Locator {
    return this.rows.filter({ hasText: email });
  }

  async add(member: { name: string; email: string; role: string; password: string }): Promise<void> {
    await this.name.fill(member.name);
    await this.email.fill(member.email);
    await this.role.selectOption(member.role);
    await this.password.fill(member.password);
    await this.submit.click();
  }

  /** Asks to deactivate, then confirms in the row's inline confirmation. */
  async deactivate(email: string): Promise<void> {
    const row = this.row(email);
    await row.getByRole('button', { name: exactly('Deactivate', 'Deaktivieren') }).click();
    const yes = row.getByRole('button', { name: exactly('Yes, deactivate', 'Ja, deaktivieren') });
    await expect(yes).toBeFocused();
    await yes.click();
  }
}
