-- Each peer's feed numbers its rows from a counter of its own. The one sequence every feed drew from
-- (peer_feed_seq) showed a peer, in the position its `next` cursor carries, how many rows the other
-- peers' feeds had taken meanwhile: what the node shares with them, and when their terms changed.
-- A peer's positions still only grow, also across a rebuild of its feed (the counter stays), so a
-- cursor never points back. Existing peers start above every position given so far.
create table peer_feed_position (
  peer integer primary key,
  last bigint not null
);
insert into peer_feed_position (peer, last)
  select p.id, (select case when is_called then last_value else 0 end from peer_feed_seq) from peer p;
