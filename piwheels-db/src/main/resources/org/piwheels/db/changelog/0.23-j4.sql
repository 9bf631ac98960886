--liquibase formatted sql

-- Fourth Java-only schema step (beyond 0.23): cheaper upkeep of the bookkeeping
-- of 0.23-j2 and 0.23-j3. Same tables, same rows, same results of every
-- function and view; only the triggers that keep them current change.
--
-- 1. Build queue. Every row trigger of 0.23-j2/j3 recomputed the whole queue
--    row of the version it touched (bookkeeping.refresh_pending: a dozen-node
--    plan, about 0.4 ms), so that a new release from PyPI cost ten times its own
--    INSERT, and a logged build two recomputations (its build row, then its
--    file rows). Now each kind of write changes the row directly where its
--    effect is known, and recomputes only where it is not:
--      * a new version with no builds and no Requires-Python (every version the
--        PyPI follower adds): its row is (smallest active ABI, released), if
--        neither it nor its package is skipped;
--      * a version skipped, or its package: its rows go; a version whose
--        release time alone changes: the row's time changes; a version no
--        longer skipped, with no builds and no Requires-Python: as if new;
--      * a version deleted: its row goes;
--      * a new build, which has no files yet, can only take its own ABI out of
--        the version's candidates: recompute only if that ABI is the row's;
--      * a new file of ABI 'none': the version's row goes (0.23: a pure-Python
--        wheel builds every ABI); a new file of its build's own ABI can only
--        add that ABI to what is built: recompute only if it is the row's;
--      * a new Requires-Python can only take ABIs away: recompute only if the
--        row's ABI is among them;
--      * anything else (files of other ABIs, deleted or changed builds and
--        files, index-lag failures, changed or removed Requires-Python, a
--        package unskipped or a version unskipped) recomputes the version as
--        before.
--    Each rule holds whatever the queue row was, so a statement that makes
--    several of these writes at once still ends with the recomputed row.
--
-- 2. Statistics. Every build and every file updated the single counter row of
--    bookkeeping.statistics. Inside one transaction that logs many builds (the
--    master's group commit: up to 500) every update leaves a dead version of
--    that row behind, and the next update has to walk past all of them: the
--    cost per build grew with the batch. Now each statement that inserts builds
--    or files adds one row of deltas (statement-level triggers reading the
--    statement's new rows as a transition table), deletions and updates add one
--    row each, and every 1,000th delta row folds the deltas into the counter
--    row (unless another transaction is already folding). get_statistics()
--    adds the counter row and the deltas not folded yet: the same sums.

--changeset piwheels:0.23-j4 splitStatements:false

-- Build queue ----------------------------------------------------------------

CREATE FUNCTION bookkeeping.pending_version_inserted()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF NEW.skip <> '' THEN
        RETURN NULL;  -- a skipped version has no row
    END IF;
    -- The usual case, in one statement: nothing refers to the new version yet.
    INSERT INTO bookkeeping.pending_builds AS q (package, version, abi_tag, released, not_before)
    SELECT NEW.package, NEW.version, MIN(a.abi_tag), NEW.released, NULL
    FROM build_abis a
    WHERE a.skip = ''
      AND EXISTS (SELECT 1 FROM packages p WHERE p.package = NEW.package AND p.skip = '')
      AND NOT EXISTS (SELECT 1 FROM builds b WHERE b.package = NEW.package AND b.version = NEW.version)
      AND NOT EXISTS (SELECT 1 FROM version_requires_python r
                      WHERE r.package = NEW.package AND r.version = NEW.version)
    HAVING MIN(a.abi_tag) IS NOT NULL
    ON CONFLICT (package, version) DO UPDATE
        SET abi_tag = EXCLUDED.abi_tag, released = EXCLUDED.released, not_before = NULL;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    -- Rows that refer to a version can only exist once it does; should the
    -- statement have added some together with it, recompute.
    IF EXISTS (SELECT 1 FROM builds b WHERE b.package = NEW.package AND b.version = NEW.version)
       OR EXISTS (SELECT 1 FROM version_requires_python r
                  WHERE r.package = NEW.package AND r.version = NEW.version) THEN
        PERFORM bookkeeping.refresh_pending(NEW.package, NEW.version);
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.pending_version_inserted() FROM PUBLIC;

CREATE FUNCTION bookkeeping.pending_version_updated()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF NEW.package <> OLD.package OR NEW.version <> OLD.version THEN
        PERFORM bookkeeping.refresh_pending(OLD.package, OLD.version);
        PERFORM bookkeeping.refresh_pending(NEW.package, NEW.version);
    ELSIF NEW.skip <> '' THEN
        DELETE FROM bookkeeping.pending_builds q WHERE q.package = NEW.package AND q.version = NEW.version;
    ELSIF OLD.skip = '' THEN
        -- only the release time changed: the row (if any) keeps its ABI
        UPDATE bookkeeping.pending_builds q SET released = NEW.released
        WHERE q.package = NEW.package AND q.version = NEW.version;
    ELSE
        -- No longer skipped (the follower enables a binary-only release when
        -- its source arrives): as for a new version when nothing refers to it.
        INSERT INTO bookkeeping.pending_builds AS q (package, version, abi_tag, released, not_before)
        SELECT NEW.package, NEW.version, MIN(a.abi_tag), NEW.released, NULL
        FROM build_abis a
        WHERE a.skip = ''
          AND EXISTS (SELECT 1 FROM packages p WHERE p.package = NEW.package AND p.skip = '')
          AND NOT EXISTS (SELECT 1 FROM builds b WHERE b.package = NEW.package AND b.version = NEW.version)
          AND NOT EXISTS (SELECT 1 FROM version_requires_python r
                          WHERE r.package = NEW.package AND r.version = NEW.version)
        HAVING MIN(a.abi_tag) IS NOT NULL
        ON CONFLICT (package, version) DO UPDATE
            SET abi_tag = EXCLUDED.abi_tag, released = EXCLUDED.released, not_before = NULL;
        IF NOT FOUND THEN
            PERFORM bookkeeping.refresh_pending(NEW.package, NEW.version);
        END IF;
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.pending_version_updated() FROM PUBLIC;

CREATE FUNCTION bookkeeping.pending_version_deleted()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM versions v WHERE v.package = OLD.package AND v.version = OLD.version) THEN
        PERFORM bookkeeping.refresh_pending(OLD.package, OLD.version);  -- deleted and added again at once
    ELSE
        DELETE FROM bookkeeping.pending_builds q WHERE q.package = OLD.package AND q.version = OLD.version;
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.pending_version_deleted() FROM PUBLIC;

CREATE FUNCTION bookkeeping.pending_package_updated()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF NEW.package = OLD.package AND NEW.skip <> '' THEN
        DELETE FROM bookkeeping.pending_builds q WHERE q.package = NEW.package;
    ELSE
        PERFORM bookkeeping.refresh_pending(OLD.package, NULL);
        IF NEW.package <> OLD.package THEN
            PERFORM bookkeeping.refresh_pending(NEW.package, NULL);
        END IF;
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.pending_package_updated() FROM PUBLIC;

CREATE FUNCTION bookkeeping.pending_build_inserted()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    -- A build without files counts as built for its own ABI only.
    IF EXISTS (SELECT 1 FROM bookkeeping.pending_builds q
               WHERE q.package = NEW.package AND q.version = NEW.version AND q.abi_tag = NEW.abi_tag)
       OR EXISTS (SELECT 1 FROM files f WHERE f.build_id = NEW.build_id) THEN
        PERFORM bookkeeping.refresh_pending(NEW.package, NEW.version);
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.pending_build_inserted() FROM PUBLIC;

CREATE FUNCTION bookkeeping.pending_file_inserted()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    b RECORD;
BEGIN
    -- The usual case, in one statement: a file of its build's own ABI, which
    -- is not the ABI of the version's row.
    IF NEW.abi_tag <> 'none' AND EXISTS (
        SELECT 1 FROM builds x
        WHERE x.build_id = NEW.build_id AND x.abi_tag = NEW.abi_tag
          AND NOT EXISTS (SELECT 1 FROM bookkeeping.pending_builds q
                          WHERE q.package = x.package AND q.version = x.version AND q.abi_tag = NEW.abi_tag)) THEN
        RETURN NULL;
    END IF;
    SELECT x.package, x.version INTO b FROM builds x WHERE x.build_id = NEW.build_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF NEW.abi_tag = 'none' THEN
        DELETE FROM bookkeeping.pending_builds q WHERE q.package = b.package AND q.version = b.version;
    ELSE
        PERFORM bookkeeping.refresh_pending(b.package, b.version);
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.pending_file_inserted() FROM PUBLIC;

CREATE FUNCTION bookkeeping.pending_requires_python_inserted()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    -- An exclusion can only take candidate ABIs away.
    IF EXISTS (SELECT 1 FROM bookkeeping.pending_builds q
               WHERE q.package = NEW.package AND q.version = NEW.version
                 AND abi_python_version(q.abi_tag) = ANY (NEW.excluded_pythons)) THEN
        PERFORM bookkeeping.refresh_pending(NEW.package, NEW.version);
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.pending_requires_python_inserted() FROM PUBLIC;

DROP TRIGGER pending_builds_versions ON versions;
DROP TRIGGER pending_builds_packages ON packages;
DROP TRIGGER pending_builds_builds ON builds;
DROP TRIGGER pending_builds_files ON files;
DROP TRIGGER pending_builds_requires_python ON version_requires_python;
DROP FUNCTION bookkeeping.versions_changed();
DROP FUNCTION bookkeeping.packages_changed();

CREATE TRIGGER pending_builds_versions_insert
    AFTER INSERT ON versions
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.pending_version_inserted();
CREATE TRIGGER pending_builds_versions_update
    AFTER UPDATE ON versions
    FOR EACH ROW WHEN (OLD.package IS DISTINCT FROM NEW.package OR OLD.version IS DISTINCT FROM NEW.version
                       OR OLD.skip IS DISTINCT FROM NEW.skip OR OLD.released IS DISTINCT FROM NEW.released)
    EXECUTE FUNCTION bookkeeping.pending_version_updated();
CREATE TRIGGER pending_builds_versions_delete
    AFTER DELETE ON versions
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.pending_version_deleted();
CREATE TRIGGER pending_builds_packages
    AFTER UPDATE ON packages
    FOR EACH ROW WHEN (OLD.skip IS DISTINCT FROM NEW.skip OR OLD.package IS DISTINCT FROM NEW.package)
    EXECUTE FUNCTION bookkeeping.pending_package_updated();
CREATE TRIGGER pending_builds_builds_insert
    AFTER INSERT ON builds
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.pending_build_inserted();
CREATE TRIGGER pending_builds_builds_change
    AFTER UPDATE OR DELETE ON builds
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.builds_changed();
CREATE TRIGGER pending_builds_files_insert
    AFTER INSERT ON files
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.pending_file_inserted();
CREATE TRIGGER pending_builds_files_change
    AFTER UPDATE OR DELETE ON files
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.files_changed();
CREATE TRIGGER pending_builds_requires_python_insert
    AFTER INSERT ON version_requires_python
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.pending_requires_python_inserted();
CREATE TRIGGER pending_builds_requires_python_change
    AFTER UPDATE OR DELETE ON version_requires_python
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.version_facts_changed();

-- Statistics -----------------------------------------------------------------

-- Changes to the totals of bookkeeping.statistics not folded into it yet.
CREATE TABLE bookkeeping.statistics_deltas (
    id          BIGSERIAL NOT NULL,
    builds_time INTERVAL  NOT NULL,
    builds_size BIGINT    NOT NULL,
    files_count BIGINT    NOT NULL
);
REVOKE ALL ON bookkeeping.statistics_deltas FROM PUBLIC;
REVOKE ALL ON SEQUENCE bookkeeping.statistics_deltas_id_seq FROM PUBLIC;

-- Folds the deltas into the counter row. One transaction at a time: another
-- one that finds the lock taken leaves its deltas for the next fold.
CREATE FUNCTION bookkeeping.fold_statistics()
    RETURNS VOID
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('bookkeeping.statistics')) THEN
        RETURN;
    END IF;
    WITH d AS (
        DELETE FROM bookkeeping.statistics_deltas x
        RETURNING x.builds_time, x.builds_size, x.files_count
    ), t AS (
        SELECT SUM(d.builds_time) AS builds_time, SUM(d.builds_size) AS builds_size,
               SUM(d.files_count) AS files_count
        FROM d
    )
    UPDATE bookkeeping.statistics s
    SET builds_time = s.builds_time + t.builds_time,
        builds_size = s.builds_size + t.builds_size,
        files_count = s.files_count + t.files_count
    FROM t
    WHERE s.id = 1 AND t.files_count IS NOT NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.fold_statistics() FROM PUBLIC;

CREATE FUNCTION bookkeeping.add_statistics(d_time INTERVAL, d_size BIGINT, d_count BIGINT)
    RETURNS VOID
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    n BIGINT;
BEGIN
    INSERT INTO bookkeeping.statistics_deltas (builds_time, builds_size, files_count)
        VALUES (d_time, d_size, d_count)
        RETURNING id INTO n;
    IF n % 1000 = 0 THEN
        PERFORM bookkeeping.fold_statistics();
    END IF;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.add_statistics(INTERVAL, BIGINT, BIGINT) FROM PUBLIC;

CREATE OR REPLACE FUNCTION bookkeeping.rebuild_statistics()
    RETURNS VOID
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    DELETE FROM bookkeeping.statistics_deltas;
    DELETE FROM bookkeeping.statistics;
    INSERT INTO bookkeeping.statistics (id, builds_time, builds_size, files_count)
    SELECT 1,
        (SELECT COALESCE(SUM(CASE WHEN b.duration < INTERVAL '1 week' THEN b.duration
                                  ELSE INTERVAL '0' END), INTERVAL '0') FROM builds b),
        (SELECT COALESCE(SUM(f.filesize), 0)::BIGINT FROM files f WHERE f.platform_tag <> 'linux_armv6l'),
        (SELECT COUNT(*) FROM files f);
    TRUNCATE bookkeeping.file_package_tags;
    INSERT INTO bookkeeping.file_package_tags (package_tag, files)
    SELECT f.package_tag, COUNT(*) FROM files f GROUP BY f.package_tag;
END;
$fn$;

-- New builds, one delta row per statement.
CREATE FUNCTION bookkeeping.statistics_builds_inserted()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    d_time INTERVAL;
BEGIN
    SELECT SUM(n.duration) INTO d_time FROM new_builds n WHERE n.duration < INTERVAL '1 week';
    IF d_time IS NOT NULL THEN
        PERFORM bookkeeping.add_statistics(d_time, 0, 0);
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.statistics_builds_inserted() FROM PUBLIC;

-- Changed or deleted builds (rare): one delta row each.
CREATE OR REPLACE FUNCTION bookkeeping.statistics_builds_changed()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    d_time INTERVAL := INTERVAL '0';
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.duration < INTERVAL '1 week' THEN
        d_time := d_time + NEW.duration;
    END IF;
    IF OLD.duration < INTERVAL '1 week' THEN
        d_time := d_time - OLD.duration;
    END IF;
    PERFORM bookkeeping.add_statistics(d_time, 0, 0);
    RETURN NULL;
END;
$fn$;

-- New files, one delta row per statement; the package tags' counts in one upsert.
CREATE FUNCTION bookkeeping.statistics_files_inserted()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    d_size  BIGINT;
    d_count BIGINT;
BEGIN
    SELECT COALESCE(SUM(n.filesize) FILTER (WHERE n.platform_tag <> 'linux_armv6l'), 0), COUNT(*)
        INTO d_size, d_count
    FROM new_files n;
    IF d_count = 0 THEN
        RETURN NULL;
    END IF;
    INSERT INTO bookkeeping.file_package_tags AS t (package_tag, files)
    SELECT n.package_tag, COUNT(*) FROM new_files n GROUP BY n.package_tag
    ON CONFLICT (package_tag) DO UPDATE SET files = t.files + EXCLUDED.files;
    PERFORM bookkeeping.add_statistics(INTERVAL '0', d_size, d_count);
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.statistics_files_inserted() FROM PUBLIC;

-- Changed or deleted files (rare): one delta row each.
CREATE OR REPLACE FUNCTION bookkeeping.statistics_files_changed()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    d_size  BIGINT := 0;
    d_count BIGINT := 0;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.filesize = OLD.filesize AND NEW.platform_tag = OLD.platform_tag
       AND NEW.package_tag = OLD.package_tag THEN
        RETURN NULL;  -- e.g. a file moving to a newer build
    END IF;
    IF TG_OP = 'UPDATE' THEN
        d_count := d_count + 1;
        IF NEW.platform_tag <> 'linux_armv6l' THEN
            d_size := d_size + NEW.filesize;
        END IF;
        INSERT INTO bookkeeping.file_package_tags AS t (package_tag, files) VALUES (NEW.package_tag, 1)
            ON CONFLICT (package_tag) DO UPDATE SET files = t.files + 1;
    END IF;
    d_count := d_count - 1;
    IF OLD.platform_tag <> 'linux_armv6l' THEN
        d_size := d_size - OLD.filesize;
    END IF;
    UPDATE bookkeeping.file_package_tags t SET files = t.files - 1 WHERE t.package_tag = OLD.package_tag;
    DELETE FROM bookkeeping.file_package_tags t WHERE t.package_tag = OLD.package_tag AND t.files <= 0;
    PERFORM bookkeeping.add_statistics(INTERVAL '0', d_size, d_count);
    RETURN NULL;
END;
$fn$;

DROP TRIGGER statistics_builds ON builds;
DROP TRIGGER statistics_files ON files;
CREATE TRIGGER statistics_builds_insert
    AFTER INSERT ON builds
    REFERENCING NEW TABLE AS new_builds
    FOR EACH STATEMENT EXECUTE FUNCTION bookkeeping.statistics_builds_inserted();
CREATE TRIGGER statistics_builds_change
    AFTER UPDATE OF duration OR DELETE ON builds
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.statistics_builds_changed();
CREATE TRIGGER statistics_files_insert
    AFTER INSERT ON files
    REFERENCING NEW TABLE AS new_files
    FOR EACH STATEMENT EXECUTE FUNCTION bookkeeping.statistics_files_inserted();
CREATE TRIGGER statistics_files_change
    AFTER UPDATE OR DELETE ON files
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.statistics_files_changed();

-- The counter row plus the deltas not folded yet: 0.23's sums (spec §5.1).
CREATE OR REPLACE FUNCTION get_statistics()
    RETURNS TABLE (
        builds_time INTERVAL,
        builds_size BIGINT,
        packages_built INTEGER,
        files_count INTEGER,
        new_last_hour INTEGER,
        downloads_last_month INTEGER,
        downloads_last_hour INTEGER
    )
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT
        s.builds_time + COALESCE(d.builds_time, INTERVAL '0'),
        (s.builds_size + COALESCE(d.builds_size, 0))::BIGINT,
        (SELECT COUNT(*)::INTEGER FROM bookkeeping.file_package_tags),
        (s.files_count + COALESCE(d.files_count, 0))::INTEGER,
        (SELECT COUNT(*)::INTEGER FROM versions v
         WHERE v.released > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '1 hour'),
        (SELECT COUNT(*)::INTEGER FROM downloads dl
         WHERE dl.accessed_at > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '30 days'),
        (SELECT COUNT(*)::INTEGER FROM downloads dl
         WHERE dl.accessed_at > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '1 hour')
    FROM bookkeeping.statistics s
    CROSS JOIN (
        SELECT SUM(x.builds_time) AS builds_time, SUM(x.builds_size) AS builds_size,
               SUM(x.files_count) AS files_count
        FROM bookkeeping.statistics_deltas x
    ) d
    WHERE s.id = 1;
$fn$;

UPDATE configuration SET version = '0.23-j4' WHERE id = 1;
