import { expect, test } from '../test';
import { ChangeAddressPage } from '../../pages/ChangeAddressPage';
import { STEPS } from '../../pages/ChangeFlowPage';
import { TimelinePage } from '../../pages/TimelinePage';
import { exactly, say } from '../../pages/lang';
import { DEMO_PASSWORD, ERIKA, isoDateInDays, shownDate, signIn } from '../fixtures';
import { type TestCustomer, makeCustomer } from '../testData';

// An Erika of this file's own (the test-data API) moves: now, then plans another move and
// cancels it. The steps build on each other, so they run in order; a retry starts again with a
// new Erika.
test.describe.configure({ mode: 'serial' });

let erika: TestCustomer;
test.beforeAll(async ({}, info) => {
  erika = await makeCustomer(info, 'joint_account_bereavement');
});

const HAMBURG = { street: 'Neue Straße 5', postalCode: '20095', city: 'Hamburg', country: 'DE' };
const CHECK_ENTRIES = say('Please check your entries.', 'Bitte prüfen Sie Ihre Eingaben.');
const STATEMENT_ADDRESS = say('Statement delivery address', 'Adresse für Kontoauszüge');
const TO_OVERVIEW = exactly('Go to your overview', 'Zur Übersicht');

test('a postal code in the wrong format is explained on its field', async ({ page }) => {
  const overview = await signIn(page, erika.customer.login);
  await overview.changeAddress.click();
  const flow = new ChangeAddressPage(page);
  await flow.expectOnPage();
  await flow.expectStep(STEPS.newAddress);

  await flow.enter({ ...HAMBURG, postalCode: '1234' });
  await expect(flow.alert).toHaveText(CHECK_ENTRIES);
  await expect(flow.postalCode).toHaveAttribute('aria-invalid', 'true');
  // The server's English message; in German the app's own (field.address.postal_code).
  await expect(flow.postalCode).toHaveAccessibleDescription(
    say(/5 digits/, /Diese Postleitzahl hat nicht das Format des gewählten Landes\./),
  );
  await expect(flow.postalCode).toBeFocused();
  await expect(flow.street).not.toHaveAttribute('aria-invalid', 'true');
  await flow.expectStep(STEPS.newAddress);
});

test('Erika moves today; what uses her address follows, one item stays by choice', async ({ page }) => {
  const overview = await signIn(page, erika.customer.login);
  await expect(overview.address).toContainText(ERIKA.street);
  await overview.changeAddress.click();
  const flow = new ChangeAddressPage(page);
  await flow.enter(HAMBURG);

  await flow.expectStep(STEPS.review);
  const newLine = 'Neue Straße 5, 20095 Hamburg, DE';
  await expect(flow.group(flow.review, 'move', 'home_address').getByRole('heading')).toHaveText(
    say(`Your home address moves to ${newLine}`, `Ihre Wohnadresse wechselt zu ${newLine}`),
  );
  await expect(flow.items(flow.review, 'move', 'address_use')).toHaveCount(4);
  await expect(flow.items(flow.review, 'notify', 'notification')).toHaveCount(3);
  await expect(flow.review).toContainText(say('Takes effect today', 'Gilt ab heute'));

  // Statement delivery stays at the old address: planned again, it moves to the "stays" group.
  await flow.keepAtOldAddress(STATEMENT_ADDRESS).check();
  await expect(flow.items(flow.review, 'move', 'address_use')).toHaveCount(3);
  await expect(flow.items(flow.review, 'keep', 'address_use')).toHaveCount(1);
  await expect(flow.keepAtOldAddress(STATEMENT_ADDRESS)).toBeChecked();

  // Going back keeps what was typed.
  await flow.back.click();
  await expect(flow.street).toHaveValue(HAMBURG.street);
  await expect(flow.city).toHaveValue(HAMBURG.city);
  await flow.continueButton.click();
  await flow.expectStep(STEPS.review);
  await expect(flow.items(flow.review, 'keep', 'address_use')).toHaveCount(1);
  await flow.expectNoSidewaysScroll();
  await flow.continueButton.click();

  await flow.confirmWith(DEMO_PASSWORD);
  await flow.expectStep(STEPS.done);
  await expect(flow.receipt.getByRole('heading', { level: 2 })).toHaveText(
    say('Done: everything has moved', 'Erledigt: Alles ist umgezogen'),
  );
  await expect(flow.items(flow.receipt, 'move', 'address_use')).toHaveCount(3);
  await expect(flow.items(flow.receipt, 'keep', 'address_use')).toContainText(STATEMENT_ADDRESS);

  await flow.receipt.getByRole('link', { name: TO_OVERVIEW }).click();
  await overview.expectLoaded();
  await expect(overview.address).toContainText('Neue Straße 5');
  await expect(overview.address).toContainText('20095 Hamburg');
  await expect(overview.scheduledAddress).toHaveCount(0);
});

test('the timeline shows the letters to the old and the new address', async ({ page }) => {
  await signIn(page, erika.customer.login);
  const timeline = new TimelinePage(page);
  await timeline.open();
  // The kind and the words are the app's: the server sends an event code and its parameters.
  const notification = say('Notification', 'Mitteilung');
  const letter = (city: string) =>
    say(new RegExp(`Letter about the address change to .*${city}`), new RegExp(`Brief zur Adressänderung an .*${city}`));
  await expect(timeline.entry(notification, letter('Köln'))).toHaveCount(1);
  await expect(timeline.entry(notification, letter('Hamburg'))).toHaveCount(1);
  await expect(timeline.entries.first()).toBeVisible();
});

test('a move date schedules the change; the overview shows it with its date until cancelled', async ({ page }) => {
  const overview = await signIn(page, erika.customer.login);
  await overview.changeAddress.click();
  const flow = new ChangeAddressPage(page);
  const moveDate = isoDateInDays(30);
  await flow.enter({ street: 'Hafenweg 9', postalCode: '1010', city: 'Wien', country: 'AT', moveDate });

  const shown = shownDate(moveDate);
  await flow.expectStep(STEPS.review);
  await expect(flow.review).toContainText(say(`Takes effect on ${shown}`, `Gilt ab ${shown}`));
  await flow.continueButton.click();
  await flow.confirmWith(DEMO_PASSWORD);
  await expect(flow.receipt.getByRole('heading', { level: 2 })).toHaveText(
    say(`Scheduled for ${shown}`, `Geplant für den ${shown}`),
  );

  await flow.receipt.getByRole('link', { name: TO_OVERVIEW }).click();
  await overview.expectLoaded();
  // Not moved yet.
  await expect(overview.address).toContainText('Neue Straße 5');
  await expect(overview.scheduledAddress).toContainText(say(`Moving on ${shown}`, `Umzug geplant zum ${shown}`));
  await expect(overview.scheduledAddress).toContainText('Hafenweg 9, 1010 Wien, AT');

  await overview.scheduledAddress
    .getByRole('button', { name: exactly('Cancel this change', 'Geplante Änderung abbrechen') })
    .click();
  await expect(overview.notice).toHaveText(
    say('The scheduled address change is cancelled.', 'Die geplante Adressänderung ist abgebrochen.'),
  );
  await expect(overview.scheduledAddress).toHaveCount(0);
  await page.reload();
  await overview.expectLoaded();
  await expect(overview.address).toContainText('Neue Straße 5');
  await expect(overview.scheduledAddress).toHaveCount(0);
});
