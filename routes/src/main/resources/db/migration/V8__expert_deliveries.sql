-- Deliveries of expert profiles to the entities subscribed to them: one row per profile event and entity, written
-- in the transaction that changes the profile, so a crash before the queue send is found and sent by the sweep.
-- No personal data here: the profile is read from expert (encrypted) when the delivery is made.

CREATE TABLE expert_delivery (
    id               VARCHAR(36)              NOT NULL PRIMARY KEY,
    expert_id        VARCHAR(36)              NOT NULL,
    entity_id        VARCHAR(40)              NOT NULL,
    event            VARCHAR(20)              NOT NULL,
    status           VARCHAR(16)              NOT NULL,
    correlation_id   VARCHAR(64)              NOT NULL,
    attempts         INTEGER                  NOT NULL,
    entity_reference VARCHAR(200),
    note             VARCHAR(1000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX expert_delivery_expert_entity ON expert_delivery (expert_id, entity_id, created_at);
CREATE INDEX expert_delivery_status ON expert_delivery (status, created_at);
CREATE INDEX expert_delivery_entity ON expert_delivery (entity_id, created_at);
