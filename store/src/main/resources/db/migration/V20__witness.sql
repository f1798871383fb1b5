-- Witnessing (issue 11): peers cosign each other's checkpoints (c2sp.org/tlog-witness) and watch for forks.

-- The latest checkpoint this node's witness cosigned, per origin. The add-checkpoint check and this
-- row's update run in one transaction under a transaction advisory lock on the origin, so two
-- requests for one origin never both advance it.
create table witness_state (
  origin  text primary key,
  size    bigint not null check (size >= 0),
  root    bytea not null,
  note    text not null,
  updated timestamptz not null default now()
);

-- What this node's monitor has seen of each peer's log: the largest checkpoint known consistent with
-- everything seen before, from the peer itself, its witness submissions or gossip.
create table monitor_state (
  origin  text primary key,
  size    bigint not null check (size >= 0),
  root    bytea not null,
  note    text not null,
  source  text not null,
  seen    timestamptz not null
);

-- Fork evidence: two signed checkpoints of one origin that cannot both be true, and the proof
-- (tlog/EVIDENCE-FORMAT.md). Kept forever: the trigger below refuses UPDATE, DELETE and TRUNCATE.
create table fork_evidence (
  id       bigserial primary key,
  origin   text not null,
  peer     text,
  notes    text[] not null,
  proof    text[] not null,
  sources  text[] not null,
  seen     timestamptz[] not null,
  recorded timestamptz not null default now(),
  digest   text not null unique
);
create index fork_evidence_by_peer on fork_evidence (peer);

create function fork_evidence_kept() returns trigger language plpgsql as $$
begin
  raise exception 'fork evidence is kept forever: % on % is refused', tg_op, tg_table_name using errcode = 'P0001';
end;
$$;
create trigger fork_evidence_no_change before update or delete on fork_evidence
  for each row execute function fork_evidence_kept();
create trigger fork_evidence_no_truncate before truncate on fork_evidence
  for each statement execute function fork_evidence_kept();

-- Cosignatures this node's log collected from its peers' witnesses, per checkpoint (size and root),
-- one line per witness key; served with the checkpoint at /log/checkpoint.
create table log_cosignature (
  size        bigint not null,
  root        bytea not null,
  witness_key text not null,
  line        text not null,
  received    timestamptz not null default now(),
  primary key (size, witness_key)
);

-- A peer's witness key (cosignature/v1, type 0x04), pinned at first contact like its log key.
alter table peer add column witness_key text;
