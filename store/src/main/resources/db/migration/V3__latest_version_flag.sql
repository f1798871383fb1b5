-- match[version]=last, the TAXII default, was an anti-join probe per row of every page. The flag is
-- kept on write instead (ObjectStore.add and delete): true on the one member of each (collection,
-- stix_id) with the greatest version.
alter table collection_object add column latest boolean not null default true;
update collection_object c set latest = false
  where exists (select 1 from collection_object s
                where s.collection_id = c.collection_id and s.stix_id = c.stix_id and s.version > c.version);
