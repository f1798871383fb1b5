-- The versions a peer accepted into one of its collections by push: never sent there again, so a
-- feed rebuilt by a new agreement version pushes only what the peer does not have yet.
create table sync_push_accepted (
  stix_id           text not null,
  peer              integer not null,
  remote_collection text not null,
  version           timestamptz not null,
  primary key (stix_id, peer, remote_collection, version)
);
