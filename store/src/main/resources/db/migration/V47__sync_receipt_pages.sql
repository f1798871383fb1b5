-- Pending receipts are written a page at a time (issue 10, "Performance"): the transaction that stores
-- a pulled page writes one row holding the ids and versions it brought, instead of a row per version
-- with two entries in indexes keyed by the object's id. At 1,000,000 objects pulled those rows were
-- the largest single cost of the receiver's database (746 bytes of WAL and two random index inserts
-- a version, a quarter of its statements' time). A version gets its row of sync_receipt when its
-- receipt is first asked: verified, failed, or pending again (the sender had none yet), and its page
-- row is deleted in that transaction once every version of it has one. Pages are asked in the order
-- they were pulled, which is the sender's own order.
create table sync_receipt_page (
  id                bigint generated always as identity primary key,
  peer              integer not null,
  peer_name         text not null,
  remote_collection text not null,
  into_collection   uuid not null,
  items             integer not null check (items > 0),
  stix_ids          text[] not null,
  versions          timestamptz[] not null,
  received          timestamptz not null default now(),
  check (cardinality(stix_ids) = items and cardinality(versions) = items)
);
create index sync_receipt_page_peer on sync_receipt_page (peer, id);
