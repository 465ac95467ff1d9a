import { expect, test } from '../test';
import { ChangeCardPage } from '../../pages/ChangeCardPage';
import { STEPS } from '../../pages/ChangeFlowPage';
import { say } from '../../pages/lang';
import { DEMO_PASSWORD, signIn } from '../fixtures';
import { cardOf, makeCustomer } from '../testData';
import { activationToConfirm } from '../cardFlow';
import { UNAVAILABLE, changesOnServer, loseNextAnswer, recordCalls, slowAnswers } from './network';

// A commit on a network that loses or delays answers: the server must apply a change once, and
// the page must neither lose track of it nor send it twice.

const DONE = say('Done: everything has moved', 'Erledigt: Alles ist umgezogen');

test('the commit is applied but its answer is lost; the retry shows the receipt of the one change', async ({
  page,
}, info) => {
  const max = await makeCustomer(info, 'card_replacement');
  const flow = await activationToConfirm(page, max);
  const commits = recordCalls(page, 'POST', '/api/changes');

  const applied = await loseNextAnswer(page, 'POST', '/api/changes');
  await flow.confirmWith(DEMO_PASSWORD);
  expect(await applied.served).toBe(201);
  // The page never heard back: it says so and stays on the confirm step, ready to retry.
  await expect(flow.alert).toHaveText(UNAVAILABLE);
  await flow.expectStep(STEPS.confirm);
  await expect(flow.confirmButton).toBeEnabled();

  await flow.confirmWith(DEMO_PASSWORD);
  await flow.expectStep(STEPS.done);
  await expect(flow.receipt.getByRole('heading', { level: 2 })).toHaveText(DONE);
  await expect(flow.items(flow.receipt, 'move', 'recurring_payment')).toHaveCount(3);

  // The retry was the same attempt (same Idempotency-Key), and the server has one change.
  expect(commits).toHaveLength(2);
  const keys = await Promise.all(commits.map((c) => c.headerValue('idempotency-key')));
  expect(keys[0]).toBeTruthy();
  expect(keys[1]).toBe(keys[0]);
  const changes = await changesOnServer(page);
  expect(changes.map((c) => c.status)).toEqual(['completed']);
});

test('on a slow network every step shows that it is working, and nothing is sent twice', async ({ page }, info) => {
  const max = await makeCustomer(info, 'card_replacement');
  const replacement = cardOf(max, 'issued');
  const overview = await signIn(page, max.customer.login);
  // The slow network before the click: the flow is another app's page, and a route added while
  // that page loads may miss its first requests (seen once in CI: the preview was not slowed).
  const previews = recordCalls(page, 'POST', '/api/changes/preview');
  const reauths = recordCalls(page, 'POST', '/api/auth/reauth');
  const commits = recordCalls(page, 'POST', '/api/changes');
  for (const path of ['/api/changes/preview', '/api/auth/reauth', '/api/changes']) {
    await slowAnswers(page, 'POST', path, 3_000);
  }
  await overview.activateCard(replacement.last4).click();
  const flow = new ChangeCardPage(page);

  // Planning: the button says so and takes no second press; Enter in a field sends nothing more.
  await flow.number.fill(replacement.number);
  await flow.expiry.fill(replacement.expiry);
  await flow.continueButton.click();
  const planning = page.getByRole('button', { name: say('Checking…', 'Wird geprüft …') });
  await expect(planning).toBeDisabled();
  await flow.expiry.press('Enter');
  await flow.expectStep(STEPS.review);
  expect(previews).toHaveLength(1);

  await flow.continueButton.click();
  await flow.password.fill(DEMO_PASSWORD);
  await flow.confirmButton.click();
  const confirming = page.getByRole('button', { name: say('Confirming…', 'Wird bestätigt …') });
  await expect(confirming).toBeDisabled();
  await flow.password.press('Enter');
  await flow.password.press('Enter');
  await flow.expectStep(STEPS.done);
  await expect(flow.receipt.getByRole('heading', { level: 2 })).toHaveText(DONE);
  expect(reauths).toHaveLength(1);
  expect(commits).toHaveLength(1);
  expect(await changesOnServer(page)).toHaveLength(1);
});
