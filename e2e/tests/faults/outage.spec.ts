import { expect, test } from '../test';
import { ChangeCardPage } from '../../pages/ChangeCardPage';
import { STEPS } from '../../pages/ChangeFlowPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { exactly } from '../../pages/lang';
import { signIn } from '../fixtures';
import { cardOf, makeCustomer } from '../testData';
import { UNAVAILABLE, serviceUnavailable, unreachable } from './network';

// The server is down (a proxy answers 503) or cannot be reached at all: the page says so in
// words, keeps what was typed, and the same action works once the server is back.

const TRY_AGAIN = exactly('Try again', 'Erneut versuchen');

test('a 503 while planning: a clear message, the typed card kept, and Continue works once it is back', async ({
  page,
}, info) => {
  const max = await makeCustomer(info, 'card_replacement');
  const replacement = cardOf(max, 'issued');
  const overview = await signIn(page, max.customer.login);
  // The outage before the click: the flow is another app's page, whose loading a route added
  // meanwhile could miss.
  const back = await serviceUnavailable(page, 'POST', '/api/changes/preview');
  await overview.activateCard(replacement.last4).click();
  const flow = new ChangeCardPage(page);

  await flow.enter(replacement.number, replacement.expiry);
  await expect(flow.alert).toHaveText(UNAVAILABLE);
  await flow.expectStep(STEPS.newCard);
  await expect(flow.number).toHaveValue(replacement.number);

  await back();
  await flow.continueButton.click();
  await flow.expectStep(STEPS.review);
  await expect(flow.items(flow.review, 'move', 'recurring_payment')).toHaveCount(3);
});

test('the server unreachable when a flow opens: a message and a retry that works once it answers', async ({
  page,
}, info) => {
  const max = await makeCustomer(info, 'card_replacement');
  await signIn(page, max.customer.login);
  const back = await unreachable(page, 'GET', '/api/auth/session');
  await page.goto('/change/card');
  const alert = page.getByRole('alert').filter({ hasText: UNAVAILABLE });
  await expect(alert).toBeVisible();

  await back();
  await alert.getByRole('button', { name: TRY_AGAIN }).click();
  const flow = new ChangeCardPage(page);
  await flow.expectOnPage();
  await flow.expectStep(STEPS.newCard);
});

test('the overview while the server answers 503: a message and a retry that loads it', async ({ page }, info) => {
  const max = await makeCustomer(info, 'card_replacement');
  await signIn(page, max.customer.login);
  const back = await serviceUnavailable(page, 'GET', '/api/me');
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: UNAVAILABLE });
  await expect(alert).toBeVisible();

  await back();
  await alert.getByRole('button', { name: TRY_AGAIN }).click();
  const overview = new OverviewPage(page);
  await overview.expectLoaded();
  await expect(overview.card(cardOf(max, 'issued').last4)).toBeVisible();
});
