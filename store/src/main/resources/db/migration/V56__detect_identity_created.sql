-- When the node's sighting identity was made: its created and modified. An identity made before
-- this column has none and keeps the version it was stored with (1970-01-01), so that storing it
-- again is a duplicate, never a second version.
alter table detect_identity add column created timestamptz;
