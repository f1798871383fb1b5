-- A peer removed keeps its identity here: added again under its name (and, when both are known, the
-- same log key), it is the same peer again, with its id and log name. What was received from it, what
-- it sent (peer_sent), its pull positions and receipts are keyed by that id, so the echo rule (nothing
-- goes back to the peer it came from) and "re-syncing changes nothing" hold across a remove and an add.
create table peer_retired (
  name         text primary key,
  id           integer not null unique,
  log_name     text not null unique,
  verifier_key text,
  retired      timestamptz not null default now()
);
