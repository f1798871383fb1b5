-- The order in which counted keys were written, across processes (issue 12, idempotency): a node
-- following a folder takes in, at each look, the keys that other processes (parley detect --store
-- over a file of the folder) wrote since it last read them, by this order rather than by time, so
-- that a look reads what is new and not the last minutes again (hostile run 10q: a file stored by
-- detect --store before the node reached it was counted twice). A repeat that refreshes a key's time
-- takes a new place in the order too.
alter table detect_counted add column seq bigserial;
create index detect_counted_after on detect_counted (source, seq);
