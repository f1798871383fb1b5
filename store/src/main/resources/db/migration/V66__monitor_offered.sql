-- Signed checkpoints of peers' logs that this node met elsewhere than the monitor's own rounds (the
-- checkpoints of receipts, which parley sync checks in another process): the monitor takes them at
-- its next round and checks each against the largest it knows consistent, with the log's tiles.
create table monitor_offered (
  id      bigint generated always as identity primary key,
  origin  text not null,
  note    text not null,
  source  text not null,
  offered timestamptz not null default now(),
  unique (origin, note)
);
