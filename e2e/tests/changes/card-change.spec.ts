import { expect, test } from '../test';
import { ChangeCardPage } from '../../pages/ChangeCardPage';
import { STEPS } from '../../pages/ChangeFlowPage';
import { LoginPage } from '../../pages/LoginPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { exactly, say } from '../../pages/lang';
import { DEMO_PASSWORD, MAX, MAX_CARDS, signIn } from '../fixtures';

// Story 000 replayed on this device's own server: one card activation per database, then the
// new card is reported lost. The steps build on each other, so they run in order.
test.describe.configure({ mode: 'serial' });

const ACTIVE = say('Active', 'Aktiv');
const ISSUED = say('Issued', 'Ausgestellt');
const REPORT = exactly('Report lost or stolen', 'Verlust oder Diebstahl melden');

test('Max activates his new card and everything on the old one moves to it', async ({ page }) => {
  const overview = await signIn(page, MAX.email);
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

test('after the change Max signs in again with the same customer number and password', async ({ page }) => {
  const overview = await signIn(page, MAX.email);
  await overview.signOut.click();
  const login = new LoginPage(page);
  await login.expectOnPage();
  await login.signIn(MAX.customerNumber, DEMO_PASSWORD);
  const again = new OverviewPage(page);
  await again.expectLoaded();
  await expect(again.customerNumber).toHaveText(MAX.customerNumberShown);
  await expect(again.card(MAX_CARDS.replacement.last4).getByTestId('card-status')).toHaveText(ACTIVE);
});

test('reporting the new card lost blocks it, orders a replacement, and its payments wait', async ({ page }) => {
  const overview = await signIn(page, MAX.email);
  const card = overview.card(MAX_CARDS.replacement.last4);

  // No reason chosen: said on the reason group.
  await card.getByRole('button', { name: REPORT }).click();
  await expect(card.getByRole('button', { name: REPORT })).toHaveAttribute('aria-expanded', 'true');
  await card.getByRole('button', { name: exactly('Block card', 'Karte sperren') }).click();
  const reasons = card.getByRole('group', {
    name: exactly('What happened to card •••• 4242?', 'Was ist mit der Karte •••• 4242 passiert?'),
  });
  await expect(reasons).toHaveAccessibleDescription(
    say('Choose what happened to the card.', 'Wählen Sie, was mit der Karte passiert ist.'),
  );
  await card.getByRole('button', { name: REPORT }).click();

  await overview.reportCard(MAX_CARDS.replacement.last4, 'lost');
  await expect(overview.notice).toContainText(say('Card •••• 4242 is blocked.', 'Karte •••• 4242 ist gesperrt.'));
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
