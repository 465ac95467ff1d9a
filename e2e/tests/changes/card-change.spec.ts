import type { Page } from '@playwright/test';
import { expect, test } from '../test';
import { ChangeCardPage } from '../../pages/ChangeCardPage';
import { STEPS } from '../../pages/ChangeFlowPage';
import { LoginPage } from '../../pages/LoginPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { exactly, say } from '../../pages/lang';
import { DEMO_PASSWORD, signIn } from '../fixtures';
import { type TestCustomer, cardOf, makeCustomer, shownNumber } from '../testData';
import { activationToConfirm } from '../cardFlow';

// Story 000, each test with a Max of its own (the test-data API): his replacement card is
// activated, then reported lost.

const ACTIVE = say('Active', 'Aktiv');
const ISSUED = say('Issued', 'Ausgestellt');
const REPORT = exactly('Report lost or stolen', 'Verlust oder Diebstahl melden');

/** Max's cards as the overview labels them. */
function cards(max: TestCustomer) {
  const old = cardOf(max, 'active');
  const replacement = cardOf(max, 'issued');
  return { old: { ...old, label: `Visa •••• ${old.last4} (${old.expiry})` }, replacement };
}

/** Max activates his replacement card; the flow ends on its receipt. */
async function activate(page: Page, max: TestCustomer): Promise<ChangeCardPage> {
  const flow = await activationToConfirm(page, max);
  await flow.confirmWith(DEMO_PASSWORD);
  await flow.expectStep(STEPS.done);
  return flow;
}

test('Max activates his new card and everything on the old one moves to it', async ({ page }, info) => {
  const max = await makeCustomer(info, 'card_replacement');
  const MAX_CARDS = cards(max);
  const overview = await signIn(page, max.customer.login);
  await expect(overview.card(MAX_CARDS.replacement.last4).getByTestId('card-status')).toHaveText(ISSUED);
  await overview.activateCard(MAX_CARDS.replacement.last4).click();

  const flow = new ChangeCardPage(page);
  await flow.enter(MAX_CARDS.replacement.number, MAX_CARDS.replacement.expiry);
  await flow.expectStep(STEPS.review);
  await expect(flow.items(flow.review, 'move', 'recurring_payment')).toHaveCount(3);
  await expect(flow.items(flow.review, 'move', 'alert')).toHaveCount(2);
  await expect(flow.items(flow.review, 'move', 'limit')).toHaveCount(1);
  await expect(flow.items(flow.review, 'move', 'wallet_token')).toHaveCount(1);
  await expect(flow.items(flow.review, 'keep', 'standing_order')).toHaveCount(3);
  await expect(flow.items(flow.review, 'keep', 'mandate')).toHaveCount(2);
  await flow.continueButton.click();

  // A wrong password is explained on the field; nothing changes.
  await flow.expectStep(STEPS.confirm);
  await flow.confirmWith('not-my-password');
  await expect(flow.password).toHaveAttribute('aria-invalid', 'true');
  await expect(flow.password).toHaveAccessibleDescription(
    say('That password is not right.', 'Das Passwort stimmt nicht.'),
  );
  await expect(flow.password).toBeFocused();
  await flow.expectStep(STEPS.confirm);

  await flow.confirmWith(DEMO_PASSWORD);
  await flow.expectStep(STEPS.done);
  await expect(flow.receipt.getByRole('heading', { level: 2 })).toHaveText(
    say('Done: everything has moved', 'Erledigt: Alles ist umgezogen'),
  );
  await expect(flow.items(flow.receipt, 'move', 'recurring_payment')).toHaveCount(3);
  for (const merchant of ['Netflix', 'Spotify', 'Amazon Prime']) {
    await expect(flow.group(flow.receipt, 'move', 'recurring_payment')).toContainText(merchant);
  }
  await expect(flow.items(flow.receipt, 'move', 'alert')).toHaveCount(2);
  await expect(flow.items(flow.receipt, 'move', 'limit')).toHaveCount(1);
  await expect(flow.items(flow.receipt, 'move', 'wallet_token')).toHaveCount(1);
  await expect(flow.items(flow.receipt, 'keep', 'standing_order')).toHaveCount(3);
  await expect(flow.items(flow.receipt, 'keep', 'mandate')).toHaveCount(2);
  await expect(flow.group(flow.receipt, 'cancel', 'card')).toContainText(MAX_CARDS.old.label);

  await flow.receipt.getByRole('link', { name: exactly('Go to your overview', 'Zur Übersicht') }).click();
  await overview.expectLoaded();
  const active = overview.card(MAX_CARDS.replacement.last4);
  await expect(active.getByTestId('card-status')).toHaveText(ACTIVE);
  await expect(overview.entries(active, 'recurring-payments')).toHaveCount(3);
  await expect(overview.entries(active, 'alerts')).toHaveCount(2);
  await expect(overview.entries(active, 'limits')).toHaveCount(1);
  await expect(overview.entries(active, 'wallet-tokens')).toHaveCount(1);
  const old = overview.card(MAX_CARDS.old.last4);
  await expect(old.getByTestId('card-status')).toHaveText(say('Replaced', 'Ersetzt'));
  await expect(old.getByTestId('recurring-payments')).toHaveCount(0);
  const account = overview.firstAccount();
  await expect(overview.entries(account, 'standing-orders')).toHaveCount(3);
  await expect(overview.entries(account, 'mandates')).toHaveCount(2);
});

test('after the change Max signs in again with the same customer number and password', async ({ page }, info) => {
  const max = await makeCustomer(info, 'card_replacement');
  await activate(page, max);
  await page.goto('/');
  const overview = new OverviewPage(page);
  await overview.expectLoaded();
  await overview.signOut.click();
  const login = new LoginPage(page);
  await login.expectOnPage();
  await login.signIn(max.customer.customer_number, DEMO_PASSWORD);
  const again = new OverviewPage(page);
  await again.expectLoaded();
  await expect(again.customerNumber).toHaveText(shownNumber(max.customer.customer_number));
  await expect(again.card(cards(max).replacement.last4).getByTestId('card-status')).toHaveText(ACTIVE);
});

test('reporting the new card lost blocks it, orders a replacement, and its payments wait', async ({ page }, info) => {
  const max = await makeCustomer(info, 'card_replacement');
  const last4 = cards(max).replacement.last4;
  await activate(page, max);
  await page.goto('/');
  const overview = new OverviewPage(page);
  await overview.expectLoaded();
  const card = overview.card(last4);

  // No reason chosen: said on the reason group.
  await card.getByRole('button', { name: REPORT }).click();
  await expect(card.getByRole('button', { name: REPORT })).toHaveAttribute('aria-expanded', 'true');
  await card.getByRole('button', { name: exactly('Block card', 'Karte sperren') }).click();
  const reasons = card.getByRole('group', {
    name: exactly(`What happened to card •••• ${last4}?`, `Was ist mit der Karte •••• ${last4} passiert?`),
  });
  await expect(reasons).toHaveAccessibleDescription(
    say('Choose what happened to the card.', 'Wählen Sie, was mit der Karte passiert ist.'),
  );
  await card.getByRole('button', { name: REPORT }).click();

  await overview.reportCard(last4, 'lost');
  await expect(overview.notice).toContainText(say(`Card •••• ${last4} is blocked.`, `Karte •••• ${last4} ist gesperrt.`));
  await expect(overview.notice).toContainText(say('3 payments wait for it.', '3 Zahlungen warten auf sie.'));
  const replacement = (await overview.notice.textContent())?.match(
    say(/Replacement card •••• (\d{4})/, /Ersatzkarte •••• (\d{4})/),
  )?.[1];
  expect(replacement).toBeTruthy();

  await expect(card.getByTestId('card-status')).toHaveText(say('Blocked', 'Gesperrt'));
  const waiting = say('Waiting for the new card', 'Wartet auf neue Karte');
  await expect(card.getByTestId('recurring-payments').getByTestId('row-status')).toHaveText([
    waiting,
    waiting,
    waiting,
  ]);
  const pending = overview.card(replacement!);
  await expect(pending.getByTestId('card-status')).toHaveText(ISSUED);
  await expect(pending.getByTestId('card-pending')).toContainText(
    say('Your new card is on its way.', 'Ihre neue Karte ist unterwegs.'),
  );
});
