import { type Locator, type Page } from '@playwright/test';
import { exactly } from './lang';

/** The dialog that asks to sign in again when the session ends in the middle of a flow. */
export class SignInAgainDialog {
  readonly dialog: Locator;
  readonly login: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly alert: Locator;

  constructor(page: Page) {
    this.dialog = page.getByRole('dialog', { name: exactly('Please sign in again', 'Bitte melden Sie sich erneut an') });
    this.login = this.dialog.getByLabel(exactly('Email or customer number', 'E-Mail oder Kundennummer'));
    this.password = this.dialog.getByLabel(exactly('Password', 'Passwort'));
    this.submit = this.dialog.getByRole('button', { name: exactly('Sign in', 'Anmelden') });
    this.alert = this.dialog.getByTestId('login-alert');
  }

  async signIn(login: string, password: string): Promise<void> {
    await this.login.fill(login);
    await this.password.fill(password);
    await this.submit.click();
  }
}
