import { expect, test } from '../test';
import { ChangeAddressPage } from '../../pages/ChangeAddressPage';
import { STEPS } from '../../pages/ChangeFlowPage';
import { LoginPage } from '../../pages/LoginPage';
import { SignInAgainDialog } from '../../pages/SignInAgainDialog';
import { say } from '../../pages/lang';
import { DEMO_PASSWORD, signIn } from '../fixtures';
import { makeCustomer, shownNumber } from '../testData';
import { changesOnServer, endSessionOnServer, intercept } from './network';

// The session ends, or sign-in is refused for a while: the person learns what to do and loses
// nothing they typed.

const HAMBURG = { street: 'Neue Straße 5', postalCode: '20095', city: 'Hamburg' };

test('the session ends in the middle of the address change; after signing in again the typed text is there', async ({
  page,
}, info) => {
  const erika = await makeCustomer(info, 'plain');
  const overview = await signIn(page, erika.customer.login);
  await overview.changeAddress.click();
  const flow = new ChangeAddressPage(page);
  await flow.expectOnPage();
  await flow.street.fill(HAMBURG.street);
  await flow.postalCode.fill(HAMBURG.postalCode);
  await flow.city.fill(HAMBURG.city);

  await endSessionOnServer(page);
  await flow.continueButton.click();
  const again = new SignInAgainDialog(page);
  await expect(again.dialog).toBeVisible();
  await expect(again.login).toBeFocused();
  await again.signIn(erika.customer.login, DEMO_PASSWORD);
  await expect(again.dialog).toHaveCount(0);

  // Back where she was, with what she typed and the focus on the button she pressed.
  await flow.expectStep(STEPS.newAddress);
  await expect(flow.street).toHaveValue(HAMBURG.street);
  await expect(flow.postalCode).toHaveValue(HAMBURG.postalCode);
  await expect(flow.city).toHaveValue(HAMBURG.city);
  await expect(flow.continueButton).toBeFocused();
  await flow.continueButton.click();
  await flow.expectStep(STEPS.review);
  await flow.continueButton.click();

  // Once more on the confirm step: the password she typed stays, and confirming goes through.
  await endSessionOnServer(page);
  await flow.confirmWith(DEMO_PASSWORD);
  await expect(again.dialog).toBeVisible();
  await again.signIn(erika.customer.login, DEMO_PASSWORD);
  await expect(again.dialog).toHaveCount(0);
  await flow.expectStep(STEPS.confirm);
  await expect(flow.password).toHaveValue(DEMO_PASSWORD);
  await flow.confirmButton.click();
  await flow.expectStep(STEPS.done);
  expect(await changesOnServer(page)).toHaveLength(1);
});

test('signing in as someone else after the session ended shows none of the first person\'s page', async ({
  page,
}, info) => {
  const [erika, other] = await Promise.all([makeCustomer(info, 'plain'), makeCustomer(info, 'plain')]);
  const overview = await signIn(page, erika.customer.login);
  await overview.changeAddress.click();
  const flow = new ChangeAddressPage(page);
  await flow.street.fill(HAMBURG.street);
  await endSessionOnServer(page);
  await flow.continueButton.click();
  const again = new SignInAgainDialog(page);
  await again.signIn(other.customer.login, DEMO_PASSWORD);
  await overview.expectLoaded();
  await expect(overview.customerNumber).toHaveText(shownNumber(other.customer.customer_number));
  await expect(flow.street).toHaveCount(0);
});

test('sign-in limited: the page says how long to wait', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  // What the server answers after too many failed attempts (429, Retry-After in seconds): made
  // here, because really failing that often would lock this client out for every other spec.
  await intercept(page, 'POST', '/api/auth/login', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'Retry-After': '840' },
      json: { code: 'rate_limited', message: 'Too many failed attempts. Please wait 14 minute(s) and try again.' },
    }),
  );
  await login.signIn('someone@example.com', 'a-password');
  await expect(login.alert).toHaveText(
    say(
      'Too many sign-in attempts. Please wait 14 minutes, then try again.',
      'Zu viele Anmeldeversuche. Bitte warten Sie 14 Minuten und versuchen Sie es dann erneut.',
    ),
  );
  await expect(login.submit).toBeEnabled();
});
