-- Staff search: folded name tokens, reversed phone digits (a suffix match becomes an indexed
-- prefix match) and emails, each pointing at its customer. Range scans on the primary key serve
-- prefix queries on SQLite and PostgreSQL alike.
CREATE TABLE search_terms (
    term TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    kind TEXT NOT NULL,                   -- name | phone | email
    PRIMARY KEY (term, kind, customer_id)
);
CREATE INDEX search_terms_customer ON search_terms (customer_id);
CREATE INDEX accounts_iban ON accounts (iban);
