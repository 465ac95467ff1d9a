import {
  type APIRequestContext,
  type Locator,
  type Page,
  type TestInfo,
  request as playwrightRequest,
} from '@playwright/test';

/**
 * Customers and staff of a spec's own, made by the server's test-data API
 * (`CARRYOVER_TEST_DATA=1`, see README.md): no other spec, worker or earlier run has them, so a
 * spec that changes data runs in parallel and again against the same server.
 */
export type Profile =
  | 'card_replacement'
  | 'joint_account_bereavement'
  | 'transfer'
  | 'plain'
  | 'with_scheduled_address_change';

export interface TestCard {
  id: string;
  customer_id: string;
  /** In clear, given once: type it. */
  number: string;
  expiry: string;
  last4: string;
  brand: string;
  status: 'active' | 'issued';
}

export interface TestPerson {
  customer_id: string;
  customer_number: string;
  name: string;
  login: string;
}

export interface TestCustomer {
  profile: Profile;
  customer: TestPerson;
  password: string;
  account_id: string;
  iban: string;
  cards: TestCard[];
  dependents: number;
  joint_holder?: TestPerson;
  scheduled_change_id?: string;
}

export interface TestStaff {
  id: string;
  login: string;
  password: string;
  name: string;
  role: 'agent' | 'supervisor' | 'admin';
}

/** An API client for the project's server; works in `beforeAll` too (no page needed). */
async function api(info: TestInfo): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: info.project.use.baseURL });
}

async function post<T>(info: TestInfo, path: string, body: object): Promise<T> {
  const context = await api(info);
  try {
    const res = await context.post(path, { data: body });
    if (res.status() !== 201) {
      throw new Error(
        `${path} answered ${res.status()}: ${await res.text()} (is the server started with CARRYOVER_TEST_DATA=1?)`,
      );
    }
    return (await res.json()) as T;
  } finally {
    await context.dispose();
  }
}

export function makeCustomer(info: TestInfo, profile: Profile, dependents?: number): Promise<TestCustomer> {
  return post<TestCustomer>(info, '/api/testing/customers', { profile, dependents });
}

export function makeStaff(info: TestInfo, role: TestStaff['role']): Promise<TestStaff> {
  return post<TestStaff>(info, '/api/testing/staff', { role });
}

/** The card made with this status: `issued` is the replacement waiting for activation. */
export function cardOf(made: TestCustomer, status: TestCard['status']): TestCard {
  const card = made.cards.find((c) => c.status === status);
  if (!card) throw new Error(`no ${status} card in ${made.profile}`);
  return card;
}

/** A customer number as the app shows it: `1000 0000 16`. */
export function shownNumber(n: string): string {
  return `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`;
}

/** A compact IBAN as the app shows it, in groups of four. */
export function shownIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The id of the signed-in customer's newest case (`/api/me` with the page's session). */
export async function ownCaseId(page: Page): Promise<string> {
  const res = await page.request.get('/api/me');
  const cases = ((await res.json()) as { cases: { id: string; status: string }[] }).cases;
  const open = cases.filter((c) => c.status === 'open');
  if (open.length !== 1) throw new Error(`expected one open case, found ${open.length}`);
  return open[0].id;
}

/** The case queue's entry for one case (names repeat: every made Erika is Erika Musterfrau). */
export function caseInQueue(page: Page, caseId: string): Locator {
  return page.getByTestId('case').filter({ has: page.locator(`a[href="/staff/cases/${caseId}"]`) });
}
