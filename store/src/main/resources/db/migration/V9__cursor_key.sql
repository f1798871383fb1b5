-- The secret that seals TAXII next cursors (HMAC-SHA256). One row, made by the first node that needs
-- it (32 random bytes from the node's SecureRandom: pgcrypto is not assumed to be installed) and
-- shared by every node of this database, so that a cursor one node gave out is valid on the others
-- and after any restart.
create table cursor_key (
  one    boolean primary key default true check (one),
  secret bytea not null check (length(secret) = 32)
);
