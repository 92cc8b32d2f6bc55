-- Tamper-evident history and audit, and the retention of personal data (docs/security.md).
-- Portable SQL: runs unchanged on H2 (embedded default) and PostgreSQL (production).

-- Each history record and each audit record carries the hash of the one before it and its own hash, SHA-256 over
-- that previous hash and its canonical content (eg.gov.bawaba.hub.audit.HashChain).
ALTER TABLE application_event ADD COLUMN prev_hash VARCHAR(64);
ALTER TABLE application_event ADD COLUMN hash VARCHAR(64);
ALTER TABLE ops_audit ADD COLUMN prev_hash VARCHAR(64);
ALTER TABLE ops_audit ADD COLUMN hash VARCHAR(64);

-- The head of each application's history chain: removing its last records shows as a head that names a missing one.
ALTER TABLE application ADD COLUMN history_head VARCHAR(64);
ALTER TABLE application ADD COLUMN history_count INTEGER DEFAULT 0 NOT NULL;

-- The head of the single ops audit chain; its row is locked by every append, which serialises them.
CREATE TABLE audit_chain_head (
    chain_name    VARCHAR(40)              NOT NULL PRIMARY KEY,
    head_hash     VARCHAR(64),
    record_count  BIGINT                   NOT NULL
);

-- Records written before this version are chained by the Java migration 5.1 (ChainExistingRecords), once.

-- Retention (PDPL 151/2020): a closed application's personal data is removed after the retention period; the row
-- stays, for the anonymous statistics.
ALTER TABLE application ALTER COLUMN personal_data DROP NOT NULL;
ALTER TABLE application ADD COLUMN personal_data_purged_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX application_status_updated ON application (status, updated_at);
CREATE INDEX application_created ON application (created_at);
