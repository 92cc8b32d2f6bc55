-- What a sync warns about (a record element or pointer matching nothing, an empty feed, fields the mapping never
-- reads, a next page the definition ignores; docs/onboarding.md): one warning a line, kept apart from a failure's error.
ALTER TABLE catalogue_sync ADD COLUMN warnings VARCHAR(4000);
