-- A followed Zeek TSV file may hold several header blocks (a dns block and its lines, then an http
-- block and its lines): the header in force where the file was read up to is kept with the position,
-- so the lines appended after a restart are split by it, not by the file's first block. Bytes (UTF-8
-- text; a field name may hold a NUL, which a text column refuses).
-- Null on rows made before: the header is then found again from the file's '#' lines once.
alter table telemetry_position add column header bytea;
