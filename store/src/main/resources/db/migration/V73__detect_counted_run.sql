-- The keys a run counted, per source, in one row (issue 12, idempotency): a run in which 200,000
-- records hit wrote 200,000 rows to detect_counted, an entry in each of three indexes a row: about
-- 3 s of the database a run, more than reading and matching it took. A row here holds the run's keys packed
-- (DetectionStore.CountedKeys: 17 to 19 bytes a key of a record's digest and an indicator's id), is
-- written once and never updated: a key found in several rows was counted when the latest says.
-- Its place in the order of writing comes from detect_counted's sequence, so that a reader that
-- takes in what was written after a place reads both tables by one order; detect_counted is no
-- longer written, only read and pruned, and is empty a window after this migration.
create table detect_counted_run (
  source     text not null,
  counted_at timestamptz not null,
  seq        bigint not null default nextval('detect_counted_seq_seq'),
  keys       int not null,
  packed     bytea not null
);
-- random digests do not compress: stored out of line as they are, without a try at compressing them
alter table detect_counted_run alter column packed set storage external;
create index detect_counted_run_after on detect_counted_run (source, seq);
create index detect_counted_run_time on detect_counted_run (counted_at);
