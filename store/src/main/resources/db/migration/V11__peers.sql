-- The nodes this node trades with (issue: federation). A peer's name is also the name of its
-- account here (the credential it uses to read and write this node); the token this node uses at
-- the peer is kept here, and so is the peer's log verifier key, pinned at first contact.
create table peer (
  id           serial unique,
  name         text primary key,
  url          text not null,
  token        text,
  verifier_key text,
  state        text not null default 'unreachable',
  state_detail text,
  last_sync    timestamptz,
  pulled       bigint not null default 0,
  pushed       bigint not null default 0,
  created      timestamptz not null default now()
);
