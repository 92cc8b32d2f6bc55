-- Delivery attempts that count against an application's retry budget, kept with the application so a crash or a
-- restart does not start it again at 1 (the broker's delivery count does not survive one). Only calls that reached
-- the entity while its circuit breaker was closed are counted; first_failed_at starts the retryFor budget.
-- Expert profile deliveries already count in expert_delivery.attempts; they get the same start time.
ALTER TABLE application ADD COLUMN delivery_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE application ADD COLUMN first_failed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE expert_delivery ADD COLUMN first_failed_at TIMESTAMP WITH TIME ZONE;
