-- The web interface's look-ups (issue 13): text search over names, descriptions, pattern values and
-- observable values, and the relationships around an object, as index probes rather than scans.

-- pg_trgm goes to public (kept when a node's own schema is dropped); a database that has it
-- elsewhere keeps it there, and the index below names its operator class where it is
create extension if not exists pg_trgm with schema public;

-- The searchable text of a body, lower case: what the collection browser and bulk search look in.
-- Immutable (a function of the text alone), so it can be indexed.
create function parley_search_text(body text) returns text
  language sql immutable parallel safe as $$
  select lower(concat_ws(' ', j ->> 'name', j ->> 'description', j ->> 'pattern', j ->> 'value',
                         j ->> 'display_name', j ->> 'path',
                         (select string_agg(h.value, ' ') from jsonb_each_text(
                            case when jsonb_typeof(j -> 'hashes') = 'object' then j -> 'hashes' else '{}'::jsonb end) h)))
  from (select body::jsonb as j) s
$$;

-- The searchable text of every stored body, by object_version key, written behind the write path
-- (a trigram index updated in the write path's transactions halved imports): the node's
-- indexer follows each collection's members in order (object_search_cursor) and fills it.
create table object_search (
  pk         bigint primary key,
  text       text not null,
  -- a relationship's ends (null for other objects): the object page's graph
  source_ref text,
  target_ref text
);
do $$
declare
  trgm text;
begin
  select n.nspname into trgm from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm';
  execute format('create index object_search_text on object_search using gin (text %I.gin_trgm_ops)', trgm);
end
$$;
create index object_search_source on object_search (source_ref) where source_ref is not null;
create index object_search_target on object_search (target_ref) where target_ref is not null;

create table object_search_cursor (
  collection_id uuid primary key,
  last_seq      bigint not null
);
