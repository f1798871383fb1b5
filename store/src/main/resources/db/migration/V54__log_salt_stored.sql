-- An add by an account that may not read the collection (a write-only account, a peer) leaves one
-- log entry per object, also for an object the collection held already or kept out by a conflict,
-- so that the log's public size does not tell them apart (ARCHITECTURE.md, "What a writer is told").
-- Such an entry commits to the object as sent, and stored is false: no receipt is given of it, since
-- a receipt is of the entry that stored what the collection serves. True for every other entry.
alter table log_salt add column stored boolean not null default true;
