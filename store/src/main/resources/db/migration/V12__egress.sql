-- Agreements and the egress feed: what each peer may read here (federation; ARCHITECTURE.md,
-- "Egress: one feed per peer").

-- Every version of every agreement, as installed; the peer's rights follow the latest.
create table agreement (
  peer      text not null,
  version   integer not null,
  body      text not null,
  sha256    bytea not null,
  installed timestamptz not null default now(),
  primary key (peer, version)
);

-- Where a member came from: the peer that sent it (null for what was made or imported here).
alter table collection_object add column source_peer integer;

-- One feed per peer and collection: the members that peer may read, in the order they became
-- readable to it (pseq, from the one sequence below, so a peer's positions only grow, also when its
-- feed is rebuilt for a new agreement). A page of a peer is a keyset page on pseq.
create sequence peer_feed_seq;
create table peer_feed (
  peer          integer not null,
  collection_id uuid not null,
  pseq          bigint not null,
  seq           bigint not null,
  stix_id       text not null,
  type          text not null,
  version       timestamptz not null,
  spec_version  text not null,
  added         timestamptz not null,
  latest        boolean not null,
  primary key (peer, collection_id, pseq)
);
create unique index peer_feed_member on peer_feed (peer, collection_id, seq);
create index peer_feed_by_id on peer_feed using hash (stix_id);
create index peer_feed_added on peer_feed (peer, collection_id, added);
create index peer_feed_peer_added on peer_feed (peer, added);

-- What the publisher decided for every member of a shared collection, for `policy explain`: null
-- rule is served. Withheld members are decided again when what withheld them may have changed.
create table peer_decision (
  peer          integer not null,
  collection_id uuid not null,
  seq           bigint not null,
  rule          text,
  primary key (peer, collection_id, seq)
);

-- Members withheld only because they name an object the peer cannot read yet, by the id they wait for.
create table peer_wait (
  peer          integer not null,
  ref_id        text not null,
  collection_id uuid not null,
  seq           bigint not null,
  primary key (peer, ref_id, collection_id, seq)
);

-- How far the publisher has decided each shared collection for each peer, under which agreement.
create table peer_cursor (
  peer          integer not null,
  collection_id uuid not null,
  agreement     integer not null,
  decided_seq   bigint not null,
  primary key (peer, collection_id)
);
