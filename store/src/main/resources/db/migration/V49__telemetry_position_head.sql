-- A followed file is known by its identity (device and inode, so a rename or another path to the
-- same folder reads nothing twice), and its head: a digest of its first bytes read (at most 4,096),
-- so a file truncated and written again past the old position (copytruncate) is read from its start.
-- Null on rows made before: taken as they are.
alter table telemetry_position add column head text;
