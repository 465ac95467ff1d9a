import { expect, test } from '../test';
import { ChangeFlowPage, STEPS } from '../../pages/ChangeFlowPage';
import { LoginPage } from '../../pages/LoginPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { expectNoAxeViolations } from '../../pages/axe';
import { exactly, say } from '../../pages/lang';
import { DEMO_PASSWORD, signIn } from '../fixtures';
import { PDF, bereavementUpTo, caseInQueue, makeCustomer } from '../testData';

// Story 004: Erika reports Hans's death, chooses what happens to what paid with his card,
// uploads the certificate, an agent approves, Erika keeps the account alone with its payments,
// Hans's card is closed and he can no longer sign in. Each step is a test of its own with an
// Erika and a Hans of its own (the test-data API); the steps before it are done through the API
// (`bereavementUpTo`), so the tests run in parallel and a retry starts afresh.
const HANS = { name: 'Hans Musterfrau' };
const TO_OVERVIEW = exactly('Go to your overview', 'Zur Übersicht');
const UPLOAD = exactly('Upload', 'Hochladen');
const WE_DECIDE_BY = say(/We decide by/, /Wir entscheiden bis/);

test('Erika reports that Hans died and uploads the death certificate', async ({ page }, testInfo) => {
  const erika = await makeCustomer(testInfo, 'joint_account_bereavement');
  await signIn(page, erika.customer.login);
  const account = page.getByTestId('accounts').getByRole('article').filter({ hasText: HANS.name });
  await account.getByRole('link', { name: exactly('Change account holder', 'Kontoinhaber ändern') }).click();
  await expect(page).toHaveURL(/\/change\/holder\?account=/);
  const flow = new ChangeFlowPage(page);

  // Nothing chosen: said on the group, which gets the focus.
  await flow.continueButton.click();
  await expect(flow.alert).toHaveText(say('Please check your entries.', 'Bitte prüfen Sie Ihre Eingaben.'));
  await expect(page.getByText(say('Choose a reason.', 'Wählen Sie einen Grund.'), { exact: true })).toBeVisible();

  await page.getByRole('radio', { name: exactly('A holder has died', 'Ein Kontoinhaber ist verstorben') }).check();
  await flow.continueButton.click();
  await flow.expectStep(STEPS.review);
  // Hans's Mastercard closes; what paid with it waits for a card ordered for Erika, unless she
  // ends it: she ends the streaming subscription and keeps the newspaper.
  const hansCard = erika.cards.find((c) => c.customer_id === erika.joint_holder!.customer_id)!;
  await expect(flow.items(flow.review, 'cancel', 'card')).toContainText(hansCard.last4);
  await expect(flow.items(flow.review, 'move', 'card')).toContainText(say('New card for Erika', 'Neue Karte für Erika'));
  const stream = flow.review.getByRole('listitem').filter({ hasText: 'StreamFlix' });
  await stream.getByRole('checkbox', { name: exactly('Cancel it instead', 'Stattdessen beenden') }).check();
  await expect(flow.items(flow.review, 'cancel', 'recurring_payment')).toContainText('StreamFlix');
  await expect(flow.items(flow.review, 'move', 'recurring_payment')).toContainText('Kölner Stadt-Anzeiger');
  await expect(
    flow.review.getByRole('listitem').filter({ hasText: 'StreamFlix' }).getByRole('checkbox'),
  ).toBeChecked();
  await expectNoAxeViolations(page, 'the bereavement review with a card that closes');
  await flow.continueButton.click();
  await flow.confirmWith(DEMO_PASSWORD);
  await expect(flow.receipt.getByRole('heading', { level: 2 }).first()).toHaveText(
    say('Submitted: we review the change', 'Eingereicht: Wir prüfen die Änderung'),
  );

  const upload = page.getByTestId('upload');
  const file = upload.getByLabel(exactly('Document', 'Nachweis'));
  await upload.getByRole('button', { name: UPLOAD }).click();
  await expect(file).toHaveAttribute('aria-invalid', 'true');
  await expect(file).toBeFocused();
  await expectNoAxeViolations(page, 'the upload step without a file');
  await file.setInputFiles({ name: 'sterbeurkunde.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(upload.getByTestId('chosen-file')).toHaveText(
    say('Chosen: sterbeurkunde.pdf (1 KB)', 'Gewählt: sterbeurkunde.pdf (1 KB)'),
  );
  await upload.getByRole('button', { name: UPLOAD }).click();
  await expect(upload.getByTestId('upload-done')).toHaveText(
    say('Received: sterbeurkunde.pdf.', 'Erhalten: sterbeurkunde.pdf.'),
  );
  await expect(upload.getByTestId('case')).toContainText(WE_DECIDE_BY);
  await expectNoAxeViolations(page, 'the upload step with the case and its deadline');

  await page.getByRole('link', { name: TO_OVERVIEW }).click();
  await expect(page.getByTestId('cases').getByTestId('case')).toContainText(say('Being reviewed', 'Wird geprüft'));
  await expect(page.getByTestId('cases')).toContainText(WE_DECIDE_BY);
});

test('an agent approves the case from the queue', async ({ page }, testInfo) => {
  const { caseId } = await bereavementUpTo(testInfo, 'submitted');
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('agent@example.com', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.getByRole('navigation').getByRole('link', { name: exactly('Cases', 'Vorgänge') }).click();
  const item = caseInQueue(page, caseId);
  await expect(item).toContainText('Erika Musterfrau');
  await expect(item).toBeVisible();
  await expectNoAxeViolations(page, 'the case queue with an open case');
  await item.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    say('Account holder change', 'Kontoinhaberwechsel'),
  );
  // The PDF is shown only when asked for (Chromium's viewer takes the keyboard once loaded).
  const doc = page.getByTestId('document');
  await expect(doc.locator('iframe')).toHaveCount(0);
  await expect(doc.getByRole('link')).toHaveAttribute('href', /\/api\/staff\/documents\//);
  const show = doc.getByRole('button', { name: exactly('Show it here', 'Hier anzeigen') });
  await expect(show).toHaveAttribute('aria-expanded', 'false');
  await show.click();
  await expect(doc.locator('iframe')).toHaveAttribute('src', /\/api\/staff\/documents\//);
  const close = doc.getByRole('button', { name: exactly('Close the view', 'Anzeige schließen') });
  await expect(close).toHaveAttribute('aria-expanded', 'true');
  await close.click();
  await expect(doc.locator('iframe')).toHaveCount(0);

  const approve = page.getByRole('button', { name: exactly('Approve', 'Genehmigen') });
  await approve.click();
  const reason = page.getByLabel(exactly('Reason for the decision', 'Begründung'));
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(reason).toBeFocused();
  await expect(reason).toHaveAccessibleDescription(say('Enter a reason.', 'Geben Sie eine Begründung ein.'));
  await expectNoAxeViolations(page, 'a case with the decision form without a reason');
  await reason.fill('Death certificate checked.');
  await approve.click();
  await expect(page.getByTestId('decision-done')).toHaveText(say('Decided: Approved', 'Entschieden: Genehmigt'));
});

test('Erika holds the account alone; payments go on; Hans cannot sign in', async ({ page }, testInfo) => {
  // As Erika chose in the first test: the streaming subscription ends, the newspaper stays.
  const { erika } = await bereavementUpTo(testInfo, 'approved', ['StreamFlix']);
  await signIn(page, erika.customer.login);
  const overview = new OverviewPage(page);
  const account = page.getByTestId('accounts').getByRole('article').first();
  await expect(account).toContainText(say('deceased', 'verstorben'));
  await expect(overview.entries(account, 'standing-orders').filter({ hasText: 'Wohnungsbau Köln' })).toHaveCount(1);
  await expect(overview.entries(account, 'mandates')).toHaveCount(2);
  // The card ordered for her carries the newspaper, waiting until she activates it; the
  // streaming subscription she ended is gone.
  const card = page.getByTestId('cards').getByRole('article');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('card-status')).toHaveText(say('Issued', 'Ausgestellt'));
  const payments = overview.entries(card, 'recurring-payments');
  await expect(payments).toHaveCount(1);
  await expect(payments).toContainText('Kölner Stadt-Anzeiger');
  await expect(payments).toContainText(say('Waiting for the new card', 'Wartet auf neue Karte'));
  await overview.signOut.click();

  const login = new LoginPage(page);
  await login.expectOnPage();
  await login.signIn(erika.joint_holder!.login, DEMO_PASSWORD);
  await expect(login.alert).toHaveText(
    say(
      'This sign-in is no longer possible. Please contact us.',
      'Diese Anmeldung ist nicht mehr möglich. Bitte wenden Sie sich an uns.',
    ),
  );
  await expect(page).toHaveURL(/\/login$/);
});
