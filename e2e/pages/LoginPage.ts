import { expect, type Locator, type Page } from '@playwright/test';
import { exactly } from './lang';

/** The sign-in page, found by roles and labels only, in this run's language. */
export class LoginPage {
  readonly page: Page;
  readonly heading: Locator;
  readonly login: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly alert: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.login = page.getByLabel(exactly('Email or customer number', 'E-Mail oder Kundennummer'));
    this.password = page.getByLabel(exactly('Password', 'Passwort'));
    this.submit = page.getByRole('button', { name: exactly('Sign in', 'Anmelden') });
    this.alert = page.getByTestId('login-alert');
  }

  async goto(): Promise<void> {
    await this.page.goto('/login');
    await expect(this.login).toBeVisible();
  }

  async signIn(login: string, password: string): Promise<void> {
    await this.login.fill(login);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** On sign-in; with `next`, sent there from that page (`/login?next=…`), which it returns to. */
  async expectOnPage(next?: string): Promise<void> {
    const query = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
    await expect(this.page).toHaveURL((url) => url.pathname === '/login' && url.search === query);
    await expect(this.login).toBeVisible();
  }
}
