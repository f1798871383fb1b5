-- The echo rule is about what a peer sent, body and all (hostile run 10ac): a different body a peer
-- sends under the id and version of another object (the node's own, in another collection) is not
-- that object, and must not withhold it from the peer. What a peer sent that a collection held
-- already is kept with the body it was (object_version.pk); rows written before are given the body
-- the collections hold under their id and version, or none (then any body of that version counts).
alter table peer_sent add column object_pk bigint;
update peer_sent p set object_pk = (select min(c.object_pk) from collection_object c where c.stix_id = p.stix_id and c.version = p.version);
