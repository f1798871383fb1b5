-- Bulk adds COPY straight into collection_object; a foreign key costs a trigger and an index probe
-- per row, which was a third of the time of an import. The references still hold, kept by the only
-- writer, ObjectStore: it inserts members only for the collection whose row it has locked (for update)
-- and for object_version keys it has just inserted or found in the same transaction; no code deletes
-- collections or object versions.
alter table collection_object drop constraint collection_object_collection_id_fkey;
alter table collection_object drop constraint collection_object_object_pk_fkey;
