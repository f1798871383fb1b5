-- The marking-definition ids an object's object_marking_refs names, kept with its searchable text:
-- a collection page filtered by a TLP level that few of a large collection's objects carry reads
-- them from the GIN index below instead of parsing every body in the collection.
create function parley_marking_refs(body text) returns text[]
  language sql immutable parallel safe as $$
  select array(select jsonb_array_elements_text(
    case when jsonb_typeof(j -> 'object_marking_refs') = 'array' then j -> 'object_marking_refs' else '[]'::jsonb end))
  from (select body::jsonb as j) s
$$;

alter table object_search add column markings text[] not null default '{}';
update object_search s set markings = parley_marking_refs(v.body) from object_version v
 where v.pk = s.pk and v.body like '%object_marking_refs%';
create index object_search_markings on object_search using gin (markings);
