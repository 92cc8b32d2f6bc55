-- Each client sees only what it created (docs/security.md, "Owners of records"): every application and expert profile
-- belongs to the client whose token created it (azp, else client_id, else sub), and, when the app backend acted for a
-- signed-in citizen, to that citizen too, kept only as a keyed hash (HMAC-SHA256) of the national id, never the id.
-- Idempotency keys live in each client's own namespace.
-- Portable SQL: runs unchanged on H2 (embedded default) and PostgreSQL (production).

-- Rows of earlier versions get the owner bawaba.security.legacy-owner (BAWABA_LEGACY_OWNER): the app backend's client
-- id in a deployment that had one, so it keeps reading them; by default the reserved 'bawaba:legacy', which no token
-- can name, so no client reads them through the API and operators still see them through /ops. Set it before the
-- upgrade: the owner is covered by the tamper-evident chain (V14), so an UPDATE afterwards reads as tampering.
ALTER TABLE application ADD COLUMN owner_client_id VARCHAR(255) DEFAULT '${legacy_owner}' NOT NULL;
ALTER TABLE application ALTER COLUMN owner_client_id DROP DEFAULT;
-- 'hmac-sha256:' and 64 hex digits; NULL for rows of earlier versions and once the personal data is purged
ALTER TABLE application ADD COLUMN owner_citizen_hash VARCHAR(80);
ALTER TABLE application DROP CONSTRAINT application_idempotency_key;
ALTER TABLE application ADD CONSTRAINT application_owner_idempotency_key UNIQUE (owner_client_id, idempotency_key);

ALTER TABLE expert ADD COLUMN owner_client_id VARCHAR(255) DEFAULT '${legacy_owner}' NOT NULL;
ALTER TABLE expert ALTER COLUMN owner_client_id DROP DEFAULT;
ALTER TABLE expert ADD COLUMN owner_citizen_hash VARCHAR(80);
ALTER TABLE expert DROP CONSTRAINT expert_idempotency_key;
ALTER TABLE expert ADD CONSTRAINT expert_owner_idempotency_key UNIQUE (owner_client_id, idempotency_key);
