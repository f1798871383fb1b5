-- What the witness cosigned and what the monitor knows consistent is kept per log, a log being its
-- verifier key, not per origin: two peers' logs may share an origin (every node started without
-- --name is "parley"; a hostile peer may name its key after another's log), and a checkpoint of one
-- compared with the other's made false, permanent fork evidence (hostile run 10o). A row whose origin
-- one pinned key alone has moves to that key; any other is dropped, to be learned again.
alter table monitor_state add column log_key text;
alter table witness_state add column log_key text;

update monitor_state m set log_key = k.verifier_key
  from (select split_part(verifier_key, '+', 1) as origin, min(verifier_key) as verifier_key from peer
        where verifier_key is not null group by 1 having count(distinct verifier_key) = 1) k
  where k.origin = m.origin;
update witness_state w set log_key = k.verifier_key
  from (select split_part(verifier_key, '+', 1) as origin, min(verifier_key) as verifier_key from peer
        where verifier_key is not null group by 1 having count(distinct verifier_key) = 1) k
  where k.origin = w.origin;
delete from monitor_state where log_key is null;
delete from witness_state where log_key is null;

alter table monitor_state drop constraint monitor_state_pkey;
alter table monitor_state alter column log_key set not null;
alter table monitor_state add primary key (log_key);
create index monitor_state_by_origin on monitor_state (origin);

alter table witness_state drop constraint witness_state_pkey;
alter table witness_state alter column log_key set not null;
alter table witness_state add primary key (log_key);
create index witness_state_by_origin on witness_state (origin);
