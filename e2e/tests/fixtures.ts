import type { Page } from '@playwright/test';
import { LoginPage } from '../pages/LoginPage';
import { OverviewPage } from '../pages/OverviewPage';
import { say } from '../pages/lang';

/** Demo data the backend seeds with CARRYOVER_DEMO=1 (see shared/API.md). */
export const MAX = {
  email: 'max@example.com',
  customerNumber: '1000000016',
  customerNumberShown: '1000 0000 16',
  name: 'Max Mustermann',
  iban: 'DE89 3704 0044 0532 0130 00',
};
/** Max's cards: the active one, and the replacement that arrived and waits for activation. */
export const MAX_CARDS = {
  old: { last4: '5556', label: 'Visa •••• 5556 (08/27)' },
  replacement: { number: '4242 4242 4242 4242', expiry: '12/29', last4: '4242', label: 'Visa •••• 4242 (12/29)' },
};
/** Erika's address as seeded (the address-change spec's own Erika has it too). */
export const ERIKA = {
  email: 'erika@example.com',
  street: 'Lindenweg 7',
  city: '50667 Köln',
};
export const DEMO_PASSWORD = 'carryover-demo';

export async function signIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<OverviewPage> {
  const loginPage = new LoginPage(page);
  await loginPage.goto();
  await loginPage.signIn(login, password);
  const overview = new OverviewPage(page);
  await overview.expectLoaded();
  return overview;
}

/** The date `days` from today, `YYYY-MM-DD`, in the browser's (this machine's) calendar. */
export function isoDateInDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A `YYYY-MM-DD` date as the app shows it in this run's language (`format_date` in i18n.rs). */
export function shownDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return say(iso, `${d}.${m}.${y}`);
}
