-- Alerts: saved queries or enterprises with a callback, and what was pushed to them.
CREATE TABLE subscription (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('query', 'enterprise')),
    query        jsonb,
    siret        char(14),
    callback_url text NOT NULL,
    secret       text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'query' AND query IS NOT NULL) OR (kind = 'enterprise' AND siret IS NOT NULL))
);
CREATE INDEX subscription_siret ON subscription (siret) WHERE siret IS NOT NULL;

-- One row per (subscription, lot, enterprise): the unique key is what makes a push never repeat.
CREATE TABLE alert_delivery (
    id              uuid PRIMARY KEY,
    subscription_id uuid NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    notice_id       uuid NOT NULL,
    lot_id          text NOT NULL,
    siret           text NOT NULL DEFAULT '',
    payload         jsonb NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    UNIQUE (subscription_id, notice_id, lot_id, siret)
);
CREATE INDEX alert_delivery_due ON alert_delivery (next_attempt_at) WHERE status = 'pending';
