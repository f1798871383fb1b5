-- Analysts search MITRE ATT&CK and its kin by their public identifiers (T0828, G0034, S0089, M0953)
-- and by other names (aliases): those live in external_references[].external_id, aliases and
-- x_mitre_aliases, which the text of V40 left out. An ATT&CK technique's description seldom names
-- its own id, so "T0828" found nothing.
create or replace function parley_search_text(body text) returns text
  language sql immutable parallel safe as $$
  select lower(concat_ws(' ', j ->> 'name', j ->> 'description', j ->> 'pattern', j ->> 'value',
                         j ->> 'display_name', j ->> 'path',
                         (select string_agg(h.value, ' ') from jsonb_each_text(
                            case when jsonb_typeof(j -> 'hashes') = 'object' then j -> 'hashes' else '{}'::jsonb end) h),
                         (select string_agg(e ->> 'external_id', ' ') from jsonb_array_elements(
                            case when jsonb_typeof(j -> 'external_references') = 'array' then j -> 'external_references' else '[]'::jsonb end) e
                          where jsonb_typeof(e) = 'object'),
                         (select string_agg(a, ' ') from jsonb_array_elements_text(
                            case when jsonb_typeof(j -> 'aliases') = 'array' then j -> 'aliases' else '[]'::jsonb end) a),
                         (select string_agg(a, ' ') from jsonb_array_elements_text(
                            case when jsonb_typeof(j -> 'x_mitre_aliases') = 'array' then j -> 'x_mitre_aliases' else '[]'::jsonb end) a)))
  from (select body::jsonb as j) s
$$;

-- Bodies indexed before now get the new text; only those that can hold one of the new parts.
update object_search s set text = parley_search_text(v.body) from object_version v
 where v.pk = s.pk and (v.body like '%external_id%' or v.body like '%aliases%');
