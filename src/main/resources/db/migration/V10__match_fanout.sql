-- The stream's replay log, one row per notice fanned out instead of one per event (V8). An event is a stored match
-- (lot_match, ranks below items_per_lot) with its notice's and lot's summaries, which the row keeps as they were
-- published; its position is (seq, lot position, rank). V8 wrote ~100 rows of 1.5 kB JSONB per lot, the same items
-- lot_match holds: two thirds of PostgreSQL's time in the automatic matching (measured with pg_stat_statements).
CREATE TABLE match_fanout (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id     uuid        NOT NULL UNIQUE REFERENCES notices (id) ON DELETE CASCADE,
    items_per_lot integer     NOT NULL,
    notice        json        NOT NULL, -- the notice's summary, as published
    lots          json        NOT NULL, -- lotId → the lot's summary, as published
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX match_fanout_created ON match_fanout (created_at);

-- the events of the window so far, as fan-outs (their order kept): a stream reconnecting across the upgrade misses nothing
INSERT INTO match_fanout (notice_id, items_per_lot, notice, lots, created_at)
SELECT l.notice_id, max(l.events), (array_agg(l.notice))[1], json_object_agg(l.lot_id, l.lot), min(l.created_at)
FROM (SELECT DISTINCT ON (e.notice_id, e.lot_id) e.notice_id, e.lot_id, e.notice, e.lot, e.created_at,
             count(*) OVER (PARTITION BY e.notice_id, e.lot_id) AS events
      FROM (SELECT split_part(event_id, ':', 1)::uuid AS notice_id, payload -> 'lot' ->> 'lotId' AS lot_id,
                   (payload -> 'notice')::json AS notice, (payload -> 'lot')::json AS lot, created_at, seq
            FROM match_event
            WHERE event_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:'
              AND payload -> 'lot' ->> 'lotId' IS NOT NULL) e
      ORDER BY e.notice_id, e.lot_id, e.seq) l
JOIN notices n ON n.id = l.notice_id
GROUP BY l.notice_id
ORDER BY min(l.created_at);

DROP TABLE match_event;

-- Stored items are written once and read back whole: JSON text, validated but not parsed into JSONB (inserting them
-- a third cheaper, measured).
ALTER TABLE lot_match ALTER COLUMN item TYPE json USING item::json;
