import type { Page } from '@playwright/test';
import { ChangeCardPage } from '../pages/ChangeCardPage';
import { STEPS } from '../pages/ChangeFlowPage';
import { signIn } from './fixtures';
import { type TestCustomer, cardOf } from './testData';

/** A Max of the test's own signs in and gets his replacement card's plan to the confirm step. */
export async function activationToConfirm(page: Page, max: TestCustomer): Promise<ChangeCardPage> {
  const replacement = cardOf(max, 'issued');
  const overview = await signIn(page, max.customer.login);
  await overview.activateCard(replacement.last4).click();
  const flow = new ChangeCardPage(page);
  await flow.enter(replacement.number, replacement.expiry);
  await flow.expectStep(STEPS.review);
  await flow.continueButton.click();
  await flow.expectStep(STEPS.confirm);
  return flow;
}
