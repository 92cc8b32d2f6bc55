-- The flush adds to insight_count cell by cell, by its full key. With an index on (kind, event_day) only, H2's planner
-- chose that index for those lookups and scanned every cell of the day for each one (minutes per flush at load).
-- Keyed by the whole cell after the day, the index serves both the flush and reports over a range of days.
DROP INDEX insight_count_day;
CREATE INDEX insight_count_day ON insight_count (kind, event_day, country, occupation, subject);
