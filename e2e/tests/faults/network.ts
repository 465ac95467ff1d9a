import type { Page, Request, Route } from '@playwright/test';
import { say } from '../../pages/lang';

// The failures real networks produce, made with page.route: the app's own requests are let
// through, held back, answered by a "proxy" or cut, as a flaky connection or a restarting
// server would.

/** The alert the app shows when the server cannot be reached (`error.unavailable`). */
export const UNAVAILABLE = say(
  'The service cannot be reached right now. Check your connection and try again.',
  'Der Dienst ist gerade nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
);

/** Matches a request of the app to exactly this API path (no query) with this method. */
export function isCall(request: Request, method: string, path: string): boolean {
  return request.method() === method && new URL(request.url()).pathname === path;
}

/** Every request of the page to `method path`, as they are sent. */
export function recordCalls(page: Page, method: string, path: string): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (isCall(r, method, path)) seen.push(r);
  });
  return seen;
}

/** Handles `method path` with `handle` until the returned function is called. */
export async function intercept(
  page: Page,
  method: string,
  path: string,
  handle: (route: Route) => Promise<void>,
): Promise<() => Promise<void>> {
  const matcher = (url: URL) => url.pathname === path;
  const handler = (route: Route) => (route.request().method() === method ? handle(route) : route.fallback());
  await page.route(matcher, handler);
  return () => page.unroute(matcher, handler);
}

/**
 * The request reaches the server and is applied there, but its answer never arrives (the
 * connection drops on the way back). `served` resolves with the status the server gave.
 */
export async function loseNextAnswer(page: Page, method: string, path: string): Promise<{ served: Promise<number> }> {
  let served: (status: number) => void = () => {};
  const status = new Promise<number>((resolve) => (served = resolve));
  let lost = false;
  await intercept(page, method, path, async (route) => {
    // Only the first: the retry gets through. (Unrouting from inside a handler would wait for
    // that very handler.)
    if (lost) return route.fallback();
    lost = true;
    const answer = await route.fetch();
    served(answer.status());
    await route.abort('connectionreset');
  });
  return { served: status };
}

/** Every answer to `method path` arrives `ms` later than the server gave it. */
export function slowAnswers(page: Page, method: string, path: string, ms: number): Promise<() => Promise<void>> {
  return intercept(page, method, path, async (route) => {
    const answer = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.fulfill({ response: answer });
  });
}

/** A proxy in front of a server that is down: 503 with its own HTML page, not the API's JSON. */
export function serviceUnavailable(page: Page, method: string, path: string): Promise<() => Promise<void>> {
  return intercept(page, method, path, (route) =>
    route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503 Service Unavailable</h1>' }),
  );
}

/** No server answers at all: the connection is refused. */
export function unreachable(page: Page, method: string, path: string): Promise<() => Promise<void>> {
  return intercept(page, method, path, (route) => route.abort('connectionrefused'));
}

/**
 * The session ends on the server while the page still shows the flow (as after the idle
 * timeout, or a sign-out in another tab): the page's next call answers 401.
 */
export async function endSessionOnServer(page: Page): Promise<void> {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post('/api/auth/logout', { headers: { Origin: origin } });
  if (!res.ok()) throw new Error(`logout answered ${res.status()}`);
}

/** The changes the signed-in customer has, as the API lists them. */
export async function changesOnServer(page: Page): Promise<{ id: string; kind: string; status: string }[]> {
  const res = await page.request.get('/api/changes');
  if (!res.ok()) throw new Error(`/api/changes answered ${res.status()}`);
  return ((await res.json()) as { changes: { id: string; kind: string; status: string }[] }).changes;
}
