-- Detection (issue 12): the telemetry right, records already counted per source (idempotency),
-- where each followed telemetry file was read up to, and the node's sighting identity.

-- an account that may post telemetry (parley token create --telemetry)
alter table account add column telemetry boolean not null default false;

-- the digest of every record counted in a sighting, per source, with when it was counted; rows
-- older than 24 hours are pruned and no longer refuse a repeat
create table detect_counted (
  source     text not null,
  digest     text not null,
  counted_at timestamptz not null default now(),
  primary key (source, digest)
);
create index detect_counted_time on detect_counted (counted_at);

-- how far a followed telemetry file was read: bytes and lines, and the file's size then
create table telemetry_position (
  path     text primary key,
  position bigint not null,
  line     bigint not null,
  updated  timestamptz not null default now()
);

-- the identity that sighted (where_sighted_refs, created_by_ref of the node's sightings): one row
create table detect_identity (
  one boolean primary key default true check (one),
  id  text not null
);
