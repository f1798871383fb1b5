-- How many deletes a collection has seen: a writer that remembers the members it added lately
-- (RecentMembers) trusts that memory only while no delete has happened since.
alter table collection add column deletes bigint not null default 0;
