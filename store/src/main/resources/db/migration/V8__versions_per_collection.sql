-- A collection judges versions by its own members only (ARCHITECTURE.md, "Versions are judged per
-- collection"). Two collections may hold different bodies under the same id and version: an
-- object_version row is one body, unique by (stix_id, vkey, sha256), and a collection holds at most
-- one member per (stix_id, version). What another collection holds never decides what this one
-- accepts, and nothing a writer is told depends on it.
alter table object_version drop constraint object_version_stix_id_vkey_key;
alter table object_version add constraint object_version_stix_id_vkey_sha256_key unique (stix_id, vkey, sha256);

-- The right to replace, in a collection, a version whose body differs from the one sent under the
-- same id and version (TAXII POST; parley import says it with --on-conflict replace).
alter table account_right add column can_replace boolean not null default false;
