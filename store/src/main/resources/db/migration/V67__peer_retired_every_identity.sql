-- Every identity retired under a name is kept, not only the last: a peer removed, added again under
-- its name with another log key (a mistaken URL: a new identity), and removed again, overwrote the
-- first identity, so the node that really was that peer, added back with its own key, was a new
-- source for good and what it had sent stayed withheld from relay (a hostile run). A name may now
-- hold several retired identities, one per key; an add revives the one with its key.
alter table peer_retired drop constraint peer_retired_pkey;
create index peer_retired_by_name on peer_retired (name, retired);
