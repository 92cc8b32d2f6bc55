-- The drop files each file or SFTP entity has applied (docs/decisions/0005-file-drop-idempotency.md): one row per
-- entity and key, the key being <URL-encoded file name>:<SHA-256 of the content>. Shared by every hub of a cluster, so
-- a new leader does not sync again a file its predecessor applied. Camel's JdbcMessageIdRepository reads and writes it.

CREATE TABLE file_drop_processed (
    entity_id   VARCHAR(255)  NOT NULL,
    file_key    VARCHAR(1000) NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    CONSTRAINT file_drop_processed_pk PRIMARY KEY (entity_id, file_key)
);
