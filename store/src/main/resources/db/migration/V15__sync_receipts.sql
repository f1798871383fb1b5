-- Receipts of what this node pulled from its peers (issue 10, "Receipts"): for every object version
-- stored from a peer's collection, the sender's inclusion proof of that version in its log and a
-- checkpoint it signed. A row is written pending in the transaction that stores the page the version
-- came in (so no version pulled lacks one), and is settled once the sender's /log/receipt answered:
-- verified (against the key pinned for the peer, kept here as it was then) or failed (an alarm).
create table sync_receipt (
  peer              integer not null,
  peer_name         text not null,
  remote_collection text not null,
  into_collection   uuid not null,
  stix_id           text not null,
  version           timestamptz not null,
  state             text not null default 'pending' check (state in ('pending', 'verified', 'failed')),
  detail            text,
  attempts          integer not null default 0,
  peer_key          text,
  receipt           text,
  received          timestamptz not null default now(),
  checked           timestamptz,
  primary key (peer, remote_collection, stix_id, version)
);
create index sync_receipt_pending on sync_receipt (peer, remote_collection, stix_id, version) where state = 'pending';
create index sync_receipt_by_id on sync_receipt using hash (stix_id);
create index sync_receipt_failed on sync_receipt (peer) where state = 'failed';
