-- Sightings held for their owner's budget (issue 12; TelemetryDetection.SIGHTING_BURST), written
-- each second while they change, so that a node stopped hard (kill -9, a power cut) writes them at
-- its next start instead of losing them: the objects the sighting would be written as (a JSON array
-- of SCOs, observed-data and the sighting, rewritten only when its examples change) and the count and
-- times that grow with every hit. The keys of the records they counted are in detect_counted_run
-- from the same transaction. A row is deleted in the transaction that records the sighting written.
create table detect_held (
  id         uuid primary key,
  source     text not null,
  objects    text,
  count      bigint not null,
  first_seen timestamptz not null,
  last_seen  timestamptz not null,
  updated    timestamptz not null
);
