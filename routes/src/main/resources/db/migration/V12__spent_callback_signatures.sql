-- Signatures of entity status callbacks already accepted: a callback is accepted once, also across a restart and
-- across hub instances sharing this database. Rows older than twice the replay window are deleted (a timestamp can
-- be at most one window ahead of the hub's clock), so the table stays at a few minutes of callbacks.

CREATE TABLE callback_signature (
    entity_id  VARCHAR(40)              NOT NULL,
    signature  VARCHAR(64)              NOT NULL,
    spent_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT callback_signature_pk PRIMARY KEY (entity_id, signature)
);
CREATE INDEX callback_signature_spent_at ON callback_signature (spent_at);
