import { expect, test } from '../test';
import { LoginPage } from '../../pages/LoginPage';
import { StaffPage } from '../../pages/StaffPage';
import { DEMO_PASSWORD, isoDateInDays } from '../fixtures';
import { makeCustomer, makeStaff, shownNumber } from '../testData';
import { recordCalls, slowAnswers } from '../faults/network';

// A note or a promise is saved once, however often it is sent: an agent who presses Enter
// again while the first save is on its way (a slow line) gets one entry, not two.

test('Enter twice on a slow line: one note and one promise', async ({ page }, info) => {
  const [customer, agent] = await Promise.all([makeCustomer(info, 'card_replacement'), makeStaff(info, 'agent')]);
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(agent.login, DEMO_PASSWORD);
  const staff = new StaffPage(page);
  await staff.expectSearch();
  const number = shownNumber(customer.customer.customer_number);
  await staff.find(customer.customer.customer_number);
  await staff.hits.filter({ hasText: number }).getByRole('link').click();
  await expect(staff.heading).toHaveText(customer.customer.name);
  const id = new URL(page.url()).pathname.split('/').pop();

  const noteCalls = recordCalls(page, 'POST', `/api/staff/customers/${id}/notes`);
  await slowAnswers(page, 'POST', `/api/staff/customers/${id}/notes`, 1500);
  await staff.noteText.fill('Called about the new card.');
  await staff.noteText.press('Enter');
  await staff.noteText.press('Enter');
  await expect(staff.notes.filter({ hasText: 'Called about the new card.' })).toHaveCount(1);
  // Long enough for a second save to have landed, had it been sent.
  await page.waitForTimeout(2000);
  expect(noteCalls).toHaveLength(1);
  await page.reload();
  await expect(staff.notes.filter({ hasText: 'Called about the new card.' })).toHaveCount(1);

  const promiseCalls = recordCalls(page, 'POST', `/api/staff/customers/${id}/promises`);
  await slowAnswers(page, 'POST', `/api/staff/customers/${id}/promises`, 1500);
  await staff.promiseText.fill('Send the PIN letter again');
  await staff.promiseDue.fill(isoDateInDays(5));
  await staff.promiseText.press('Enter');
  await staff.promiseText.press('Enter');
  await expect(staff.promises.filter({ hasText: 'Send the PIN letter again' })).toHaveCount(1);
  await page.waitForTimeout(2000);
  expect(promiseCalls).toHaveLength(1);
  await page.reload();
  await expect(staff.promises.filter({ hasText: 'Send the PIN letter again' })).toHaveCount(1);
});
