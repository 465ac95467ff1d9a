-- A customer's cards are the cards in their name on the accounts they still hold. A holder who
-- died or handed the account over keeps no card there: every route reads cards through this.
CREATE VIEW held_cards AS
SELECT k.* FROM cards k
WHERE EXISTS (
    SELECT 1 FROM account_holders h
    WHERE h.account_id = k.account_id AND h.customer_id = k.customer_id AND h.status = 'active'
);
