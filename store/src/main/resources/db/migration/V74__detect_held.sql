-- Sightings held for their owner's budget (issue 12; TelemetryDetection.SIGHTING_BURST), saved by
-- every run that makes them grow, in the transaction that records the keys of the records the run
-- counted, so that a node stopped hard (kill -9, a power cut) writes them at its next start instead
-- of losing hits it had counted: the objects the sighting would be written as (a JSON array of SCOs,
-- observed-data and the sighting, saved at its first save and once its examples are all there) and its count and times,
-- which only grow (a save older than the row is merged in, never put back). A sighting written is
-- marked so (written), in the transaction that records it, and a late save of it changes nothing;
-- such rows are deleted an hour later, and at the next start.
create table detect_held (
  id         uuid primary key,
  source     text not null,
  objects    text,
  count      bigint not null,
  first_seen timestamptz not null,
  last_seen  timestamptz not null,
  updated    timestamptz not null,
  written    boolean not null default false
);
create index detect_held_written on detect_held (updated) where written;
