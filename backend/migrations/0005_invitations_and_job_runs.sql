-- A transfer names the new holder by email; they are invited and must accept (sign in or
-- register) before staff can approve. The link's token is never stored: only its keyed hash.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,      -- HMAC of the token in the link (server secret)
    change_id TEXT NOT NULL REFERENCES changes (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    inviter_customer_id TEXT NOT NULL REFERENCES customers (id),
    email TEXT NOT NULL,                  -- lower-cased
    name TEXT NOT NULL,                   -- as the inviter gave it
    status TEXT NOT NULL,                 -- pending | accepted | withdrawn
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    accepted_customer_id TEXT REFERENCES customers (id),
    withdrawn_at TEXT,
    version BIGINT NOT NULL
);
CREATE INDEX invitations_change ON invitations (change_id);

-- Daily jobs run once per day across every instance: the first instance to insert the
-- (job, run_on) row in the job's transaction does the work; the others find the row.
CREATE TABLE job_runs (
    job TEXT NOT NULL,
    run_on TEXT NOT NULL,                 -- YYYY-MM-DD (UTC)
    started_at TEXT NOT NULL,
    finished_at TEXT,
    result TEXT,
    PRIMARY KEY (job, run_on)
);
