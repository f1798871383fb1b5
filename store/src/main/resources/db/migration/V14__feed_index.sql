-- Feed look-ups go by (peer, collection, added); the index over (peer, added) alone only cost writes.
drop index if exists peer_feed_peer_added;
