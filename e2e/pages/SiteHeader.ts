import { type Locator, type Page } from '@playwright/test';
import { exactly } from './lang';

/** The header on every page: its navigation's links, the language select and "Sign out". */
export class SiteHeader {
  readonly page: Page;
  readonly banner: Locator;
  readonly nav: Locator;
  readonly overview: Locator;
  readonly timeline: Locator;
  readonly customers: Locator;
  readonly cases: Locator;
  readonly dashboard: Locator;
  readonly language: Locator;
  readonly signOut: Locator;

  constructor(page: Page) {
    this.page = page;
    this.banner = page.getByRole('banner');
    this.nav = page.getByRole('navigation', { name: exactly('Main navigation', 'Hauptnavigation') });
    this.overview = this.nav.getByRole('link', { name: exactly('Overview', 'Übersicht') });
    this.timeline = this.nav.getByRole('link', { name: exactly('Timeline', 'Verlauf') });
    this.customers = this.nav.getByRole('link', { name: exactly('Customers', 'Kundensuche') });
    this.cases = this.nav.getByRole('link', { name: exactly('Cases', 'Vorgänge') });
    this.dashboard = this.nav.getByRole('link', { name: exactly('Figures', 'Kennzahlen') });
    this.language = this.nav.getByRole('combobox', { name: exactly('Language', 'Sprache') });
    this.signOut = this.nav.getByRole('button', { name: exactly('Sign out', 'Abmelden') });
  }

  /** Every link and control of the header (the brand's link home too). */
  targets(): Locator {
    return this.banner.getByRole('link').or(this.banner.getByRole('combobox')).or(this.banner.getByRole('button'));
  }
}
