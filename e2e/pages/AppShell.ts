import { type Locator, type Page } from '@playwright/test';
import { exactly, say } from './lang';

/** What index.html says by itself when the app cannot run or the network is gone. */
/** What the app's network banner says (`network.offline`, `network.down`). */
export const NETWORK_TEXT = {
  offline: say(
    'You are offline. What you typed stays on this page; carry on once the connection is back.',
    'Sie sind offline. Was Sie eingegeben haben, bleibt auf dieser Seite; machen Sie weiter, sobald die Verbindung zurück ist.',
  ),
  down: say(
    'The service is not answering right now. What you typed stays on this page; we keep trying.',
    'Der Dienst antwortet gerade nicht. Was Sie eingegeben haben, bleibt auf dieser Seite; wir versuchen es weiter.',
  ),
};

export const SHELL_TEXT = {
  offline: say('You are offline.', 'Sie sind offline.'),
  failed: say('carryover could not be loaded.', 'carryover konnte nicht geladen werden.'),
  failedText: say('Please try again in a moment.', 'Bitte versuchen Sie es gleich noch einmal.'),
};

/**
 * The page around the app: index.html's own notice (until the app runs, and while offline), the
 * web app manifest it links, and the service worker it registers.
 */
export class AppShell {
  readonly page: Page;
  readonly problem: Locator;
  readonly retry: Locator;
  /** The app's own line under the header while the service cannot be reached. */
  readonly networkBanner: Locator;
  /** index.html's drawing of the page until the app runs (hidden from assistive technology). */
  readonly frame: Locator;

  constructor(page: Page) {
    this.page = page;
    this.networkBanner = page.getByTestId('network-banner');
    this.frame = page.getByTestId('shell-frame');
    this.problem = page.getByTestId('shell-problem');
    this.retry = this.problem.getByRole('button', { name: exactly('Try again', 'Erneut versuchen') });
  }

  /** The `href` of `<link rel="manifest">` (the head has no roles: read from the document). */
  manifestHref(): Promise<string | null> {
    return this.page.evaluate(() => document.querySelector('link[rel="manifest"]')?.getAttribute('href') ?? null);
  }

  /** The content of `<meta name="theme-color">`. */
  themeColor(): Promise<string | null> {
    return this.page.evaluate(() => document.querySelector('meta[name="theme-color"]')?.getAttribute('content') ?? null);
  }

  /** The script URL of the page's active service worker, once one is ready. */
  serviceWorkerReady(): Promise<string | undefined> {
    return this.page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  }

  /** The script URL of the service worker that controls the page, if one does. */
  controller(): Promise<string | null> {
    return this.page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
  }

  /** Every URL in the origin's caches. */
  cachedUrls(): Promise<string[]> {
    return this.page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    });
  }
}
