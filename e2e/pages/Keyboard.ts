import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Moves through a page with the keys a keyboard user has (Tab, Shift+Tab, Enter, Space, arrows)
 * and checks where the focus is after every press: the focus order is part of what is tested.
 */
export class Keyboard {
  constructor(readonly page: Page) {}

  /** Presses `key`; `expected` then has the focus. */
  async press(key: string, expected: Locator): Promise<void> {
    await this.page.keyboard.press(key);
    await expect(expected).toBeFocused();
  }

  /** Tab once per element of `order`, each in turn focused: the exact order, nothing between. */
  async tabThrough(order: Locator[]): Promise<void> {
    for (const next of order) await this.press('Tab', next);
  }

  /** Shift+Tab once per element of `order` (listed in the order they are reached). */
  async shiftTabThrough(order: Locator[]): Promise<void> {
    for (const next of order) await this.press('Shift+Tab', next);
  }

  /**
   * Presses Tab (or Shift+Tab, `back`) until `target` has the focus: it is reachable from the
   * keyboard. Fails after `max` presses.
   */
  async tabTo(target: Locator, max = 80, back = false): Promise<void> {
    for (let n = 0; n < max; n++) {
      await this.page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    }
    throw new Error(`not reached with ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}: ${target}`);
  }

  /** Types text into the focused field. */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }
}
