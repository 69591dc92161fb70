-- Tender notices taken from feeds (DESIGN.md sections 3 and 5). The normalised JSON is the notice; the other
-- columns are what lookups, versioning and search need. PostgreSQL 15 or later (UNIQUE NULLS NOT DISTINCT).

CREATE TABLE notices (
    id            uuid PRIMARY KEY,
    source        text        NOT NULL CHECK (source IN ('eforms', 'ocds', 'native')),
    source_id     text        NOT NULL,
    version       text,
    -- the normalised notice (NoticeJson), with its lots; "id" and "supersedes" are the columns' values
    document      jsonb       NOT NULL,
    -- essor's id of the notice this one replaces when known, else the source id a change notice names
    supersedes    text,
    superseded_by uuid REFERENCES notices (id),
    buyer         text,
    published_at  timestamptz,
    -- the latest submission deadline of the notice or any of its lots (what deadlineAfter filters on)
    deadline      timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- where it came from: a feed id, "admin", or "pull:<url>"
    received_from text        NOT NULL,
    -- search: French full text over the title and the lots' titles and descriptions (title weighted A)
    search        tsvector    NOT NULL,
    -- search: every significant prefix of every lot's CPV codes (CpvCatalog.prefixes), so that a code matches
    -- the codes under it in the hierarchy by array containment
    cpv_prefixes  text[]      NOT NULL DEFAULT '{}',
    reservations  text[]      NOT NULL DEFAULT '{}',
    departments   text[]      NOT NULL DEFAULT '{}',
    -- a re-sent version is a duplicate; two pushes of one version at once: one insert wins
    CONSTRAINT notices_version_unique UNIQUE NULLS NOT DISTINCT (source, source_id, version)
);

CREATE INDEX notices_search_idx ON notices USING gin (search);
CREATE INDEX notices_cpv_idx ON notices USING gin (cpv_prefixes);
CREATE INDEX notices_reservations_idx ON notices USING gin (reservations);
CREATE INDEX notices_departments_idx ON notices USING gin (departments);
CREATE INDEX notices_listing_idx ON notices (published_at DESC NULLS LAST, id) WHERE superseded_by IS NULL;
CREATE INDEX notices_deadline_idx ON notices (deadline);
CREATE INDEX notices_source_idx ON notices (source, source_id);
-- change notices waiting for the notice they name (supersedes holds a source id, not a uuid)
CREATE INDEX notices_supersedes_idx ON notices (supersedes) WHERE supersedes IS NOT NULL;

-- One row per lot, in the notice's order: what matching and reporting read without opening the document.
CREATE TABLE notice_lots (
    notice_id   uuid    NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    lot_id      text    NOT NULL,
    title       text,
    main_cpv    text,
    cpv         text[]  NOT NULL DEFAULT '{}',
    reservation text,
    department  text,
    lat         double precision,
    lon         double precision,
    deadline    timestamptz,
    PRIMARY KEY (notice_id, position)
);

CREATE INDEX notice_lots_lot_idx ON notice_lots (notice_id, lot_id);

-- Transactional outbox: written with the notice, relayed to the event bus after commit, marked when published.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    topic        text        NOT NULL,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);

CREATE INDEX outbox_pending_idx ON outbox (id) WHERE published_at IS NULL;

-- Feed pushes taken (Standard Webhooks webhook-id per feed), so a replay is answered as a duplicate.
CREATE TABLE feed_deliveries (
    feed_id     text        NOT NULL,
    webhook_id  text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    -- how many notices the push held (stored or duplicates): a replay answers that many duplicates
    notices     integer     NOT NULL,
    PRIMARY KEY (feed_id, webhook_id)
);

CREATE INDEX feed_deliveries_received_idx ON feed_deliveries (received_at);
