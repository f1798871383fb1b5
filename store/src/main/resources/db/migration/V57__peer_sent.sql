-- The versions a peer sent that a collection held already (pulled or pushed as duplicates, or kept
-- out by a conflicting body): no member records that this peer sent them, and the publisher's echo
-- rule must still never serve them back to it from another peer's copy.
create table peer_sent (
  stix_id text not null,
  peer    integer not null,
  version timestamptz not null,
  primary key (stix_id, peer, version)
);
