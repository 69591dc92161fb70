-- A subscription belongs to the key that made it (Authentication.Caller.keyId); rows made before this have no owner,
-- and only admins see them.
ALTER TABLE subscription ADD COLUMN owner_key text;
CREATE INDEX subscription_owner ON subscription (owner_key, created_at, id);

-- The owner sees when each delivery was last tried. A ping (a test event) belongs to no notice nor lot: NULLs are
-- distinct in the unique key, so pings never collide with each other or with alerts.
ALTER TABLE alert_delivery ADD COLUMN last_attempt_at timestamptz;
ALTER TABLE alert_delivery ALTER COLUMN notice_id DROP NOT NULL;
ALTER TABLE alert_delivery ALTER COLUMN lot_id DROP NOT NULL;
