-- Automatic matching of stored notices: one run per notice (pending until every lot is matched), and the ranked
-- match items of each lot, explanation included, as served by GET /api/notices/{id}/matches.
CREATE TABLE match_run (
    notice_id  uuid PRIMARY KEY REFERENCES notices (id) ON DELETE CASCADE,
    lots       integer     NOT NULL,
    status     text        NOT NULL CHECK (status IN ('pending', 'done')),
    matches    integer     NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX match_run_pending_idx ON match_run (updated_at) WHERE status = 'pending';

CREATE TABLE lot_match (
    notice_id    uuid             NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    lot_position integer          NOT NULL,
    lot_id       text             NOT NULL,
    rank         integer          NOT NULL,
    siret        char(14)         NOT NULL,
    score        double precision NOT NULL,
    item         jsonb            NOT NULL,
    PRIMARY KEY (notice_id, lot_position, rank)
);
-- an enterprise's alerts look its matches up by SIRET
CREATE INDEX lot_match_siret_idx ON lot_match (siret);
