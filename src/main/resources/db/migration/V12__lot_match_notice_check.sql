-- lot_match kept its notice by a foreign key, which PostgreSQL checks row by row (an index look-up and a key-share
-- lock on the notice), a hundred rows a lot matched: inserting 200,000 stored matches took 2.3 to 2.7 s with it and
-- 1.2 to 1.3 s without (measured on PostgreSQL 15), a fifth to a quarter of PostgreSQL's time per lot in the automatic
-- matching. The check never refuses a row: MatchStore writes a notice's matches in the transaction that has just
-- claimed its pending run, and match_run keeps its notice by its own foreign key. The cascade it gave is kept, once
-- per statement: deleting notices deletes their stored matches.
ALTER TABLE lot_match DROP CONSTRAINT lot_match_notice_id_fkey;

CREATE FUNCTION lot_match_delete_with_notices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM lot_match m USING gone g WHERE m.notice_id = g.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER notices_delete_matches AFTER DELETE ON notices REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION lot_match_delete_with_notices();
