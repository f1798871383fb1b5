-- Where sync stands with each peer. A pull position is written in the transaction that stores the
-- page of objects it follows, so a crash never loses nor repeats a page; a push position once the
-- peer's status says every object of the envelope is settled.
create table sync_pull (
  peer              integer not null,
  remote_collection text not null,
  into_collection   uuid not null,
  added_after       text,
  updated           timestamptz not null default now(),
  primary key (peer, remote_collection, into_collection)
);

create table sync_push (
  peer              integer not null,
  collection_id     uuid not null,
  remote_collection text not null,
  after_pseq        bigint not null default 0,
  updated           timestamptz not null default now(),
  primary key (peer, collection_id, remote_collection)
);
