-- A fork is of a log, named by its key, not of a peer's name (hostile run 10s: after `peer add c --key K2`
-- the name kept its fork onto the new, healthy key, every name that pinned K2 inherited it, and a name that
-- pinned the forked key K1 at first contact was ok and synced). One row per log key seen forked; `accepted`
-- is when an operator accepted the fork (null while it stands). A peer is forked while its key's row stands.
create table forked_log (
  verifier_key text primary key,
  detail       text,
  since        timestamptz not null default now(),
  accepted     timestamptz
);

insert into forked_log (verifier_key, detail)
  select verifier_key, min(state_detail) from peer
  where state = 'forked' and verifier_key is not null
  group by verifier_key;
