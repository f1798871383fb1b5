-- Which running node stores a status's objects: a node holds a session advisory lock on its worker
-- number while it runs, so a node that starts fails only the pending objects of nodes that are gone.
-- Statuses written before this column existed have none, and count as gone.
alter table status add column worker integer;
