-- The whole domain of SPEC.md, portable between SQLite and PostgreSQL:
-- TEXT ids made by the application, BIGINT numbers and 0/1 flags, instants as fixed-width
-- RFC 3339 UTC text (text order = time order), dates as YYYY-MM-DD, money as decimal text.
-- Every mutable row has a `version` for conditional writes (If-Match).

CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,          -- ten digits, the last a Luhn check digit; never changes
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,            -- accent- and case-folded for search
    email TEXT NOT NULL UNIQUE,           -- lower-cased
    phone TEXT NOT NULL,
    phone_digits TEXT NOT NULL,           -- digits only, for search
    language TEXT NOT NULL,
    status TEXT NOT NULL,                 -- active | deceased | closed
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX customers_name_folded ON customers (name_folded);
CREATE INDEX customers_phone_digits ON customers (phone_digits);

CREATE TABLE credentials (
    customer_id TEXT PRIMARY KEY REFERENCES customers (id),
    password_hash TEXT NOT NULL,          -- argon2id PHC string
    login_enabled BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,                   -- agent | supervisor | admin
    password_hash TEXT NOT NULL,
    active BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

-- Home address history: the current one has valid_to NULL; a scheduled one starts in the future.
CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    street TEXT NOT NULL,
    extra TEXT,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    valid_from TEXT NOT NULL,             -- date
    valid_to TEXT,                        -- date, exclusive
    created_at TEXT NOT NULL
);
CREATE INDEX addresses_customer ON addresses (customer_id, valid_from);

-- Addresses used for a purpose; follows_home = 1 means they move with the home address.
CREATE TABLE address_uses (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    purpose TEXT NOT NULL,                -- billing | correspondence | statement | card_delivery
    follows_home BIGINT NOT NULL,
    street TEXT NOT NULL,
    extra TEXT,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (customer_id, purpose)
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    iban TEXT NOT NULL UNIQUE,            -- compact, upper case
    name TEXT NOT NULL,
    statement_name TEXT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,                 -- active | blocked | closed
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE account_holders (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    role TEXT NOT NULL,                   -- primary | joint
    status TEXT NOT NULL,                 -- active | deceased | removed
    since TEXT NOT NULL,
    PRIMARY KEY (account_id, customer_id)
);
CREATE INDEX account_holders_customer ON account_holders (customer_id);

-- Payments and dues belong to the account, never to a holder's name (story 004).
CREATE TABLE account_dues (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    description TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    due_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE account_payments (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    due_id TEXT REFERENCES account_dues (id),
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    booked_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE arrears_notices (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- No PAN: a keyed hash (HMAC with the server secret) to recognise a typed number, plus last four.
CREATE TABLE cards (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    pan_hash TEXT NOT NULL UNIQUE,
    last4 TEXT NOT NULL,
    brand TEXT NOT NULL,
    expiry TEXT NOT NULL,                 -- MM/YY
    status TEXT NOT NULL,                 -- issued | active | blocked | replaced
    replaces_card_id TEXT REFERENCES cards (id),
    block_reason TEXT,
    delivery_status TEXT NOT NULL,        -- ordered | dispatched | delivered
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX cards_customer ON cards (customer_id);
CREATE INDEX cards_last4 ON cards (last4);

CREATE TABLE standing_orders (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    payee TEXT NOT NULL,
    payee_iban TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    frequency TEXT NOT NULL,
    next_on TEXT NOT NULL,
    reference TEXT NOT NULL,
    originator_name TEXT NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX standing_orders_account ON standing_orders (account_id);

CREATE TABLE mandates (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    creditor TEXT NOT NULL,
    creditor_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    debtor_name TEXT NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX mandates_account ON mandates (account_id);

CREATE TABLE recurring_payments (
    id TEXT PRIMARY KEY,
    card_id TEXT NOT NULL REFERENCES cards (id),
    merchant TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    frequency TEXT NOT NULL,
    status TEXT NOT NULL,                 -- active | waiting_for_card | cancelled
    version BIGINT NOT NULL
);
CREATE INDEX recurring_payments_card ON recurring_payments (card_id);

CREATE TABLE card_alerts (
    id TEXT PRIMARY KEY,
    card_id TEXT NOT NULL REFERENCES cards (id),
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    threshold_amount TEXT,
    currency TEXT,
    version BIGINT NOT NULL
);
CREATE INDEX card_alerts_card ON card_alerts (card_id);

CREATE TABLE card_limits (
    id TEXT PRIMARY KEY,
    card_id TEXT NOT NULL REFERENCES cards (id),
    kind TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX card_limits_card ON card_limits (card_id);

CREATE TABLE wallet_tokens (
    id TEXT PRIMARY KEY,
    card_id TEXT NOT NULL REFERENCES cards (id),
    wallet TEXT NOT NULL,
    device TEXT NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX wallet_tokens_card ON wallet_tokens (card_id);

CREATE TABLE contracts (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    account_id TEXT REFERENCES accounts (id),
    name TEXT NOT NULL,
    provider TEXT NOT NULL,
    billing_name TEXT NOT NULL,
    service_address_follows_home BIGINT NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX contracts_customer ON contracts (customer_id);

CREATE TABLE preferences (
    customer_id TEXT PRIMARY KEY REFERENCES customers (id),
    language TEXT NOT NULL,
    paperless BIGINT NOT NULL,
    alert_channel TEXT NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE notification_contacts (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    channel TEXT NOT NULL,                -- email | sms | letter
    address TEXT NOT NULL,
    version BIGINT NOT NULL
);

-- A change: preview -> commit, or scheduled, or pending review.
CREATE TABLE changes (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    kind TEXT NOT NULL,                   -- card_activation | card_block | address | holder
    status TEXT NOT NULL,                 -- completed | scheduled | pending_review | rejected | cancelled
    plan TEXT NOT NULL,                   -- JSON of the migration plan that was applied
    effective_on TEXT,
    actor_kind TEXT NOT NULL,             -- customer | staff
    actor_id TEXT NOT NULL,
    on_behalf_reason TEXT,
    channel TEXT NOT NULL,                -- self_service | staff
    created_at TEXT NOT NULL,
    completed_at TEXT,
    version BIGINT NOT NULL
);
CREATE INDEX changes_customer ON changes (customer_id, created_at);
CREATE INDEX changes_due ON changes (status, effective_on);

CREATE TABLE change_documents (
    id TEXT PRIMARY KEY,
    change_id TEXT NOT NULL REFERENCES changes (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    change_id TEXT REFERENCES changes (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,                 -- open | approved | rejected | withdrawn
    owner_staff_id TEXT REFERENCES staff (id),
    due_at TEXT NOT NULL,
    escalated_at TEXT,
    decided_by TEXT REFERENCES staff (id),
    decision_reason TEXT,
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX cases_status_due ON cases (status, due_at);

CREATE TABLE promises (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    staff_id TEXT NOT NULL REFERENCES staff (id),
    text TEXT NOT NULL,
    due_by TEXT NOT NULL,
    kept_at TEXT,
    flagged_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX promises_customer ON promises (customer_id);

-- Append-only: an edit is a new row that supersedes the old one, which stays visible.
CREATE TABLE notes (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    staff_id TEXT NOT NULL REFERENCES staff (id),
    text TEXT NOT NULL,
    supersedes_id TEXT REFERENCES notes (id),
    created_at TEXT NOT NULL
);

CREATE TABLE impersonations (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    reason TEXT NOT NULL,
    started_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at TEXT
);

-- Append-only record per customer; internal = 1 hides an entry (notes) from the customer.
CREATE TABLE timeline (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,                   -- change | notification | case | promise | note | staff_access | staff_action | security
    actor_kind TEXT NOT NULL,             -- customer | staff | system
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    on_behalf_reason TEXT,
    summary TEXT NOT NULL,
    data TEXT NOT NULL,                   -- JSON
    internal BIGINT NOT NULL
);
CREATE INDEX timeline_customer_at ON timeline (customer_id, at);

-- Written in the same transaction as the change; a worker delivers at least once.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    customer_id TEXT REFERENCES customers (id),
    topic TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,                -- JSON
    created_at TEXT NOT NULL,
    available_at TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    last_error TEXT,
    delivered_at TEXT
);
CREATE INDEX outbox_pending ON outbox (delivered_at, available_at);

CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,                  -- the caller: principal kind and id
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code BIGINT,                   -- NULL while the first request is still running
    response_body TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (scope, idem_key)
);

-- Server-side sessions; the id is stored only as a keyed hash of the cookie value.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    principal_kind TEXT NOT NULL,         -- customer | staff
    principal_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    idle_expires_at TEXT NOT NULL,
    absolute_expires_at TEXT NOT NULL,
    reauth_at TEXT,
    csrf_token TEXT NOT NULL,
    impersonation_id TEXT REFERENCES impersonations (id)
);
CREATE INDEX sessions_principal ON sessions (principal_kind, principal_id);

CREATE TABLE login_failures (
    id TEXT PRIMARY KEY,
    login_key TEXT NOT NULL,              -- keyed hash of the normalised login
    client_key TEXT NOT NULL,             -- keyed hash of the client address
    at TEXT NOT NULL
);
CREATE INDEX login_failures_login ON login_failures (login_key, at);
CREATE INDEX login_failures_client ON login_failures (client_key, at);
