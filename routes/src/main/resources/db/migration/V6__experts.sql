-- The experts registry: profiles registered with the expert's consent, and the entities' calls for experts.
-- Everything that describes the person is stored only encrypted, in personal_data, and removed once consent has
-- been withdrawn for the retention period.

CREATE TABLE expert (
    id                   VARCHAR(36)              NOT NULL PRIMARY KEY,
    idempotency_key      VARCHAR(200)             NOT NULL,
    request_hash         VARCHAR(80)              NOT NULL,
    status               VARCHAR(16)              NOT NULL,
    consent_scope        VARCHAR(200)             NOT NULL,
    consent_given_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    consent_withdrawn_at TIMESTAMP WITH TIME ZONE,
    personal_data        VARCHAR,
    personal_data_purged_at TIMESTAMP WITH TIME ZONE,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT expert_idempotency_key UNIQUE (idempotency_key)
);
CREATE INDEX expert_status_withdrawn ON expert (status, consent_withdrawn_at);

CREATE TABLE expert_call (
    id          VARCHAR(36)              NOT NULL PRIMARY KEY,
    entity_id   VARCHAR(40)              NOT NULL,
    body        VARCHAR                  NOT NULL,
    closes_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX expert_call_entity ON expert_call (entity_id);
