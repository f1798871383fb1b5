-- Whether a peer ever sent this node anything is asked by the publisher (a local copy of a version the
-- peer sent is withheld from it as echo, so local members are probed only for a peer that sends):
-- an index of the received members only, by their source.
create index collection_object_source_peer on collection_object (source_peer) where source_peer is not null;
