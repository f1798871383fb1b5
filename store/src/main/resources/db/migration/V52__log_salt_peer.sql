-- Entries of kind receive (0x04, tlog/ENTRY-FORMAT.md) commit to the peer an object came from; the
-- receipt of such an entry names the peer, kept here beside the salt. Null for every other kind.
-- (A new column is a change of the log's schema: a new version, as V50 says.)
alter table log_salt add column peer text;
