import { expect, type Locator, type Page } from '@playwright/test';
import { exactly } from './lang';

/** `/invitation/:token`: accept an account transfer by signing in or registering. */
export class InvitationPage {
  readonly page: Page;
  readonly heading: Locator;
  readonly intro: Locator;
  readonly alert: Locator;
  readonly name: Locator;
  readonly password: Locator;
  readonly repeat: Locator;
  readonly register: Locator;
  readonly accepted: Locator;
  readonly toOverview: Locator;

  constructor(page: Page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.intro = page.getByTestId('invitation-intro');
    this.alert = page.getByTestId('form-alert');
    this.name = page.getByLabel(exactly('Your full name', 'Ihr vollständiger Name'));
    this.password = page.getByLabel(exactly('Password', 'Passwort'));
    this.repeat = page.getByLabel(exactly('Repeat the password', 'Passwort wiederholen'));
    this.register = page.getByRole('button', { name: exactly('Register and accept', 'Registrieren und annehmen') });
    this.accepted = page.getByTestId('invitation-accepted');
    this.toOverview = page.getByRole('link', { name: exactly('Go to your overview', 'Zu Ihrer Übersicht') });
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(path);
    await expect(this.heading).toHaveText(exactly('Take over an account', 'Ein Konto übernehmen'));
  }

  /** The page fits the screen without sideways scrolling. */
  async expectNoSidewaysScroll(): Promise<void> {
    const overflow = await this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }

  async registerWith(name: string, password: string, repeat = password): Promise<void> {
    await this.name.fill(name);
    await this.password.fill(password);
    await this.repeat.fill(repeat);
    await this.register.click();
  }
}
