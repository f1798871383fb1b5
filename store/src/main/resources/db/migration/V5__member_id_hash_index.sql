-- Members are found by object id with a hash index instead of a B-tree on (collection_id, stix_id,
-- version). STIX ids are random, so every insert into that B-tree descended to a random leaf: in a
-- profile of a bulk load, B-tree descents were the server's largest cost. A hash index on the id
-- alone is a quarter of the size and takes an insert without a descent; queries by id filter the few
-- members of that id (one per collection and version) on collection and version.
drop index collection_object_by_id;
create index collection_object_by_id on collection_object using hash (stix_id);
