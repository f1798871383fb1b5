-- The canonical (RFC 8785) bytes of a version are no longer stored: the log needs them only when
-- the version is written, when they are at hand, and they are a function of body (parse, then
-- canonicalize). They doubled the row and were most of the bulk-load COPY.
alter table object_version drop column canonical;
-- Writers reserve keys in blocks: one nextval stands for a block of 1,000 keys, so a batch of 5,000
-- new versions takes five calls instead of 5,000. Keys keep growing; they are not dense.
do $$
begin
  execute format('alter sequence %s increment by 1000', pg_get_serial_sequence('object_version', 'pk'));
end
$$;
