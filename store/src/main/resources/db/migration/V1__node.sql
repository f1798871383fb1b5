-- The node's store: collections, object versions, collection membership, accounts, statuses.
-- Invariants: an object version (stix_id, vkey) is stored once; a collection's seq and date_added
-- grow together and strictly (writers of one collection hold its row lock), so keyset paging on
-- seq equals ordering by date_added.

create table collection (
  id          uuid primary key,
  api_root    text not null,
  title       text not null,
  description text,
  alias       text unique,
  created     timestamptz not null default now(),
  last_seq    bigint not null default 0,
  last_added  timestamptz,
  -- true once an object of a spec_version other than 2.1 was added
  mixed_spec  boolean not null default false
);

create table object_version (
  pk           bigserial primary key,
  stix_id      text not null,
  type         text not null,
  -- the uniqueness key: modified, else created, else -infinity (one version only)
  vkey         timestamptz not null,
  -- the version shown to clients: modified, else created, else when first stored
  version      timestamptz not null,
  spec_version text not null,
  sha256       bytea not null,
  canonical    bytea not null,
  body         text not null,
  unique (stix_id, vkey)
);

create table collection_object (
  collection_id uuid not null references collection (id) on delete cascade,
  seq           bigint not null,
  object_pk     bigint not null references object_version (pk),
  stix_id       text not null,
  type          text not null,
  version       timestamptz not null,
  spec_version  text not null,
  date_added    timestamptz not null,
  primary key (collection_id, seq),
  unique (collection_id, object_pk)
);
create index collection_object_by_id on collection_object (collection_id, stix_id, version) include (spec_version);
create index collection_object_by_added on collection_object (collection_id, date_added);

create table account (
  name         text primary key,
  token_sha256 bytea not null unique,
  admin        boolean not null default false,
  created      timestamptz not null default now()
);

-- collection is a collection id, or '*' for every collection
create table account_right (
  account    text not null references account (name) on delete cascade,
  collection text not null,
  can_read   boolean not null,
  can_write  boolean not null,
  primary key (account, collection)
);

create table status (
  id                uuid primary key,
  collection_id     uuid not null,
  account           text,
  request_timestamp timestamptz not null,
  total_count       integer not null,
  success_count     integer not null,
  failure_count     integer not null,
  pending_count     integer not null
);

-- kind: 0 success, 1 failure, 2 pending
create table status_detail (
  status_id uuid not null references status (id) on delete cascade,
  ord       integer not null,
  kind      smallint not null,
  stix_id   text not null,
  version   text,
  message   text,
  primary key (status_id, ord)
);
