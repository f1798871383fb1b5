-- The web interface's look-ups (issue 13): text search over names, descriptions, pattern values and
-- observable values, and the relationships around an object, as index probes rather than scans.

create extension if not exists pg_trgm;

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

create index object_version_search on object_version using gin (parley_search_text(body) gin_trgm_ops);

-- relationships by their ends: the object page's graph
create function parley_ref(body text, name text) returns text
  language sql immutable parallel safe as $$ select (body::jsonb) ->> name $$;

create index object_version_rel_source on object_version (parley_ref(body, 'source_ref')) where type = 'relationship';
create index object_version_rel_target on object_version (parley_ref(body, 'target_ref')) where type = 'relationship';
