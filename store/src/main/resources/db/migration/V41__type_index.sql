-- The latest versions of one type in a collection, in insertion order: a collection page filtered
-- by a type that few of a large collection's objects have, and the dashboard's recent sightings,
-- read them from here instead of walking the collection until a page is full.
create index collection_object_by_type on collection_object (collection_id, type, seq) where latest;
-- The same for what a peer reads (its feed), for its pages and the pages seen as that peer.
create index peer_feed_by_type on peer_feed (peer, collection_id, type, pseq) where latest;
