-- The peers whose agreement allowed relay when a feed was built: a feed holds objects received from
-- other peers as their sources' relay allowed then, so a change of any other peer's relay (or its
-- removal) rebuilds the feed, as a new version of the peer's own agreement does. Null on rows made
-- before: adopted as they are, without a rebuild.
alter table peer_cursor add column relay_sources text;
