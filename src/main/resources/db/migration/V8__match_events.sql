-- Every match event sent on /api/stream, kept for the replay window (alerts.streamReplayHours) so that a client
-- reconnecting with Last-Event-ID gets what it missed. seq is the order events were stored (and published) in; rows
-- older than the window are deleted as new ones are written.
CREATE TABLE match_event (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   text NOT NULL UNIQUE,
    siret      text NOT NULL,
    payload    jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX match_event_created ON match_event (created_at);
