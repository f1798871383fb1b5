-- Receipts find the leaves of an object with a hash index on its id instead of a B-tree on
-- (collection_id, stix_id, version): STIX ids are random, and each insert into that B-tree descended
-- to a random leaf (see V5 for the same change to collection_object). The receipt query filters the
-- few leaves of the id on collection, kind and version.
drop index log_salt_by_object;
create index log_salt_by_id on log_salt using hash (stix_id);
