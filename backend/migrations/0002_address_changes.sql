-- Address changes: a region (US state) on addresses, the request a scheduled change applies at
-- its date, and the "this wasn't me" codes sent with every address-change notification.
ALTER TABLE addresses ADD COLUMN region TEXT;
ALTER TABLE address_uses ADD COLUMN region TEXT;
ALTER TABLE changes ADD COLUMN request TEXT;

CREATE TABLE change_disputes (
    code_hash TEXT PRIMARY KEY,           -- keyed hash of the code printed in the letter/email
    change_id TEXT NOT NULL REFERENCES changes (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    recipient TEXT NOT NULL,              -- old_address | new_address | email
    created_at TEXT NOT NULL,
    used_at TEXT
);
