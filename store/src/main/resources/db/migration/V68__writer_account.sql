-- The local account that wrote a member over TAXII (null: a peer's, or made or imported here). Detection
-- budgets the indicators of each writer apart: one local account's costly expressions or indicators that
-- match anything spend its own automaton states and sightings, not those of every other local writer.
alter table collection_object add column source_account text;
