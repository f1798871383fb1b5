-- Every version a peer's feed held and no longer holds: the feed dropped for a new agreement version,
-- relay withdrawn, a copy of what the peer sent itself (echo), a member deleted from its collection.
-- The peer was served it, so it may still have that version's receipt (issue: "each side can later
-- prove what the other sent it"); only the receipt routes read this table, never the feed. Rows are
-- copied in the transaction that takes them out of the feed and are never removed, also when the
-- peer is removed: a peer added back under its name regains its id (peer_retired) and what it held.
-- The primary key is the look-up of a receipt: one version, or the newest of an object.
create table peer_served (
  peer          integer not null,
  collection_id uuid not null,
  stix_id       text not null,
  version       timestamptz not null,
  primary key (peer, collection_id, stix_id, version)
);
