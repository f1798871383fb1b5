-- The transparency log (issue 5; ENTRY-FORMAT.md in tlog/). Invariants:
-- * log_entry is append-only: nothing ever updates or deletes a log row (the triggers below refuse
--   UPDATE, DELETE and TRUNCATE); indices are dense, 0..size-1, because appenders take the one row
--   of log_head (FOR UPDATE via UPDATE ... RETURNING) inside the transaction that stores the objects.
-- * log_salt (who a leaf is about, and its secret salt) and log_checkpoint (every signed checkpoint)
--   are append-only as well.
-- * log_tile is derived data: the integrator recomputes it from the entries and keeps, for every tile
--   position, the widest tile published so far (a narrower partial tile is its prefix). The startup
--   check recomputes it and refuses to serve the log when a row differs.

create table log_head (
  one  boolean primary key default true check (one),
  size bigint not null check (size >= 0)
);
insert into log_head (one, size) values (true, 0);

create table log_entry (
  idx   bigint primary key check (idx >= 0),
  entry bytea not null
);

-- kind: 1 store, 2 delete (the entry's kind byte); version is the exact string in the canonical bytes
create table log_salt (
  -- no foreign key to log_entry: both rows are written by the same statement pair in one
  -- transaction, and the check would cost an index probe per entry on the hot path
  idx           bigint primary key,
  kind          smallint not null,
  collection_id uuid not null,
  stix_id       text not null,
  version       text not null,
  salt          bytea not null
);
create index log_salt_by_object on log_salt (collection_id, stix_id, version);

create table log_checkpoint (
  size    bigint primary key,
  root    bytea not null,
  note    text not null,
  created timestamptz not null default now()
);

create table log_tile (
  level smallint not null,
  idx   bigint not null,
  width smallint not null check (width between 1 and 256),
  data  bytea not null,
  primary key (level, idx)
);

-- the verifier key the log is signed with; a node that opens the log with another key is refused
create table log_key (
  one          boolean primary key default true check (one),
  verifier_key text not null
);

create function log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the transparency log is append-only: % on % is refused', tg_op, tg_table_name
    using errcode = 'P0001';
end;
$$;

create trigger log_entry_append_only before update or delete on log_entry
  for each row execute function log_append_only();
create trigger log_entry_no_truncate before truncate on log_entry
  for each statement execute function log_append_only();
create trigger log_salt_append_only before update or delete on log_salt
  for each row execute function log_append_only();
create trigger log_salt_no_truncate before truncate on log_salt
  for each statement execute function log_append_only();
create trigger log_checkpoint_append_only before update or delete on log_checkpoint
  for each row execute function log_append_only();
create trigger log_checkpoint_no_truncate before truncate on log_checkpoint
  for each statement execute function log_append_only();
create trigger log_key_append_only before update or delete on log_key
  for each row execute function log_append_only();
