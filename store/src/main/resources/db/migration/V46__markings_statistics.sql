-- A TLP filter that one object in 10,000 matches took 3.2 s at 1,000,000 objects: the planner
-- walked the collection in order, having guessed the marking common. With the default statistics
-- a marking seen once or twice in the 30,000 sampled rows may be left out of the column's most common
-- elements, and a marking absent from them is guessed at half the rarest one's frequency. Ten times
-- the sample keeps a marking that one object in 10,000 carries in that list with its frequency, and
-- guesses a rarer one rarer still: a rare marking is found by the GIN index, a common one by the walk.
alter table object_search alter column markings set statistics 1000;
