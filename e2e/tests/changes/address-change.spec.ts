import { expect, test } from '@playwright/test';
import { ChangeAddressPage } from '../../pages/ChangeAddressPage';
import { TimelinePage } from '../../pages/TimelinePage';
import { DEMO_PASSWORD, ERIKA, isoDateInDays, signIn } from '../fixtures';

// Erika moves on this device's own server: now, then plans another move and cancels it. The
// steps build on each other, so they run in order.
test.describe.configure({ mode: 'serial' });

const HAMBURG = { street: 'Neue Straße 5', postalCode: '20095', city: 'Hamburg', country: 'DE' };

test('a postal code in the wrong format is explained on its field', async ({ page }) => {
  const overview = await signIn(page, ERIKA.email);
  await overview.changeAddress.click();
  const flow = new ChangeAddressPage(page);
  await flow.expectOnPage();
  await flow.expectStep('New address');

  await flow.enter({ ...HAMBURG, postalCode: '1234' });
  await expect(flow.alert).toHaveText('Please check your entries.');
  await expect(flow.postalCode).toHaveAttribute('aria-invalid', 'true');
  await expect(flow.postalCode).toHaveAccessibleDescription(/5 digits/);
  await expect(flow.postalCode).toBeFocused();
  await expect(flow.street).not.toHaveAttribute('aria-invalid', 'true');
  await flow.expectStep('New address');
});

test('Erika moves today; what uses her address follows, one item stays by choice', async ({ page }) => {
  const overview = await signIn(page, ERIKA.email);
  await expect(overview.address).toContainText(ERIKA.street);
  await overview.changeAddress.click();
  const flow = new ChangeAddressPage(page);
  await flow.enter(HAMBURG);

  await flow.expectStep('Review');
  const newLine = 'Neue Straße 5, 20095 Hamburg, DE';
  await expect(flow.group(flow.review, 'move', 'home_address').getByRole('heading')).toHaveText(
    `Your home address moves to ${newLine}`,
  );
  await expect(flow.items(flow.review, 'move', 'address_use')).toHaveCount(4);
  await expect(flow.items(flow.review, 'notify', 'notification')).toHaveCount(3);
  await expect(flow.review).toContainText('Takes effect today');

  // Statement delivery stays at the old address: planned again, it moves to the "stays" group.
  await flow.keepAtOldAddress('Statement delivery address').check();
  await expect(flow.items(flow.review, 'move', 'address_use')).toHaveCount(3);
  await expect(flow.items(flow.review, 'keep', 'address_use')).toHaveCount(1);
  await expect(flow.keepAtOldAddress('Statement delivery address')).toBeChecked();

  // Going back keeps what was typed.
  await flow.back.click();
  await expect(flow.street).toHaveValue(HAMBURG.street);
  await expect(flow.city).toHaveValue(HAMBURG.city);
  await flow.continueButton.click();
  await flow.expectStep('Review');
  await expect(flow.items(flow.review, 'keep', 'address_use')).toHaveCount(1);
  await flow.expectNoSidewaysScroll();
  await flow.continueButton.click();

  await flow.confirmWith(DEMO_PASSWORD);
  await flow.expectStep('Done');
  await expect(flow.receipt.getByRole('heading', { level: 2 })).toHaveText('Done: everything has moved');
  await expect(flow.items(flow.receipt, 'move', 'address_use')).toHaveCount(3);
  await expect(flow.items(flow.receipt, 'keep', 'address_use')).toContainText('Statement delivery address');

  await flow.receipt.getByRole('link', { name: 'Go to your overview' }).click();
  await overview.expectLoaded();
  await expect(overview.address).toContainText('Neue Straße 5');
  await expect(overview.address).toContainText('20095 Hamburg');
  await expect(overview.scheduledAddress).toHaveCount(0);
});

test('the timeline shows the letters to the old and the new address', async ({ page }) => {
  await signIn(page, ERIKA.email);
  const timeline = new TimelinePage(page);
  await timeline.open();
  await expect(timeline.entry('Notification', /Letter about the address change to .*Köln/)).toHaveCount(1);
  await expect(timeline.entry('Notification', /Letter about the address change to .*Hamburg/)).toHaveCount(1);
  await expect(timeline.entries.first()).toBeVisible();
});

test('a move date schedules the change; the overview shows it with its date until cancelled', async ({ page }) => {
  const overview = await signIn(page, ERIKA.email);
  await overview.changeAddress.click();
  const flow = new ChangeAddressPage(page);
  const moveDate = isoDateInDays(30);
  await flow.enter({ street: 'Hafenweg 9', postalCode: '1010', city: 'Wien', country: 'AT', moveDate });

  await flow.expectStep('Review');
  await expect(flow.review).toContainText(`Takes effect on ${moveDate}`);
  await flow.continueButton.click();
  await flow.confirmWith(DEMO_PASSWORD);
  await expect(flow.receipt.getByRole('heading', { level: 2 })).toHaveText(`Scheduled for ${moveDate}`);

  await flow.receipt.getByRole('link', { name: 'Go to your overview' }).click();
  await overview.expectLoaded();
  // Not moved yet.
  await expect(overview.address).toContainText('Neue Straße 5');
  await expect(overview.scheduledAddress).toContainText(`Moving on ${moveDate}`);
  await expect(overview.scheduledAddress).toContainText('Hafenweg 9, 1010 Wien, AT');

  await overview.scheduledAddress.getByRole('button', { name: 'Cancel this change' }).click();
  await expect(overview.notice).toHaveText('The scheduled address change is cancelled.');
  await expect(overview.scheduledAddress).toHaveCount(0);
  await page.reload();
  await overview.expectLoaded();
  await expect(overview.address).toContainText('Neue Straße 5');
  await expect(overview.scheduledAddress).toHaveCount(0);
});
