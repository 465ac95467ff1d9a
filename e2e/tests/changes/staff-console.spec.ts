import { expect, test } from '../test';
import { ChangeAddressPage } from '../../pages/ChangeAddressPage';
import { STEPS } from '../../pages/ChangeFlowPage';
import { LoginPage } from '../../pages/LoginPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { StaffPage } from '../../pages/StaffPage';
import { TimelinePage } from '../../pages/TimelinePage';
import { exactly, say } from '../../pages/lang';
import { DEMO_PASSWORD, isoDateInDays, signIn } from '../fixtures';
import { type TestCustomer, type TestStaff, cardOf, makeCustomer, makeStaff, shownNumber } from '../testData';

// Story 006: an agent finds Max by card digits and name, keeps a note and a promise, acts as
// him to change his address, stops; Max sees it all. Max and the agent are this file's own (the
// test-data API); the steps build on each other and run in order, a retry with new ones.
test.describe.configure({ mode: 'serial' });

let made: TestCustomer;
let agent: TestStaff;
let MAX = { email: '', name: 'Max Mustermann', customerNumberShown: '', last4: '' };
test.beforeAll(async ({}, info) => {
  [made, agent] = await Promise.all([makeCustomer(info, 'card_replacement'), makeStaff(info, 'agent')]);
  MAX = {
    email: made.customer.login,
    name: made.customer.name,
    customerNumberShown: shownNumber(made.customer.customer_number),
    last4: cardOf(made, 'active').last4,
  };
});
const MUNICH = { street: 'Marienplatz 8', postalCode: '80331', city: 'München', country: 'DE' };
const REASON = 'Customer called: moving house';

test('a customer who opens the console is told it is for staff', async ({ page }) => {
  await signIn(page, MAX.email);
  await page.goto('/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(say('No access', 'Kein Zugriff'));
  await expect(new StaffPage(page).search).toHaveCount(0);
});

test('an agent finds Max, keeps a note and a promise, acts for him and stops', async ({ page }) => {
  test.setTimeout(90_000);
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(agent.login, DEMO_PASSWORD);
  const staff = new StaffPage(page);
  await staff.expectSearch();

  // Too short: said on the field, which gets the focus.
  await staff.find('M');
  await expect(staff.search).toHaveAttribute('aria-invalid', 'true');
  await expect(staff.search).toHaveAccessibleDescription(
    say(/Enter at least 2 characters\./, /Geben Sie mindestens 2 Zeichen ein\./),
  );
  await expect(staff.search).toBeFocused();

  await staff.find(`${MAX.last4} Mustermann`);
  // Every made Max is Max Mustermann: his is the one with his customer number.
  const hit = staff.hits.filter({ hasText: MAX.customerNumberShown });
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText(MAX.customerNumberShown);
  // What matched is worded by the server, in English.
  await expect(hit).toContainText(
    say(`Matched: card •••• ${MAX.last4} and name`, `Gefunden über: card •••• ${MAX.last4} and name`),
  );
  await hit.getByRole('link', { name: MAX.name }).click();
  await expect(page).toHaveURL(/\/staff\/customers\/[^/]+$/);
  const customerUrl = page.url();
  await expect(staff.heading).toHaveText(MAX.name);
  await expect(page.getByTestId('customer-number')).toHaveText(MAX.customerNumberShown);
  await expect(page.getByRole('heading', { name: exactly('Full timeline', 'Vollständiger Verlauf') })).toBeVisible();
  await expect(staff.timeline.first()).toBeVisible();

  await staff.addNote('Asked about moving to Munich.');
  await expect(staff.notes.filter({ hasText: 'Asked about moving to Munich.' })).toHaveCount(1);
  // An edit is a new version; the old one stays, marked as superseded.
  await staff.notes
    .filter({ hasText: 'Asked about moving to Munich.' })
    .getByRole('button', { name: exactly('Edit', 'Bearbeiten') })
    .click();
  await expect(staff.noteText).toBeFocused();
  await staff.addNote('Asked about moving to Munich next week.', exactly('Save new version', 'Neue Fassung speichern'));
  await expect(staff.notes).toHaveCount(2);
  await expect(staff.notes.filter({ hasText: say('Superseded', 'Ersetzt') })).toContainText(
    'Asked about moving to Munich.',
  );
  await expect(staff.timeline.filter({ hasText: 'Asked about moving to Munich next week.' })).toHaveCount(1);

  await staff.addPromise('Call Max back about his new card', isoDateInDays(3));
  const promise = staff.promises.filter({ hasText: 'Call Max back about his new card' });
  await expect(promise).toContainText(say('open', 'offen'));

  await staff.actAs(REASON);
  const overview = new OverviewPage(page);
  await overview.expectLoaded();
  await expect(staff.banner).toContainText(say(`You are acting as ${MAX.name}.`, `Sie handeln für ${MAX.name}.`));
  await expect(staff.banner).toContainText(REASON);
  await expect(staff.banner.getByTestId('acting-left')).toHaveText(/^\d+:\d{2}$/);

  await overview.changeAddress.click();
  const flow = new ChangeAddressPage(page);
  await flow.expectOnPage();
  await expect(staff.banner).toBeVisible();
  await flow.enter(MUNICH);
  await flow.expectStep(STEPS.review);
  await flow.continueButton.click();
  await flow.confirmWith(DEMO_PASSWORD);
  await flow.expectStep(STEPS.done);
  await flow.receipt.getByRole('link', { name: exactly('Go to your overview', 'Zur Übersicht') }).click();
  await overview.expectLoaded();
  await expect(overview.address).toContainText('Marienplatz 8');

  const timeline = new TimelinePage(page);
  await timeline.open();
  await expect(staff.banner).toBeVisible();

  await staff.stop.click();
  await expect(page).toHaveURL(customerUrl);
  await expect(staff.banner).toHaveCount(0);
  await expect(staff.heading).toHaveText(MAX.name);
  await expect(staff.actButton).toBeVisible();
});

test('Max sees the staff access, the change made for him with its reason, and the promise', async ({ page }) => {
  await signIn(page, MAX.email);
  const timeline = new TimelinePage(page);
  await timeline.open();
  const viewed = say('Viewed by staff', 'Einsicht durch Mitarbeitende');
  await expect(timeline.entries.filter({ hasText: viewed }).first()).toBeVisible();
  // The kind and who acted are worded by the app, from the parts the server sends.
  const actor = say(`${agent.name} (staff) for ${MAX.name}`, `${agent.name} (Service-Team) für ${MAX.name}`);
  const change = timeline.entries.filter({ hasText: say(`Change · ${actor}`, `Änderung · ${actor}`) });
  await expect(change.first()).toBeVisible();
  await expect(change.first()).toContainText(say(`Reason: ${REASON}`, `Grund: ${REASON}`));
  await expect(timeline.entries.filter({ hasText: say('Promise', 'Zusage') }).first()).toBeVisible();
  // Internal notes stay internal.
  await expect(timeline.entries.filter({ hasText: 'Asked about moving to Munich' })).toHaveCount(0);
});
