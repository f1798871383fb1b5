-- Pending receipts are written in the transaction of every pulled page (issue 10, "Performance"):
-- one index entry fewer per version pulled. The primary key leads with the object's id, so it also
-- answers "the receipts of this object" (parley receipt show), which the hash index on stix_id did;
-- a peer's pending receipts are still read in key order through sync_receipt_pending, a receipt is
-- still settled by its whole key, and the failed ones counted through sync_receipt_failed.
alter table sync_receipt drop constraint sync_receipt_pkey;
alter table sync_receipt add primary key (stix_id, peer, remote_collection, version);
drop index sync_receipt_by_id;
