-- What the search index keeps of a body, computed by the writer in the JVM from the object it has
-- at hand (text not yet lower case, a relationship's ends, the marking refs), waiting for the
-- indexer, which moves each row into object_search (lower-casing the text) and deletes it here. A
-- body without a row here (written before this migration, or one whose members only SQL can read
-- as the functions of V40 and V42 do) is indexed from its body, as before. Rows of versions that a
-- failed transaction wrote go with it.
create table object_search_pending (
  pk         bigint primary key,
  text       text not null,
  source_ref text,
  target_ref text,
  markings   text[] not null
);
