-- The ESS registry. PostgreSQL is its source of truth; the Lucene index follows it through the change sequence.

-- Every write (upsert or delete) takes the next value; writers hold the registry lock (pg_advisory_xact_lock)
-- while they do, so values become visible in the order they were taken and an index that has read every change
-- up to N has missed none below N.
CREATE SEQUENCE enterprise_change_seq AS bigint;

CREATE TABLE enterprise (
    siret       text PRIMARY KEY CHECK (siret ~ '^[0-9]{14}$'),
    name        text        NOT NULL,
    categories  text[]      NOT NULL,
    naf         text,
    department  text,
    region      text,
    commune     text,
    latitude    double precision,
    longitude   double precision,
    -- the whole record as the API shows it (EnterpriseJson), after geocoding and derivation
    doc         jsonb       NOT NULL,
    seq         bigint      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX enterprise_seq ON enterprise (seq);
CREATE INDEX enterprise_categories ON enterprise USING gin (categories);
CREATE INDEX enterprise_department ON enterprise (department);

-- A deleted enterprise leaves its SIRET and the change number of its deletion, so an index catching up deletes it.
-- Re-creating the SIRET removes its tombstone.
CREATE TABLE enterprise_tombstone (
    siret       text PRIMARY KEY CHECK (siret ~ '^[0-9]{14}$'),
    seq         bigint      NOT NULL,
    deleted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX enterprise_tombstone_seq ON enterprise_tombstone (seq);
