import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { ChangeAddressPage } from '../pages/ChangeAddressPage';
import { ChangeCardPage } from '../pages/ChangeCardPage';
import { type ChangeFlowPage, STEPS } from '../pages/ChangeFlowPage';
import { Keyboard } from '../pages/Keyboard';
import { LoginPage } from '../pages/LoginPage';
import { OverviewPage } from '../pages/OverviewPage';
import { exactly, say } from '../pages/lang';
import { DEMO_PASSWORD } from './fixtures';
import { type TestCustomer, cardOf, makeCustomer } from './testData';

// Card activation and the address change with the keyboard alone: Tab, Shift+Tab, Enter, Space
// and the arrow keys, typing into fields. No click anywhere; every step checks the focus order,
// so an action a keyboard cannot reach, or a focus lost on the way, fails the test.

const SKIP = exactly('Skip to main content', 'Zum Inhalt springen');
const CANCEL = exactly('Cancel', 'Abbrechen');
const STATEMENT_ADDRESS = say('Statement delivery address', 'Adresse für Kontoauszüge');

function stepHeading(page: Page): ReturnType<Page['getByRole']> {
  return page.getByRole('main').getByRole('heading', { level: 2 }).first();
}

/** Signs in with the keyboard: the fields and the button in order, Enter on the button. */
async function signInByKeyboard(page: Page, keys: Keyboard, who: TestCustomer): Promise<OverviewPage> {
  const login = new LoginPage(page);
  await login.goto();
  // A page loaded afresh: the skip link comes first and leads into the content.
  await keys.press('Tab', page.getByRole('link', { name: SKIP }));
  await page.keyboard.press('Enter');
  await keys.tabTo(login.login, 3);
  await keys.type(who.customer.login);
  await keys.press('Tab', login.password);
  await keys.type(DEMO_PASSWORD);
  await keys.press('Tab', login.submit);
  await page.keyboard.press('Enter');
  const overview = new OverviewPage(page);
  await overview.expectLoaded();
  return overview;
}

/**
 * A page opened from another starts at its heading (the focus moves there, and a screen reader
 * reads it), and the next Tab is the page's first field: nothing of the page before is left
 * in between, and the header is not walked through again.
 */
async function startAtHeading(page: Page, keys: Keyboard, first: Parameters<Keyboard['press']>[1]): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await keys.tabThrough([first]);
}

/** Review → confirm → receipt, by keyboard, from the review step's Continue button. */
async function confirmByKeyboard(page: Page, keys: Keyboard, flow: ChangeFlowPage): Promise<void> {
  await page.keyboard.press('Enter');
  await flow.expectStep(STEPS.confirm);
  await expect(stepHeading(page)).toBeFocused();
  await keys.tabThrough([flow.password]);
  await keys.type(DEMO_PASSWORD);
  await keys.tabThrough([flow.confirmButton, flow.back]);
  await keys.shiftTabThrough([flow.confirmButton]);
  await page.keyboard.press('Space');
  await flow.expectStep(STEPS.done);
  await expect(stepHeading(page)).toBeFocused();
  const toOverview = flow.receipt.getByRole('link', { name: exactly('Go to your overview', 'Zur Übersicht') });
  const toTimeline = flow.receipt.getByRole('link', { name: exactly('See your timeline', 'Verlauf ansehen') });
  await keys.tabThrough([toOverview, toTimeline]);
  await keys.shiftTabThrough([toOverview]);
  await page.keyboard.press('Enter');
}

test('a replacement card is activated with the keyboard alone', async ({ page }, info) => {
  const max = await makeCustomer(info, 'card_replacement');
  const replacement = cardOf(max, 'issued');
  const keys = new Keyboard(page);
  const overview = await signInByKeyboard(page, keys, max);

  await keys.tabTo(overview.activateCard(replacement.last4));
  await page.keyboard.press('Enter');
  const flow = new ChangeCardPage(page);
  await flow.expectOnPage();
  await startAtHeading(page, keys, flow.number);

  // Number, expiry, Continue, Cancel; back up to Continue with Shift+Tab.
  await keys.type(replacement.number);
  const cancel = page.getByRole('main').getByRole('link', { name: CANCEL });
  await keys.tabThrough([flow.expiry]);
  await keys.type(replacement.expiry);
  await keys.tabThrough([flow.continueButton, cancel]);
  await keys.shiftTabThrough([flow.continueButton]);
  await page.keyboard.press('Enter');

  // The review starts at its heading; Back keeps what was typed, and Continue plans again.
  await flow.expectStep(STEPS.review);
  await expect(stepHeading(page)).toBeFocused();
  await keys.tabThrough([flow.continueButton, flow.back]);
  await page.keyboard.press('Enter');
  await flow.expectStep(STEPS.newCard);
  await expect(stepHeading(page)).toBeFocused();
  await expect(flow.number).toHaveValue(replacement.number);
  await keys.tabThrough([flow.number, flow.expiry, flow.continueButton]);
  await page.keyboard.press('Enter');
  await flow.expectStep(STEPS.review);
  await expect(stepHeading(page)).toBeFocused();
  await keys.tabThrough([flow.continueButton]);

  await confirmByKeyboard(page, keys, flow);
  await overview.expectLoaded();
  await expect(overview.card(replacement.last4).getByTestId('card-status')).toHaveText(say('Active', 'Aktiv'));
});

test('the address changes with the keyboard alone, one item kept at the old address', async ({ page }, info) => {
  const erika = await makeCustomer(info, 'joint_account_bereavement');
  const keys = new Keyboard(page);
  const overview = await signInByKeyboard(page, keys, erika);

  await keys.tabTo(overview.changeAddress);
  await page.keyboard.press('Enter');
  const flow = new ChangeAddressPage(page);
  await flow.expectOnPage();
  await startAtHeading(page, keys, flow.street);

  const extra = page.getByLabel(exactly('Additional line (optional)', 'Adresszusatz (optional)'));
  await keys.type('Hafenweg 9');
  await keys.tabThrough([extra, flow.postalCode]);
  await keys.type('1010');
  await keys.tabThrough([flow.city]);
  await keys.type('Wien');
  // The country by arrow key: Austria follows Germany.
  await keys.tabThrough([flow.country]);
  await page.keyboard.press('ArrowDown');
  await expect(flow.country).toHaveValue('AT');
  // "When": the checked radio is in the order; an arrow picks the move date and shows its field,
  // the other arrow goes back to today and the field goes away.
  await keys.tabThrough([flow.fromToday]);
  await keys.press('ArrowDown', flow.fromMoveDate);
  await expect(flow.fromMoveDate).toBeChecked();
  await keys.tabThrough([flow.moveDate]);
  await keys.shiftTabThrough([flow.fromMoveDate]);
  await keys.press('ArrowUp', flow.fromToday);
  await expect(flow.fromToday).toBeChecked();
  await expect(flow.moveDate).toHaveCount(0);
  await keys.tabThrough([flow.continueButton, page.getByRole('main').getByRole('link', { name: CANCEL })]);
  await keys.shiftTabThrough([flow.continueButton]);
  await page.keyboard.press('Enter');

  // The review: every "keep at the old address" box in the order, Space ticks one; the plan is
  // made again and the focus stays on that box.
  await flow.expectStep(STEPS.review);
  await expect(stepHeading(page)).toBeFocused();
  const boxes = flow.review.getByRole('checkbox', {
    name: exactly('Keep at the old address', 'Bei der alten Adresse lassen'),
  });
  await expect(boxes).toHaveCount(4);
  await keys.tabThrough([boxes.nth(0), boxes.nth(1), boxes.nth(2), boxes.nth(3), flow.continueButton, flow.back]);
  const statement = flow.keepAtOldAddress(STATEMENT_ADDRESS);
  await keys.tabTo(statement, 5, true);
  await page.keyboard.press('Space');
  await expect(flow.items(flow.review, 'keep', 'address_use')).toHaveCount(1);
  await expect(statement).toBeChecked();
  await expect(statement).toBeFocused();
  await keys.tabTo(flow.continueButton, 4);

  await confirmByKeyboard(page, keys, flow);
  await overview.expectLoaded();
  await expect(overview.address).toContainText('Hafenweg 9');
});
