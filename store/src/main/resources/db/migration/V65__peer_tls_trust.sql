-- The certificates this node trusts for a peer's HTTPS (parley peer add --cacert): PEM text, the peer's
-- own certificate or the authority that signs it. Null: the JVM's trust store, as before.
alter table peer add column tls_trust text;
