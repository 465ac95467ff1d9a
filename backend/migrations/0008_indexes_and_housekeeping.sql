-- Indexes for the queries that run: the overview's cases, a change's case and documents, the
-- staff view's notes, an account's contracts.
CREATE INDEX cases_customer ON cases (customer_id);
CREATE INDEX cases_change ON cases (change_id);
CREATE INDEX notes_customer ON notes (customer_id, created_at);
CREATE INDEX change_documents_change ON change_documents (change_id);
CREATE INDEX contracts_account ON contracts (account_id);
-- The worker's broken-promise check every few seconds reads only the promises still open.
CREATE INDEX promises_open_due ON promises (due_by) WHERE kept_at IS NULL AND flagged_at IS NULL;
-- The daily purge finds what ran out without a full scan.
CREATE INDEX sessions_idle_expiry ON sessions (idle_expires_at);
CREATE INDEX sessions_absolute_expiry ON sessions (absolute_expires_at);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
CREATE INDEX login_failures_at ON login_failures (at);
CREATE INDEX change_disputes_change ON change_disputes (change_id);

-- Per-customer limits on actions that are no failure (a transfer preview names a new email):
-- one row per distinct item in the window, so repeating the same one costs nothing.
CREATE TABLE throttle_events (
    bucket TEXT NOT NULL,                 -- what and who: `transfer_preview:<customer id>`
    item_hash TEXT NOT NULL,              -- keyed hash of the item (the email typed)
    at TEXT NOT NULL,
    PRIMARY KEY (bucket, item_hash)
);
CREATE INDEX throttle_events_at ON throttle_events (at);

-- Who searched what, and when: staff searches are an audit record of their own (a search reads
-- no single customer, so it has no customer timeline to go on).
CREATE TABLE staff_searches (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    query TEXT NOT NULL,
    hits BIGINT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX staff_searches_staff ON staff_searches (staff_id, at);

-- The worker ends impersonations whose 30 minutes ran out (and says so on the timeline).
CREATE INDEX impersonations_running ON impersonations (expires_at) WHERE ended_at IS NULL;
