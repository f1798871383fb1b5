-- An id a peer sends that a collection held already (peer_sent, no member of its own) is one that
-- peer reads: members of its feed withheld only because they name that id are decided again. The
-- transaction that records what it sent leaves the ids here, for the peer's next publish to wake.
create table peer_wake (
  peer   integer not null,
  ref_id text not null,
  primary key (peer, ref_id)
);
