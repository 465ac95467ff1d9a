import { expect, test } from './test';
import { LoginPage } from '../pages/LoginPage';
import { OverviewPage } from '../pages/OverviewPage';
import { say } from '../pages/lang';
import { MAX, signIn } from './fixtures';
import { makeCustomer } from './testData';

test.describe('sign in', () => {
  test('with the email address shows the overview with the customer number first', async ({ page }) => {
    const overview = await signIn(page, MAX.email);
    await expect(overview.customerNumber).toHaveText(MAX.customerNumberShown);
    await expect(overview.customerName).toHaveText(MAX.name);
    await expect(overview.heading).toHaveText(say('Your overview', 'Ihre Übersicht'));
  });

  test('with the customer number works too', async ({ page }) => {
    const overview = await signIn(page, MAX.customerNumber);
    await expect(overview.customerNumber).toHaveText(MAX.customerNumberShown);
    await expect(overview.customerName).toHaveText(MAX.name);
  });

  test('a wrong password shows a clear error and stays on /login', async ({ page }, info) => {
    // A customer of its own: failed attempts count per account (five lock it for a while), and
    // the suite may run again against the same server.
    const own = await makeCustomer(info, 'plain');
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(own.customer.login, 'not-the-password');
    await expect(login.alert).toHaveText(
      say(
        'Email/customer number or password is wrong. Please try again.',
        'E-Mail/Kundennummer oder Passwort ist falsch. Bitte versuchen Sie es erneut.',
      ),
    );
    await login.expectOnPage();
    await expect(login.password).toBeFocused();
    await expect(login.password).toHaveValue('');
  });

  test('empty fields are explained next to each field and the first one gets focus', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.submit.click();
    await expect(login.alert).toHaveText(say('Please check your entries.', 'Bitte prüfen Sie Ihre Eingaben.'));
    await expect(login.login).toHaveAttribute('aria-invalid', 'true');
    await expect(login.login).toHaveAccessibleDescription(
      say(/Enter your email address or customer number\./, /Geben Sie Ihre E-Mail-Adresse oder Kundennummer ein\./),
    );
    await expect(login.password).toHaveAttribute('aria-invalid', 'true');
    await expect(login.password).toHaveAccessibleDescription(say('Enter your password.', 'Geben Sie Ihr Passwort ein.'));
    await expect(login.login).toBeFocused();
    await login.expectOnPage();
  });

  test('a card number is refused with the reason before anything is sent', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn('4000 0566 5566 5556', 'whatever');
    await expect(login.login).toHaveAccessibleDescription(say(/not a card number/, /nicht mit einer Kartennummer/));
    await expect(login.login).toBeFocused();
  });
});

test('sign out returns to /login, and / then redirects to sign-in', async ({ page }) => {
  const overview = await signIn(page, MAX.email);
  await overview.signOut.click();
  const login = new LoginPage(page);
  await login.expectOnPage();
  await expect(overview.signOut).toHaveCount(0);

  await page.goto('/');
  await login.expectOnPage();
});

test('the overview is not shown without signing in', async ({ page }) => {
  await page.goto('/');
  await new LoginPage(page).expectOnPage();
  await expect(new OverviewPage(page).customerNumber).toHaveCount(0);
});
