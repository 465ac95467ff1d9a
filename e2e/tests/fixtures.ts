import type { Page } from '@playwright/test';
import { LoginPage } from '../pages/LoginPage';
import { OverviewPage } from '../pages/OverviewPage';

/** Demo data the backend seeds with CARRYOVER_DEMO=1 (see shared/API.md). */
export const MAX = {
  email: 'max@example.com',
  customerNumber: '1000000016',
  customerNumberShown: '1000 0000 16',
  name: 'Max Mustermann',
  iban: 'DE89 3704 0044 0532 0130 00',
};
export const LENA = { email: 'lena@example.com' };
export const DEMO_PASSWORD = 'carryover-demo';

export async function signIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<OverviewPage> {
  const loginPage = new LoginPage(page);
  await loginPage.goto();
  await loginPage.signIn(login, password);
  const overview = new OverviewPage(page);
  await overview.expectLoaded();
  return overview;
}
