-- Service-wide state: one row per key (e.g. when the seed was loaded). Features create their own tables.
CREATE TABLE service_state (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
