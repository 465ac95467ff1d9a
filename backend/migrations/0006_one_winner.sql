-- At most one open holder change per account: the open case says which account it is about,
-- and the database refuses a second one whatever the race.
ALTER TABLE cases ADD COLUMN account_id TEXT REFERENCES accounts (id);
-- Open holder cases from before name their account only in the change's request (JSON as
-- serde_json writes it, without spaces); LIKE and || read it the same on SQLite and PostgreSQL.
UPDATE cases SET account_id = (
    SELECT a.id FROM accounts a JOIN changes c ON c.id = cases.change_id
    WHERE c.request LIKE '%"account_id":"' || a.id || '"%'
    ORDER BY a.id LIMIT 1
) WHERE kind = 'holder_change';
-- Where an account already had several open ones, the oldest keeps the name; the others stay
-- open for an agent to decide, they only do not block the index.
UPDATE cases SET account_id = NULL
WHERE status = 'open' AND kind = 'holder_change' AND EXISTS (
    SELECT 1 FROM cases o
    WHERE o.account_id = cases.account_id AND o.status = 'open' AND o.kind = 'holder_change'
      AND (o.created_at < cases.created_at OR (o.created_at = cases.created_at AND o.id < cases.id))
);
CREATE UNIQUE INDEX cases_one_open_holder_change ON cases (account_id)
    WHERE status = 'open' AND kind = 'holder_change';

-- An idempotency key in flight is owned by one attempt (claim_id) for a short lease; a retry
-- after the lease (the attempt died with its process) takes the key over.
ALTER TABLE idempotency_keys ADD COLUMN claim_id TEXT;
CREATE INDEX invitations_inviter ON invitations (inviter_customer_id, created_at);
