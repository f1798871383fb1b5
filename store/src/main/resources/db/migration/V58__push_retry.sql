-- Versions a peer refused in the status of a push (a failure it reported for the object): pushed
-- again, from the peer's feed as it is then, once next_at has come, with back-off between tries.
create table sync_push_retry (
  peer              integer not null,
  collection_id     uuid not null,
  remote_collection text not null,
  stix_id           text not null,
  version           timestamptz not null,
  attempts          integer not null,
  next_at           timestamptz not null,
  detail            text,
  primary key (peer, collection_id, remote_collection, stix_id, version)
);
