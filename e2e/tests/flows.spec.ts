import { expect, test } from '@playwright/test';
import { ChangeCardPage } from '../pages/ChangeCardPage';
import { MAX, MAX_CARDS, signIn } from './fixtures';

// Read-only: these tests preview changes but never confirm one.

test.describe('activating a card: entering and reviewing', () => {
  test('a card number with a typo and a wrong expiry are explained on their fields', async ({ page }) => {
    const overview = await signIn(page, MAX.email);
    await overview.activateCard(MAX_CARDS.replacement.last4).click();
    const flow = new ChangeCardPage(page);
    await flow.expectOnPage();
    await flow.expectStep('New card');

    // Luhn: refused before anything is sent, on the number field, which gets focus.
    await flow.enter('4242 4242 4242 4241', MAX_CARDS.replacement.expiry);
    await expect(flow.alert).toHaveText('Please check your entries.');
    await expect(flow.number).toHaveAttribute('aria-invalid', 'true');
    await expect(flow.number).toHaveAccessibleDescription(/This card number has a typo/);
    await expect(flow.number).toBeFocused();
    await expect(flow.expiry).not.toHaveAttribute('aria-invalid', 'true');

    // A valid expiry that is not this card's: the server says so, on the expiry field.
    await flow.enter(MAX_CARDS.replacement.number, '11/29');
    await expect(flow.expiry).toHaveAttribute('aria-invalid', 'true');
    await expect(flow.expiry).toHaveAccessibleDescription(/does not match this card/);
    await expect(flow.expiry).toBeFocused();
    await expect(flow.number).not.toHaveAttribute('aria-invalid', 'true');
    await flow.expectStep('New card');
  });

  test('the review groups and counts what moves and what stays; going back keeps the input', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const overview = await signIn(page, MAX.email);
    await overview.activateCard(MAX_CARDS.replacement.last4).click();
    const flow = new ChangeCardPage(page);
    await flow.enter(MAX_CARDS.replacement.number, MAX_CARDS.replacement.expiry);

    await flow.expectStep('Review');
    await expect(page.getByRole('heading', { name: 'Review what carries over' })).toBeFocused();
    const to = MAX_CARDS.replacement.label;
    await expect(flow.group(flow.review, 'move', 'recurring_payment').getByRole('heading')).toHaveText(
      `3 recurring payments move to ${to}`,
    );
    await expect(flow.items(flow.review, 'move', 'recurring_payment')).toHaveCount(3);
    await expect(flow.group(flow.review, 'move', 'alert').getByRole('heading')).toHaveText(`2 alerts move to ${to}`);
    await expect(flow.group(flow.review, 'move', 'limit').getByRole('heading')).toHaveText(`1 limit moves to ${to}`);
    await expect(flow.group(flow.review, 'move', 'wallet_token').getByRole('heading')).toHaveText(
      `1 mobile wallet moves to ${to}`,
    );
    await expect(flow.group(flow.review, 'keep', 'standing_order').getByRole('heading')).toHaveText(
      '3 standing orders stay unchanged',
    );
    await expect(flow.group(flow.review, 'keep', 'mandate').getByRole('heading')).toHaveText(
      '2 direct debit mandates stay unchanged',
    );
    await expect(flow.group(flow.review, 'keep', 'sign_in')).toContainText('customer number and password');
    await expect(flow.group(flow.review, 'cancel', 'card')).toContainText(MAX_CARDS.old.label);
    await flow.expectNoSidewaysScroll();

    await flow.back.click();
    await flow.expectStep('New card');
    await expect(flow.number).toHaveValue(MAX_CARDS.replacement.number);
    await expect(flow.expiry).toHaveValue(MAX_CARDS.replacement.expiry);

    // Keyboard only: Enter in a field submits the step.
    await flow.expiry.press('Enter');
    await flow.expectStep('Review');
    await flow.continueButton.click();
    await flow.expectStep('Confirm');
    await expect(flow.password).toBeVisible();
    await flow.expectNoSidewaysScroll();
  });
});
