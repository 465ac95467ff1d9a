-- Workers claim a run's pending customers through an index of the pending ones only, keyed as
-- the primary key is: a claim reads pending entries only, and marking a batch done can find its
-- customers by (run_id, customer_id) in either index. (The old key (run_id, status,
-- customer_id) led PostgreSQL's generic plan to read every pending entry of the run and filter
-- the batch's customers from them; that plan also happens with this index while the run's
-- statistics call the table empty, so `reissue::customer::mark_done` joins a list of values.)
CREATE INDEX reissue_items_pending ON reissue_items (run_id, customer_id) WHERE status = 'pending';
DROP INDEX reissue_items_status;
