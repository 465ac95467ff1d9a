import { expect, test } from './test';
import { ChangeCardPage } from '../pages/ChangeCardPage';
import { STEPS } from '../pages/ChangeFlowPage';
import { exactly, say } from '../pages/lang';
import { MAX, MAX_CARDS, signIn } from './fixtures';

// Read-only: these tests preview changes but never confirm one.

test.describe('activating a card: entering and reviewing', () => {
  test('a card number with a typo and a wrong expiry are explained on their fields', async ({ page }) => {
    const overview = await signIn(page, MAX.email);
    await overview.activateCard(MAX_CARDS.replacement.last4).click();
    const flow = new ChangeCardPage(page);
    await flow.expectOnPage();
    await flow.expectStep(STEPS.newCard);

    // Luhn: refused before anything is sent, on the number field, which gets focus.
    await flow.enter('4242 4242 4242 4241', MAX_CARDS.replacement.expiry);
    await expect(flow.alert).toHaveText(say('Please check your entries.', 'Bitte prüfen Sie Ihre Eingaben.'));
    await expect(flow.number).toHaveAttribute('aria-invalid', 'true');
    await expect(flow.number).toHaveAccessibleDescription(
      say(/This card number has a typo\./, /Diese Kartennummer enthält einen Tippfehler\./),
    );
    await expect(flow.number).toBeFocused();
    await expect(flow.expiry).not.toHaveAttribute('aria-invalid', 'true');

    // A valid expiry that is not this card's: the server says so, on the expiry field (in
    // English; in German the app words it itself, field.expiry).
    await flow.enter(MAX_CARDS.replacement.number, '11/29');
    await expect(flow.expiry).toHaveAttribute('aria-invalid', 'true');
    await expect(flow.expiry).toHaveAccessibleDescription(
      say(/The expiry does not match this card\./, /Es passt nicht zu dieser Karte\./),
    );
    await expect(flow.expiry).toBeFocused();
    await expect(flow.number).not.toHaveAttribute('aria-invalid', 'true');
    await flow.expectStep(STEPS.newCard);
  });

  test('the review groups and counts what moves and what stays; going back keeps the input', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const overview = await signIn(page, MAX.email);
    await overview.activateCard(MAX_CARDS.replacement.last4).click();
    const flow = new ChangeCardPage(page);
    await flow.enter(MAX_CARDS.replacement.number, MAX_CARDS.replacement.expiry);

    await flow.expectStep(STEPS.review);
    await expect(
      page.getByRole('heading', { name: exactly('Review what carries over', 'Prüfen Sie, was mitzieht') }),
    ).toBeFocused();
    const to = MAX_CARDS.replacement.label;
    await expect(flow.group(flow.review, 'move', 'recurring_payment').getByRole('heading')).toHaveText(
      say(`3 recurring payments move to ${to}`, `3 wiederkehrende Kartenzahlungen wechseln zu ${to}`),
    );
    await expect(flow.items(flow.review, 'move', 'recurring_payment')).toHaveCount(3);
    await expect(flow.group(flow.review, 'move', 'alert').getByRole('heading')).toHaveText(
      say(`2 alerts move to ${to}`, `2 Benachrichtigungen wechseln zu ${to}`),
    );
    await expect(flow.group(flow.review, 'move', 'limit').getByRole('heading')).toHaveText(
      say(`1 limit moves to ${to}`, `1 Limit wechselt zu ${to}`),
    );
    await expect(flow.group(flow.review, 'move', 'wallet_token').getByRole('heading')).toHaveText(
      say(`1 mobile wallet moves to ${to}`, `1 Mobile Wallet wechselt zu ${to}`),
    );
    await expect(flow.group(flow.review, 'keep', 'standing_order').getByRole('heading')).toHaveText(
      say('3 standing orders stay unchanged', '3 Daueraufträge bleiben unverändert'),
    );
    await expect(flow.group(flow.review, 'keep', 'mandate').getByRole('heading')).toHaveText(
      say('2 direct debit mandates stay unchanged', '2 Lastschriftmandate bleiben unverändert'),
    );
    await expect(flow.group(flow.review, 'keep', 'sign_in')).toContainText(
      say('customer number and password', 'Kundennummer und Passwort'),
    );
    await expect(flow.group(flow.review, 'cancel', 'card')).toContainText(MAX_CARDS.old.label);
    await flow.expectNoSidewaysScroll();

    await flow.back.click();
    await flow.expectStep(STEPS.newCard);
    await expect(flow.number).toHaveValue(MAX_CARDS.replacement.number);
    await expect(flow.expiry).toHaveValue(MAX_CARDS.replacement.expiry);

    // Keyboard only: Enter in a field submits the step.
    await flow.expiry.press('Enter');
    await flow.expectStep(STEPS.review);
    await flow.continueButton.click();
    await flow.expectStep(STEPS.confirm);
    await expect(flow.password).toBeVisible();
    await flow.expectNoSidewaysScroll();
  });
});
