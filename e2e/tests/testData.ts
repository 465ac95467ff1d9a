import { randomUUID } from 'node:crypto';
import {
  type APIRequestContext,
  type APIResponse,
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

/** The id of the signed-in customer's one open case (`/api/me` with the page's session). */
export async function ownCaseId(page: Page): Promise<string> {
  return openCaseId(page.request);
}

async function openCaseId(client: APIRequestContext): Promise<string> {
  const cases = (await ok<{ cases: { id: string; status: string }[] }>(await client.get('/api/me'), 200)).cases;
  const open = cases.filter((c) => c.status === 'open');
  if (open.length !== 1) throw new Error(`expected one open case, found ${open.length}`);
  return open[0].id;
}

/** The answer's JSON if it has `status`, else an error that shows it. */
async function ok<T>(res: APIResponse, status: number): Promise<T> {
  if (res.status() !== status) {
    throw new Error(`${res.url()} answered ${res.status()}, not ${status}: ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/**
 * An API client signed in as `login`, as a browser is: it keeps the session cookie and sends a
 * same-origin `Origin` on writes (the CSRF guard). For the steps a test needs done before the
 * part it is about; dispose of it at the end.
 */
export async function signedIn(info: TestInfo, login: string, password = PASSWORD): Promise<APIRequestContext> {
  const context = await browserLike(info);
  await ok(await context.post('/api/auth/login', { data: { login, password } }), 200);
  return context;
}

async function browserLike(info: TestInfo): Promise<APIRequestContext> {
  const baseURL = info.project.use.baseURL!;
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: new URL(baseURL).origin } });
}

/** The password of everyone the test-data API makes and of the demo's people. */
const PASSWORD = 'carryover-demo';

/** A one-page PDF, for the document a holder change needs. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Preview, commit (the sign-in is the password check it needs) and the document: the case id. */
async function submitHolderChange(client: APIRequestContext, change: object, document: string): Promise<string> {
  const preview = await ok<{ preview_token: string }>(await client.post('/api/changes/preview', { data: change }), 200);
  const committed = await ok<{ change: { id: string; status: string } }>(
    await client.post('/api/changes', {
      data: { preview_token: preview.preview_token },
      headers: { 'Idempotency-Key': randomUUID() },
    }),
    201,
  );
  await ok(
    await client.post(`/api/changes/${committed.change.id}/documents`, {
      multipart: { file: { name: document, mimeType: 'application/pdf', buffer: PDF } },
    }),
    201,
  );
  return openCaseId(client);
}

/** What `GET /api/testing/invitations` answers: the invitation email's link, without the email. */
export interface TestInvitation {
  id: string;
  change_id: string;
  email: string;
  status: 'pending' | 'accepted' | 'expired' | 'withdrawn';
  expires_at: string;
  token: string;
  /** `/invitation/<token>` */
  path: string;
  link: string;
}

/**
 * The newest invitation the customer signed in on `client` (a page's `page.request`, or
 * `signedIn`) sent to `email`: only a customer the test-data API made gets it, for their own.
 */
export async function invitationSent(client: APIRequestContext, email: string): Promise<TestInvitation> {
  return ok<TestInvitation>(await client.get('/api/testing/invitations', { params: { email } }), 200);
}

/** A `transfer` customer's account handed to a new person, up to `stage`, through the API. */
export interface Transfer {
  lena: TestCustomer;
  nora: { email: string; name: string; password: string };
  invitation: TestInvitation;
  caseId: string;
}

/**
 * A new Lena hands her account to a new Nora (named like her, so unique too): `invited` (the
 * change submitted with its document, the invitation pending), `accepted` (Nora registered from
 * the link and accepted), `approved` (an agent approved: the account is Nora's).
 */
export async function transferUpTo(
  info: TestInfo,
  stage: 'invited' | 'accepted' | 'approved',
): Promise<Transfer> {
  const lena = await makeCustomer(info, 'transfer');
  const nora = { email: lena.customer.login.replace(/^lena\./, 'nora.'), name: 'Nora Neu', password: 'noras-own-password' };
  const asLena = await signedIn(info, lena.customer.login, lena.password);
  try {
    const caseId = await submitHolderChange(
      asLena,
      { kind: 'holder', account_id: lena.account_id, reason: 'transfer', new_holder_email: nora.email, new_holder_name: nora.name },
      'vertrag.pdf',
    );
    const invitation = await invitationSent(asLena, nora.email);
    if (stage !== 'invited') {
      const anonymous = await browserLike(info);
      try {
        await ok(
          await anonymous.post(`/api/invitations/${invitation.token}/accept`, {
            data: { name: nora.name, password: nora.password },
          }),
          200,
        );
      } finally {
        await anonymous.dispose();
      }
    }
    if (stage === 'approved') await approve(info, caseId, 'Contract checked.');
    return { lena, nora, invitation, caseId };
  } finally {
    await asLena.dispose();
  }
}

/**
 * A new Erika reports Hans's death through the API, ending what paid with his card and is named
 * in `endLabels` (e.g. `StreamFlix`), the certificate uploaded; `approved` also has an agent
 * approve it. Returns Erika and the case id.
 */
export async function bereavementUpTo(
  info: TestInfo,
  stage: 'submitted' | 'approved',
  endLabels: string[] = [],
): Promise<{ erika: TestCustomer; caseId: string }> {
  const erika = await makeCustomer(info, 'joint_account_bereavement');
  const asErika = await signedIn(info, erika.customer.login, erika.password);
  try {
    const change = { kind: 'holder', account_id: erika.account_id, reason: 'bereavement' };
    const plan = await ok<{ plan: { steps: { dependent_id: string; label: string }[] } }>(
      await asErika.post('/api/changes/preview', { data: change }),
      200,
    );
    const cancel = endLabels.map((label) => {
      const step = plan.plan.steps.find((s) => s.label.startsWith(label));
      if (!step) throw new Error(`no step ${label} in the bereavement's plan`);
      return step.dependent_id;
    });
    const caseId = await submitHolderChange(asErika, { ...change, cancel }, 'sterbeurkunde.pdf');
    if (stage === 'approved') await approve(info, caseId, 'Death certificate checked.');
    return { erika, caseId };
  } finally {
    await asErika.dispose();
  }
}

/** An agent of the test's own approves the case. */
async function approve(info: TestInfo, caseId: string, reason: string): Promise<void> {
  const agent = await makeStaff(info, 'agent');
  const asAgent = await signedIn(info, agent.login, agent.password);
  try {
    await ok(await asAgent.post(`/api/staff/cases/${caseId}/decision`, { data: { approve: true, reason } }), 200);
  } finally {
    await asAgent.dispose();
  }
}

/** The case queue's entry for one case (names repeat: every made Erika is Erika Musterfrau). */
export function caseInQueue(page: Page, caseId: string): Locator {
  return page.getByTestId('case').filter({ has: page.locator(`a[href="/staff/cases/${caseId}"]`) });
}
