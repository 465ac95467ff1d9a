import type { Browser, BrowserContext, TestInfo } from '@playwright/test';
import { expect, test, watchCsp } from '../test';
import { LoginPage } from '../../pages/LoginPage';
import { StaffMembersPage } from '../../pages/StaffMembersPage';
import { StaffPage } from '../../pages/StaffPage';
import { expectNoAxeViolations } from '../../pages/axe';
import { exactly, say } from '../../pages/lang';
import { DEMO_PASSWORD } from '../fixtures';

// An admin adds an agent (after a refused first try), the agent signs in, the admin deactivates
// them: their open session ends and their next sign-in is refused. Agents get no access.
test.describe.configure({ mode: 'serial' });

const ADMIN = { email: 'admin@example.com', name: 'Ada Admin' };
const AGENT = { email: 'agent@example.com' };

/** A second browser, like the first (device, language, server), for the new agent. */
async function secondBrowser(browser: Browser, info: TestInfo): Promise<BrowserContext> {
  const { baseURL, locale, viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = info.project.use;
  return browser.newContext({ baseURL, locale, viewport, userAgent, deviceScaleFactor, isMobile, hasTouch });
}

test('an agent gets no access to the staff accounts and sees no link to them', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(AGENT.email, DEMO_PASSWORD);
  await new StaffPage(page).expectSearch();
  const members = new StaffMembersPage(page);
  await expect(members.navLink).toHaveCount(0);
  await members.goto();
  await expect(members.pageError).toHaveText(
    say('Only admins manage staff accounts.', 'Nur Administratorinnen und Administratoren verwalten Konten der Mitarbeitenden.'),
  );
  await expect(members.table).toHaveCount(0);
  await expect(members.submit).toHaveCount(0);
});

test('an admin adds an agent, who signs in, then deactivates them: the agent is out', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  const unique = `${info.project.name}-${Date.now().toString(36)}-${info.retry}`;
  const newcomer = {
    name: 'Nia Newcomer',
    email: `nia.${unique}@example.com`,
    role: 'agent',
    password: 'a-long-enough-secret',
  };

  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(ADMIN.email, DEMO_PASSWORD);
  await new StaffPage(page).expectSearch();
  const members = new StaffMembersPage(page);
  await members.navLink.click();
  await expect(page).toHaveURL(/\/staff\/members$/);
  await expect(members.heading).toHaveText(exactly('Staff', 'Mitarbeitende'));
  await expect(members.table).toBeVisible();
  // The admin is listed, without a button to deactivate themselves.
  const self = members.row(ADMIN.email);
  await expect(self).toContainText(ADMIN.name);
  await expect(self.getByRole('button')).toHaveCount(0);
  await expect(members.row(AGENT.email)).toContainText(say('Active', 'Aktiv'));
  await expect(members.password).toHaveAccessibleDescription(say('At least 12 characters.', 'Mindestens 12 Zeichen.'));

  // A password that is too short: said on the field, which gets the focus.
  await members.add({ ...newcomer, password: 'short' });
  await expect(members.password).toHaveAttribute('aria-invalid', 'true');
  await expect(members.password).toHaveAccessibleDescription(
    say(/The password has at least 12 characters\./, /Das Passwort hat mindestens 12 Zeichen\./),
  );
  await expect(members.password).toBeFocused();
  await expect(members.formAlert).toHaveText(say('Please check your entries.', 'Bitte prüfen Sie Ihre Eingaben.'));
  await expectNoAxeViolations(page, 'the staff accounts page with a too short password');

  // An email that already signs in: the server says so, on the email field.
  await members.add({ ...newcomer, email: AGENT.email });
  await expect(members.email).toHaveAttribute('aria-invalid', 'true');
  await expect(members.email).toHaveAccessibleDescription(
    say('This email already signs in to carryover.', 'Mit dieser E-Mail-Adresse meldet sich schon jemand an.'),
  );
  await expect(members.email).toBeFocused();
  await expect(members.password).not.toHaveAttribute('aria-invalid', 'true');

  await members.email.fill(newcomer.email);
  await members.submit.click();
  await expect(members.notice).toHaveText(
    say(`${newcomer.name} was added and can sign in now.`, `${newcomer.name} wurde angelegt und kann sich jetzt anmelden.`),
  );
  await expect(members.notice).toBeFocused();
  const row = members.row(newcomer.email);
  await expect(row).toContainText(newcomer.name);
  await expect(row).toContainText(say('Agent', 'Sachbearbeitung'));
  await expect(row).toContainText(say('Active', 'Aktiv'));
  await expect(members.name).toHaveValue('');
  await expect(members.email).not.toHaveAttribute('aria-invalid', 'true');

  // The new agent signs in, in their own browser.
  const agentContext = await secondBrowser(browser, info);
  const agentCsp = watchCsp(agentContext);
  try {
    const agentPage = await agentContext.newPage();
    const agentLogin = new LoginPage(agentPage);
    await agentLogin.goto();
    await agentLogin.signIn(newcomer.email, newcomer.password);
    await new StaffPage(agentPage).expectSearch();
    await expect(new StaffMembersPage(agentPage).navLink).toHaveCount(0);

    // Deactivating asks first; cancelling (Escape) brings the focus back to the button.
    const deactivate = row.getByRole('button', { name: exactly('Deactivate', 'Deaktivieren') });
    await deactivate.click();
    await expect(row.getByRole('button', { name: exactly('Yes, deactivate', 'Ja, deaktivieren') })).toBeFocused();
    await expect(row).toContainText(say(`Deactivate ${newcomer.name}?`, `${newcomer.name} deaktivieren?`));
    await page.keyboard.press('Escape');
    await expect(deactivate).toBeFocused();
    await expect(row).toContainText(say('Active', 'Aktiv'));

    await members.deactivate(newcomer.email);
    await expect(members.notice).toHaveText(say(`${newcomer.name} is deactivated.`, `${newcomer.name} ist deaktiviert.`));
    await expect(members.notice).toBeFocused();
    await expect(row).toContainText(say('Deactivated', 'Deaktiviert'));
    await expect(row.getByRole('button')).toHaveCount(0);

    // Their open session ended at once, and signing in again is refused.
    await agentPage.goto('/staff');
    await agentLogin.expectOnPage('/staff');
    await agentLogin.signIn(newcomer.email, newcomer.password);
    await expect(agentLogin.alert).toHaveText(
      say(
        'This sign-in is no longer possible. Please contact us.',
        'Diese Anmeldung ist nicht mehr möglich. Bitte wenden Sie sich an uns.',
      ),
    );
    await agentLogin.expectOnPage('/staff');
    expect(agentCsp, 'Content-Security-Policy violations').toEqual([]);
  } finally {
    await agentContext.close();
  }

  // Still listed after a reload: deactivated, never deleted.
  await members.goto();
  await expect(members.row(newcomer.email)).toContainText(say('Deactivated', 'Deaktiviert'));

  // At 360 px the page does not scroll sideways (the header's links wrap; the table scrolls in
  // its own region).
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(members.navLink).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
