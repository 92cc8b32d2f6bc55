-- Applications committed as QUEUED whose id may not be on their entity's queue yet (docs/benchmarks.md, "Durable
-- application intake"). The row commits with the application; it is removed, in batches, once the send is confirmed,
-- and the sweep applications-requeue sends the ones left by a crash between the commit and the send.
-- Portable SQL: runs unchanged on H2 (embedded default) and PostgreSQL (production).
CREATE TABLE application_outbox (
    application_id   VARCHAR(36)              NOT NULL PRIMARY KEY,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX application_outbox_created ON application_outbox (created_at);
