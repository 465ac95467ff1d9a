import { expect, test } from './test';
import { expectNoAxeViolations } from '../pages/axe';
import { exactly } from '../pages/lang';
import { MAX, signIn } from './fixtures';

// The browser's clock runs fast here; the server's does not, so the session stays valid.
test('before the idle sign-out a dialog offers to stay signed in', async ({ page }) => {
  await page.clock.install();
  await signIn(page, MAX.email);
  const dialog = page.getByRole('alertdialog', { name: exactly('Are you still there?', 'Sind Sie noch da?') });
  const stay = dialog.getByRole('button', { name: exactly('Stay signed in', 'Angemeldet bleiben') });

  // Every call counts as activity: let the overview's calls finish before the clock jumps.
  await page.waitForLoadState('networkidle');
  // Customers are signed out after 30 idle minutes: 90 s before, nothing yet.
  await page.clock.fastForward('28:30');
  await expect(dialog).toHaveCount(0);
  // 30 s before: the warning, its button focused.
  await page.clock.fastForward('01:00');
  await expect(dialog).toBeVisible();
  await page.clock.runFor(1000);
  await expect(stay).toBeFocused();
  await expectNoAxeViolations(page, 'the idle warning dialog');
  await stay.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('customer-number')).toBeVisible();
});
