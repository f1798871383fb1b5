-- Feed look-ups go by (peer, collection, added); the index over (peer, added) alone only cost writes.
drop index if exists peer_feed_peer_added;
-- The cycle search and its deletes find a member's waits by the member.
create index peer_wait_member on peer_wait (peer, collection_id, seq);
