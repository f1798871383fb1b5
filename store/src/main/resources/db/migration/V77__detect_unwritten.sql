-- The objects of the sightings a run found (SCOs, observed-data, sightings, feedback copies), saved
-- in the transaction that records the keys of the records it counted, before they are stored in
-- their collection (issue 12, idempotency): a process stopped hard after storing the sightings and
-- before recording the keys counted those records again when they were sent again. A row is
-- deleted once its objects are stored; rows left by a hard stop or a failed store are stored by
-- the next process that detects, or by the next run after the failure (their ids are fixed, so
-- storing a row twice changes nothing). At most 1,000 objects a row.
create table detect_unwritten (
  id         bigserial primary key,
  collection uuid not null,
  objects    text not null,
  saved      timestamptz not null default now()
);
