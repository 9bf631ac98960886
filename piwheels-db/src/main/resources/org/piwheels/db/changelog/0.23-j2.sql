--liquibase formatted sql

-- Second Java-only schema step (beyond 0.23): incremental bookkeeping of the
-- build queue. 0.23 computes builds_pending from scratch (every version x
-- every ABI minus everything built, then a sort of the whole remainder): about
-- 30 s at production scale, however small the LIMIT. Here the result of that
-- computation is kept per version in bookkeeping.pending_builds, maintained by
-- triggers on the tables it depends on, and the view and get_build_queue read
-- it. The rows are the same as 0.23's (spec/database.md §3.1); only the cost
-- moves to the writes (one indexed recomputation per changed version).
--
-- The bookkeeping lives in its own schema, owned by the admin role, with no
-- rights for anyone else: the application role still reads public's tables
-- and view and calls public's functions, and writes only through them. The
-- view and SECURITY DEFINER functions read the table with their owner's
-- rights; the triggers run whenever the functions (or an operator) write.

--changeset piwheels:0.23-j2 splitStatements:false
CREATE SCHEMA bookkeeping;
REVOKE ALL ON SCHEMA bookkeeping FROM PUBLIC;

-- One row per (package, version) that builds_pending lists: its ABI (the
-- string-minimum remaining active ABI) and its release time (queue order).
CREATE TABLE bookkeeping.pending_builds (
    package  VARCHAR(200) NOT NULL,
    version  VARCHAR(200) NOT NULL,
    abi_tag  TEXT         NOT NULL,
    released TIMESTAMP    NOT NULL,
    CONSTRAINT pending_builds_pk PRIMARY KEY (package, version)
);
CREATE INDEX pending_builds_queue ON bookkeeping.pending_builds (abi_tag, released);
REVOKE ALL ON bookkeeping.pending_builds FROM PUBLIC;

-- The builds_pending computation of 0.23-routines, for one version, for the
-- versions of one package (ver NULL) or, with pkg NULL, for everything. Three
-- separate statements, so that PL/pgSQL's cached plan of the per-version one
-- is a handful of index lookups (no re-planning at every write).
CREATE FUNCTION bookkeeping.refresh_pending(pkg TEXT, ver TEXT)
    RETURNS VOID
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF pkg IS NOT NULL AND ver IS NOT NULL THEN
        DELETE FROM bookkeeping.pending_builds q WHERE q.package = pkg AND q.version = ver;
        INSERT INTO bookkeeping.pending_builds (package, version, abi_tag, released)
        SELECT v.package, v.version, MIN(a.abi_tag), v.released
        FROM versions v
        JOIN packages p ON p.package = v.package
        CROSS JOIN build_abis a
        WHERE v.package = pkg AND v.version = ver
          AND p.skip = '' AND v.skip = '' AND a.skip = ''
          AND NOT EXISTS (
              SELECT 1 FROM builds b JOIN files f ON f.build_id = b.build_id
              WHERE b.package = pkg AND b.version = ver AND f.abi_tag = 'none')
          AND NOT EXISTS (
              SELECT 1 FROM builds b LEFT JOIN files f ON f.build_id = b.build_id
              WHERE b.package = pkg AND b.version = ver
                AND COALESCE(f.abi_tag, b.abi_tag) = a.abi_tag)
        GROUP BY v.package, v.version, v.released;
        RETURN;
    END IF;
    IF pkg IS NULL THEN
        TRUNCATE bookkeeping.pending_builds;
    ELSE
        DELETE FROM bookkeeping.pending_builds q WHERE q.package = pkg;
    END IF;
    INSERT INTO bookkeeping.pending_builds (package, version, abi_tag, released)
    SELECT v.package, v.version, MIN(a.abi_tag), v.released
    FROM packages p
    JOIN versions v ON v.package = p.package
    CROSS JOIN (SELECT ba.abi_tag FROM build_abis ba WHERE ba.skip = '') a
    WHERE p.skip = ''
      AND v.skip = ''
      AND (pkg IS NULL OR v.package = pkg)
      AND NOT EXISTS (
          SELECT 1 FROM builds b JOIN files f ON f.build_id = b.build_id
          WHERE b.package = v.package AND b.version = v.version AND f.abi_tag = 'none')
      AND NOT EXISTS (
          SELECT 1 FROM builds b LEFT JOIN files f ON f.build_id = b.build_id
          WHERE b.package = v.package AND b.version = v.version
            AND COALESCE(f.abi_tag, b.abi_tag) = a.abi_tag)
    GROUP BY v.package, v.version, v.released;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.refresh_pending(TEXT, TEXT) FROM PUBLIC;

-- Everything at once (initial fill, build ABI changes, TRUNCATE): hash joins,
-- not millions of index probes (the planner underestimates the anti-joins).
CREATE FUNCTION bookkeeping.rebuild_pending()
    RETURNS VOID
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
    SET enable_nestloop = off
    SET work_mem = '256MB'
AS $fn$
BEGIN
    PERFORM bookkeeping.refresh_pending(NULL, NULL);
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.rebuild_pending() FROM PUBLIC;

CREATE FUNCTION bookkeeping.versions_changed()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.package = OLD.package AND NEW.version = OLD.version
       AND NEW.skip = OLD.skip AND NEW.released = OLD.released THEN
        RETURN NULL;  -- e.g. a yank: not part of the queue
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM bookkeeping.refresh_pending(OLD.package, OLD.version);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.package, NEW.version) IS DISTINCT FROM (OLD.package, OLD.version)) THEN
        PERFORM bookkeeping.refresh_pending(NEW.package, NEW.version);
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.versions_changed() FROM PUBLIC;

CREATE FUNCTION bookkeeping.packages_changed()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    PERFORM bookkeeping.refresh_pending(OLD.package, NULL);
    IF NEW.package <> OLD.package THEN
        PERFORM bookkeeping.refresh_pending(NEW.package, NULL);
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.packages_changed() FROM PUBLIC;

CREATE FUNCTION bookkeeping.builds_changed()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM bookkeeping.refresh_pending(OLD.package, OLD.version);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.package, NEW.version) IS DISTINCT FROM (OLD.package, OLD.version)) THEN
        PERFORM bookkeeping.refresh_pending(NEW.package, NEW.version);
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.builds_changed() FROM PUBLIC;

CREATE FUNCTION bookkeeping.files_changed()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    b RECORD;
BEGIN
    FOR b IN
        SELECT DISTINCT x.package, x.version FROM builds x
        WHERE (TG_OP <> 'INSERT' AND x.build_id = OLD.build_id)
           OR (TG_OP <> 'DELETE' AND x.build_id = NEW.build_id)
    LOOP
        PERFORM bookkeeping.refresh_pending(b.package, b.version);
    END LOOP;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.files_changed() FROM PUBLIC;

-- Build ABIs are operator-maintained and rarely change: recompute everything.
-- So does any TRUNCATE of the tables the queue depends on.
CREATE FUNCTION bookkeeping.refresh_all()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    PERFORM bookkeeping.rebuild_pending();
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.refresh_all() FROM PUBLIC;

CREATE TRIGGER pending_builds_versions
    AFTER INSERT OR UPDATE OR DELETE ON versions
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.versions_changed();
CREATE TRIGGER pending_builds_packages
    AFTER UPDATE ON packages
    FOR EACH ROW WHEN (OLD.skip IS DISTINCT FROM NEW.skip OR OLD.package IS DISTINCT FROM NEW.package)
    EXECUTE FUNCTION bookkeeping.packages_changed();
CREATE TRIGGER pending_builds_builds
    AFTER INSERT OR UPDATE OR DELETE ON builds
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.builds_changed();
CREATE TRIGGER pending_builds_files
    AFTER INSERT OR UPDATE OR DELETE ON files
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.files_changed();
CREATE TRIGGER pending_builds_build_abis
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON build_abis
    FOR EACH STATEMENT EXECUTE FUNCTION bookkeeping.refresh_all();
CREATE TRIGGER pending_builds_truncate_packages
    AFTER TRUNCATE ON packages FOR EACH STATEMENT EXECUTE FUNCTION bookkeeping.refresh_all();
CREATE TRIGGER pending_builds_truncate_versions
    AFTER TRUNCATE ON versions FOR EACH STATEMENT EXECUTE FUNCTION bookkeeping.refresh_all();
CREATE TRIGGER pending_builds_truncate_builds
    AFTER TRUNCATE ON builds FOR EACH STATEMENT EXECUTE FUNCTION bookkeeping.refresh_all();
CREATE TRIGGER pending_builds_truncate_files
    AFTER TRUNCATE ON files FOR EACH STATEMENT EXECUTE FUNCTION bookkeeping.refresh_all();

-- Fill it from the existing data (on an adopted production database: once,
-- the cost of one 0.23 build-queue query).
SELECT bookkeeping.rebuild_pending();
ANALYZE bookkeeping.pending_builds;

-- Same columns, names and types as 0.23's view; same rows.
CREATE OR REPLACE VIEW builds_pending AS
SELECT q.abi_tag,
       ROW_NUMBER() OVER (PARTITION BY q.abi_tag ORDER BY q.released) AS position,
       q.package,
       q.version
FROM bookkeeping.pending_builds q;

-- Same rows as "builds_pending WHERE position <= lim ORDER BY abi_tag,
-- position", but reads at most lim rows per ABI from the queue index
-- instead of numbering the whole queue first.
CREATE OR REPLACE FUNCTION get_build_queue(lim INTEGER)
    RETURNS TABLE (abi_tag TEXT, package VARCHAR, version VARCHAR)
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT a.abi_tag::TEXT, q.package, q.version
    FROM build_abis a
    CROSS JOIN LATERAL (
        SELECT p.package, p.version, p.released
        FROM bookkeeping.pending_builds p
        WHERE p.abi_tag = a.abi_tag
        ORDER BY p.released
        LIMIT GREATEST(lim, 0)
    ) q
    WHERE a.skip = ''
    ORDER BY a.abi_tag::TEXT, q.released;
$fn$;

-- get_project_data: the same JSON as 0.23-routines' version (spec §3.3), but
-- computed set-wise (every build, file and dependency of the package read
-- once, then grouped by version) instead of two correlated sub-queries per
-- version, which cost ~0.5 ms per version (about 15 ms for 500 versions).
CREATE OR REPLACE FUNCTION get_project_data(pkg TEXT)
    RETURNS JSON
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
WITH
pkg_row AS (
    SELECT p.package, p.skip, p.description FROM packages p WHERE p.package = pkg
),
vers AS (
    SELECT v.version, v.released, v.skip, v.yanked FROM versions v WHERE v.package = pkg
),
blds AS (
    SELECT b.build_id, b.version, b.abi_tag, b.status FROM builds b WHERE b.package = pkg
),
fls AS (
    SELECT b.version, b.abi_tag AS abi_builder, f.filename, f.build_id, f.location, f.filehash,
           f.filesize, f.abi_tag, f.platform_tag, f.requires_python
    FROM blds b JOIN files f ON f.build_id = b.build_id
),
deps AS (
    SELECT d.filename,
           json_agg(d.dependency) FILTER (WHERE d.tool = 'apt' AND i.apt_package IS NULL) AS apt,
           json_agg(d.dependency) FILTER (WHERE d.tool = 'pip') AS pip
    FROM fls f
    JOIN dependencies d ON d.filename = f.filename
    LEFT JOIN preinstalled_apt_packages i
        ON d.tool = 'apt' AND i.abi_tag = f.abi_tag AND i.apt_package = d.dependency
    GROUP BY d.filename
),
file_json AS (
    SELECT f.version, json_object_agg(f.filename, json_build_object(
        'location', f.location,
        'hash', f.filehash,
        'size', f.filesize,
        'abi_builder', f.abi_builder,
        'abi_file', f.abi_tag,
        'platform', f.platform_tag,
        'requires_python', f.requires_python,
        -- 0.23 renders an empty dependency list as {} rather than [] (spec §8.1.5).
        'apt_dependencies', COALESCE(dp.apt, '{}'::json),
        'pip_dependencies', COALESCE(dp.pip, '{}'::json))) AS files
    FROM fls f LEFT JOIN deps dp ON dp.filename = f.filename
    GROUP BY f.version
),
candidates AS (
    SELECT v.version, b.build_id,
        CASE
            WHEN f.abi_tag IN ('none', 'abi3') THEN t.abi_tag
            WHEN f.abi_tag IS NOT NULL THEN f.abi_tag
            WHEN b.build_id IS NOT NULL THEN b.abi_tag
            ELSE t.abi_tag
        END AS key_abi,
        CASE
            WHEN b.build_id IS NULL THEN 1
            WHEN NOT b.status THEN CASE WHEN b.abi_tag = t.abi_tag THEN 2 ELSE -1 END
            WHEN f.abi_tag IS NULL THEN CASE WHEN b.abi_tag = t.abi_tag THEN 1 ELSE -1 END
            WHEN f.abi_tag = t.abi_tag THEN CASE WHEN b.abi_tag = t.abi_tag THEN 5 ELSE 4 END
            WHEN f.abi_tag IN ('none', 'abi3') THEN CASE WHEN b.abi_tag = t.abi_tag THEN 4 ELSE 3 END
            ELSE CASE WHEN b.abi_tag = t.abi_tag THEN -2 ELSE -1 END
        END AS score,
        CASE
            WHEN p.skip <> '' OR v.skip <> '' THEN 'skip'
            WHEN b.status AND f.filename IS NOT NULL THEN 'success'
            WHEN NOT b.status THEN 'fail'
            WHEN b.build_id IS NULL THEN 'pending'
            ELSE 'error'
        END AS status
    FROM pkg_row p
    CROSS JOIN vers v
    CROSS JOIN build_abis t
    LEFT JOIN blds b ON b.version = v.version AND b.abi_tag <= t.abi_tag
    LEFT JOIN fls f ON f.build_id = b.build_id
    WHERE t.skip = ''
),
best AS (
    SELECT DISTINCT ON (c.version, c.key_abi) c.version, c.key_abi, c.score, c.status, c.build_id
    FROM candidates c
    ORDER BY c.version, c.key_abi, c.score DESC
),
abi_json AS (
    SELECT ab.version, json_object_agg(ab.key_abi, json_build_object(
        'status', ab.status, 'build_id', ab.build_id)) AS abis
    FROM best ab WHERE ab.score >= 0
    GROUP BY ab.version
)
SELECT json_build_object(
    'name', (SELECT n.name FROM package_names n WHERE n.package = pkg ORDER BY n.seen DESC LIMIT 1),
    'description', (SELECT p.description FROM pkg_row p),
    'releases', COALESCE((
        SELECT json_object_agg(v.version, json_build_object(
            'yanked', v.yanked,
            'released', v.released AT TIME ZONE 'UTC',
            'skip', CASE WHEN v.skip <> '' THEN v.skip ELSE p.skip END,
            'files', COALESCE(fj.files, '{}'::json),
            'abis', COALESCE(aj.abis, '{}'::json)))
        FROM pkg_row p
        CROSS JOIN vers v
        LEFT JOIN file_json fj ON fj.version = v.version
        LEFT JOIN abi_json aj ON aj.version = v.version), '{}'::json));
$fn$;

--changeset piwheels:0.23-j2-statistics splitStatements:false
-- get_statistics() runs every minute; four of its seven figures are totals
-- over all builds and files (2 s and more at production scale, mostly the
-- COUNT(DISTINCT package_tag)). They are kept as counters, maintained by
-- triggers on builds and files, so the function reads one row and counts one
-- small table. The windowed download and version counts stay range scans of
-- their indexes. Same results as 0.23's definitions (spec §5.1): interval and
-- integer sums are exact, whatever the order.
CREATE TABLE bookkeeping.statistics (
    id          INTEGER  NOT NULL DEFAULT 1,
    builds_time INTERVAL NOT NULL,  -- sum of builds.duration, durations >= 1 week counted as 0
    builds_size BIGINT   NOT NULL,  -- sum of files.filesize where platform_tag <> 'linux_armv6l'
    files_count BIGINT   NOT NULL,  -- count of files
    CONSTRAINT statistics_pk PRIMARY KEY (id),
    CONSTRAINT statistics_one_row_ck CHECK (id = 1)
);
REVOKE ALL ON bookkeeping.statistics FROM PUBLIC;

-- Files per distinct files.package_tag: its row count is packages_built.
CREATE TABLE bookkeeping.file_package_tags (
    package_tag VARCHAR(200) NOT NULL,
    files       BIGINT       NOT NULL,
    CONSTRAINT file_package_tags_pk PRIMARY KEY (package_tag)
);
REVOKE ALL ON bookkeeping.file_package_tags FROM PUBLIC;

CREATE FUNCTION bookkeeping.rebuild_statistics()
    RETURNS VOID
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
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
REVOKE ALL ON FUNCTION bookkeeping.rebuild_statistics() FROM PUBLIC;

CREATE FUNCTION bookkeeping.statistics_rebuild_trigger()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    PERFORM bookkeeping.rebuild_statistics();
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.statistics_rebuild_trigger() FROM PUBLIC;

CREATE FUNCTION bookkeeping.statistics_builds_changed()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    delta INTERVAL := INTERVAL '0';
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.duration < INTERVAL '1 week' THEN
        delta := delta + NEW.duration;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.duration < INTERVAL '1 week' THEN
        delta := delta - OLD.duration;
    END IF;
    IF delta <> INTERVAL '0' OR (TG_OP = 'UPDATE' AND NEW.duration IS DISTINCT FROM OLD.duration) THEN
        UPDATE bookkeeping.statistics s SET builds_time = s.builds_time + delta WHERE s.id = 1;
    END IF;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.statistics_builds_changed() FROM PUBLIC;

CREATE FUNCTION bookkeeping.statistics_files_changed()
    RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    size_delta  BIGINT := 0;
    count_delta BIGINT := 0;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.filesize = OLD.filesize AND NEW.platform_tag = OLD.platform_tag
       AND NEW.package_tag = OLD.package_tag THEN
        RETURN NULL;  -- e.g. a file moving to a newer build
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        count_delta := count_delta + 1;
        IF NEW.platform_tag <> 'linux_armv6l' THEN
            size_delta := size_delta + NEW.filesize;
        END IF;
        INSERT INTO bookkeeping.file_package_tags AS t (package_tag, files) VALUES (NEW.package_tag, 1)
            ON CONFLICT (package_tag) DO UPDATE SET files = t.files + 1;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        count_delta := count_delta - 1;
        IF OLD.platform_tag <> 'linux_armv6l' THEN
            size_delta := size_delta - OLD.filesize;
        END IF;
        UPDATE bookkeeping.file_package_tags t SET files = t.files - 1 WHERE t.package_tag = OLD.package_tag;
        DELETE FROM bookkeeping.file_package_tags t WHERE t.package_tag = OLD.package_tag AND t.files <= 0;
    END IF;
    UPDATE bookkeeping.statistics s
    SET builds_size = s.builds_size + size_delta, files_count = s.files_count + count_delta
    WHERE s.id = 1;
    RETURN NULL;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.statistics_files_changed() FROM PUBLIC;

CREATE TRIGGER statistics_builds
    AFTER INSERT OR UPDATE OF duration OR DELETE ON builds
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.statistics_builds_changed();
CREATE TRIGGER statistics_files
    AFTER INSERT OR UPDATE OR DELETE ON files
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.statistics_files_changed();
CREATE TRIGGER statistics_truncate_builds
    AFTER TRUNCATE ON builds FOR EACH STATEMENT EXECUTE FUNCTION bookkeeping.statistics_rebuild_trigger();
CREATE TRIGGER statistics_truncate_files
    AFTER TRUNCATE ON files FOR EACH STATEMENT EXECUTE FUNCTION bookkeeping.statistics_rebuild_trigger();

SELECT bookkeeping.rebuild_statistics();

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
        s.builds_time,
        s.builds_size,
        (SELECT COUNT(*)::INTEGER FROM bookkeeping.file_package_tags),
        s.files_count::INTEGER,
        (SELECT COUNT(*)::INTEGER FROM versions v
         WHERE v.released > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '1 hour'),
        (SELECT COUNT(*)::INTEGER FROM downloads dl
         WHERE dl.accessed_at > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '30 days'),
        (SELECT COUNT(*)::INTEGER FROM downloads dl
         WHERE dl.accessed_at > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '1 hour')
    FROM bookkeeping.statistics s
    WHERE s.id = 1;
$fn$;

UPDATE configuration SET version = '0.23-j2' WHERE id = 1;
