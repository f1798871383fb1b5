-- Whether an operator gave the peer's log key (parley peer add --key), rather than the peer's URL
-- serving it at first contact. Names are one node for the echo rule only when an operator gave
-- each the same key: a key served by a URL is a claim anyone can make (a log key is public), and a
-- stranger that served another peer's key took objects out of that peer's feed (hostile run 10p).
alter table peer add column key_given boolean not null default false;
alter table peer_retired add column key_given boolean not null default false;
