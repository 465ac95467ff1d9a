import { expect, test } from '@playwright/test';
import { ChangeFlowPage } from '../../pages/ChangeFlowPage';
import { LoginPage } from '../../pages/LoginPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { DEMO_PASSWORD, ERIKA, signIn } from '../fixtures';

// Story 004: Erika reports Hans's death, uploads the certificate, an agent approves, Erika keeps
// the account alone with its payments, Hans can no longer sign in. Runs after this device's
// address-change spec (which also uses Erika), in its own project.
test.describe.configure({ mode: 'serial' });

const HANS = { email: 'hans@example.com', name: 'Hans Musterfrau' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

test('Erika reports that Hans died and uploads the death certificate', async ({ page }) => {
  await signIn(page, ERIKA.email);
  const account = page.getByTestId('accounts').getByRole('article').filter({ hasText: HANS.name });
  await account.getByRole('link', { name: 'Change account holder' }).click();
  await expect(page).toHaveURL(/\/change\/holder\?account=/);
  const flow = new ChangeFlowPage(page);

  // Nothing chosen: said on the group, which gets the focus.
  await flow.continueButton.click();
  await expect(flow.alert).toHaveText('Please check your entries.');
  await expect(page.getByText('Choose a reason.')).toBeVisible();

  await page.getByRole('radio', { name: 'A holder has died' }).check();
  await flow.continueButton.click();
  await flow.expectStep('Review');
  await flow.continueButton.click();
  await flow.confirmWith(DEMO_PASSWORD);
  await expect(flow.receipt.getByRole('heading', { level: 2 }).first()).toHaveText('Submitted: we review the change');

  const upload = page.getByTestId('upload');
  const file = upload.getByLabel('Document');
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(file).toHaveAttribute('aria-invalid', 'true');
  await expect(file).toBeFocused();
  await file.setInputFiles({ name: 'sterbeurkunde.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(upload.getByTestId('chosen-file')).toHaveText('Chosen: sterbeurkunde.pdf (1 KB)');
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(upload.getByTestId('upload-done')).toHaveText('Received: sterbeurkunde.pdf.');
  await expect(upload.getByTestId('case')).toContainText(/We decide by/);

  await page.getByRole('link', { name: 'Go to your overview' }).click();
  await expect(page.getByTestId('cases').getByTestId('case')).toContainText('Being reviewed');
  await expect(page.getByTestId('cases')).toContainText(/We decide by/);
});

test('an agent approves the case from the queue', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('agent@example.com', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/staff$/);
  await page.getByRole('navigation').getByRole('link', { name: 'Cases' }).click();
  const item = page.getByTestId('case').filter({ hasText: 'Erika Musterfrau' });
  await item.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Account holder change');
  await expect(page.getByTestId('document').locator('iframe')).toHaveAttribute('src', /\/api\/staff\/documents\//);

  const approve = page.getByRole('button', { name: 'Approve' });
  await approve.click();
  const reason = page.getByLabel('Reason for the decision');
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  // (Not asserting focus here: Chromium's PDF viewer in the iframe may take it when it loads.)
  await expect(reason).toHaveAccessibleDescription('Enter a reason.');
  await reason.fill('Death certificate checked.');
  await approve.click();
  await expect(page.getByTestId('decision-done')).toHaveText('Decided: Approved');
});

test('Erika holds the account alone; payments go on; Hans cannot sign in', async ({ page }) => {
  await signIn(page, ERIKA.email);
  const overview = new OverviewPage(page);
  const account = page.getByTestId('accounts').getByRole('article').first();
  await expect(account).toContainText('deceased');
  await expect(overview.entries(account, 'standing-orders').filter({ hasText: 'Wohnungsbau Köln' })).toHaveCount(1);
  await expect(overview.entries(account, 'mandates')).toHaveCount(2);
  await overview.signOut.click();

  const login = new LoginPage(page);
  await login.expectOnPage();
  await login.signIn(HANS.email, DEMO_PASSWORD);
  await expect(login.alert).toHaveText('This sign-in is no longer possible. Please contact us.');
  await expect(page).toHaveURL(/\/login$/);
});
