-- Every read of lot_match names the notice (the primary key's prefix): the enterprise deliveries join by SIRET
-- within one notice's matches. The SIRET index cost a fourth of each insert (measured) and served no query.
DROP INDEX IF EXISTS lot_match_siret_idx;

-- the alerts' recovery sweep looks for runs done within the replay window that have no fan-out
CREATE INDEX match_run_done_idx ON match_run (updated_at) WHERE status = 'done';
