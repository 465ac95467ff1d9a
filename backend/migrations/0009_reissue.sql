-- A bank's portfolio reissue (`carryover reissue`): one run per operator command, one item per
-- customer it selected. An item turns `done` in the transaction that reissues the customer's
-- cards, so a run killed at any point resumes with nobody done twice and nobody skipped.
-- (timeline.actor_kind gains `bank` and changes.channel gains `bulk` for these runs.)
CREATE TABLE reissue_runs (
    id TEXT PRIMARY KEY,
    criteria TEXT NOT NULL,               -- JSON: expiring_before, brand, accounts_file
    carry_over BIGINT NOT NULL,           -- 1: dependents move to the new card at once
    total BIGINT NOT NULL,                -- customers selected
    created_at TEXT NOT NULL,
    finished_at TEXT,                     -- when a pass left nothing pending or failed
    summary TEXT                          -- JSON: customers per outcome after the last pass
);

-- `--account-ids-from FILE`: the accounts a run is limited to.
CREATE TABLE reissue_accounts (
    run_id TEXT NOT NULL REFERENCES reissue_runs (id),
    account_id TEXT NOT NULL,
    PRIMARY KEY (run_id, account_id)
);

CREATE TABLE reissue_items (
    run_id TEXT NOT NULL REFERENCES reissue_runs (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    card_ids TEXT NOT NULL,               -- the selected cards of this customer, comma-separated
    status TEXT NOT NULL,                 -- pending | done | failed
    outcome TEXT,                         -- done: carried_over | issued | skipped
    cards BIGINT NOT NULL DEFAULT 0,      -- replacement cards issued
    moved BIGINT NOT NULL DEFAULT 0,      -- dependents carried over
    attempts BIGINT NOT NULL DEFAULT 0,
    error TEXT,                           -- failed: why (rolled back; retried on the next pass)
    updated_at TEXT,
    PRIMARY KEY (run_id, customer_id)
);
-- Workers claim the next pending customers of a run in customer order.
CREATE INDEX reissue_items_status ON reissue_items (run_id, status, customer_id);

-- "Has this card a replacement on its way?": asked of every selected card when a run selects.
CREATE INDEX cards_replaces ON cards (replaces_card_id);
