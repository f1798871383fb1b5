-- The writer of the indicator version a held sighting matched (issue 12, feedback): the peer whose
-- version detection followed, or 0 for this node's own or a local account's. A feedback copy is made
-- only when that peer owns the id (the earliest version added is its, none is this node's own):
-- detection that follows a collection holding another peer's later version of the id matched a
-- pattern the owner never wrote, and its sighting was fed back to the owner (hostile run 12ao D1).
-- Null on rows saved before: no feedback copy is made for them.
alter table detect_held add column matched_owner integer;
