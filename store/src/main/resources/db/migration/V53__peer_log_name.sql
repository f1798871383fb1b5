-- What this node's log entries of kind receive (tlog/ENTRY-FORMAT.md) commit to as the peer an
-- object came from: a random name of 32 hex digits, fixed when the peer is added, never its name.
-- The receipt of such an entry goes to whoever may read the object, another peer too when the
-- object is relayed, and a peer never learns the name of another peer of this node. gen_random_uuid
-- draws from the server's strong random source; each existing row gets its own.
alter table peer add column log_name text not null default replace(gen_random_uuid()::text, '-', '');
alter table peer add constraint peer_log_name_unique unique (log_name);
