--liquibase formatted sql

-- Third Java-only schema step (beyond 0.23): what the PyPI follower learns
-- beyond 0.23, and how the build queue uses it.
--
-- 1. Requires-Python per version (from PyPI's JSON API). A version's build ABIs
--    whose Python the specifier rules out are not queued; they are listed, with
--    a reason saying so, by the view version_abi_skips. The specifier is reduced
--    to the excluded CPython minor versions (major*100+minor) by the DAL
--    (org.piwheels.db.RequiresPython), so SQL only compares numbers.
-- 2. Builds that failed because the index did not serve the sdist yet (PyPI's
--    CDN lags the changelog): the DAL recognises pip's message in the build log
--    (org.piwheels.db.IndexLag) and records the build in
--    bookkeeping.index_lag_failures. Such a failure does not count as built for
--    its ABI until the third retry has failed too; meanwhile the version is
--    queued again, but only once pending_builds.not_before (10 min after the
--    first failure, 20 after the second, 40 after the third) has passed.
--
-- On a database taken over from 0.23 both tables start empty, so the queue is
-- unchanged until the follower and the slaves fill them.

--changeset piwheels:0.23-j3 splitStatements:false
CREATE TABLE version_requires_python (
    package          VARCHAR(200) NOT NULL,
    version          VARCHAR(200) NOT NULL,
    requires_python  VARCHAR(200) NOT NULL,
    excluded_pythons SMALLINT[]   NOT NULL,
    CONSTRAINT version_requires_python_pk PRIMARY KEY (package, version),
    CONSTRAINT version_requires_python_versions_fk FOREIGN KEY (package, version)
        REFERENCES versions (package, version) ON DELETE CASCADE ON UPDATE CASCADE
);
GRANT SELECT ON version_requires_python TO ${appRole};

-- The CPython a build ABI is for, as major*100+minor: cp39 -> 309, cp311 -> 311,
-- cp34m -> 304, cp27mu -> 207. NULL for anything else (never excluded).
CREATE FUNCTION abi_python_version(abi TEXT)
    RETURNS SMALLINT
    LANGUAGE sql IMMUTABLE STRICT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT (m[1]::INTEGER * 100 + m[2]::INTEGER)::SMALLINT
    FROM regexp_match(abi, '^cp([23])([0-9]{1,2})d?m?u?$') AS m
    WHERE m IS NOT NULL;
$fn$;
REVOKE ALL ON FUNCTION abi_python_version(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION abi_python_version(TEXT) TO ${appRole};

-- Build ABIs a version's Requires-Python rules out, with the reason shown to people.
CREATE VIEW version_abi_skips AS
SELECT r.package, r.version, a.abi_tag::TEXT AS abi_tag,
       'Requires-Python ' || r.requires_python || ' excludes ' || a.abi_tag AS reason
FROM version_requires_python r
CROSS JOIN build_abis a
WHERE abi_python_version(a.abi_tag) = ANY (r.excluded_pythons);
GRANT SELECT ON version_abi_skips TO ${appRole};

-- SETREQPY: stores (or replaces) a version's Requires-Python; nothing if the version is unknown.
CREATE FUNCTION set_requires_python(pkg TEXT, ver TEXT, spec TEXT, excluded SMALLINT[])
    RETURNS VOID
    LANGUAGE plpgsql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF spec IS NULL OR btrim(spec) = '' THEN
        DELETE FROM version_requires_python r WHERE r.package = pkg AND r.version = ver;
        RETURN;
    END IF;
    INSERT INTO version_requires_python (package, version, requires_python, excluded_pythons)
    SELECT v.package, v.version, spec, COALESCE(excluded, '{}')
    FROM versions v WHERE v.package = pkg AND v.version = ver
    ON CONFLICT (package, version) DO UPDATE
        SET requires_python = EXCLUDED.requires_python, excluded_pythons = EXCLUDED.excluded_pythons
        WHERE (version_requires_python.requires_python, version_requires_python.excluded_pythons)
              IS DISTINCT FROM (EXCLUDED.requires_python, EXCLUDED.excluded_pythons);
END;
$fn$;
REVOKE ALL ON FUNCTION set_requires_python(TEXT, TEXT, TEXT, SMALLINT[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION set_requires_python(TEXT, TEXT, TEXT, SMALLINT[]) TO ${appRole};

CREATE TABLE bookkeeping.index_lag_failures (
    build_id INTEGER      NOT NULL,
    package  VARCHAR(200) NOT NULL,
    version  VARCHAR(200) NOT NULL,
    abi_tag  VARCHAR(100) NOT NULL,
    built_at TIMESTAMP    NOT NULL,
    CONSTRAINT index_lag_failures_pk PRIMARY KEY (build_id),
    CONSTRAINT index_lag_failures_builds_fk FOREIGN KEY (build_id)
        REFERENCES builds (build_id) ON DELETE CASCADE
);
CREATE INDEX index_lag_failures_version ON bookkeeping.index_lag_failures (package, version, abi_tag);
REVOKE ALL ON bookkeeping.index_lag_failures FROM PUBLIC;

-- Marks a failed build as "the index did not serve the release yet".
CREATE FUNCTION log_index_lag(bid INTEGER)
    RETURNS VOID
    LANGUAGE sql STRICT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    INSERT INTO bookkeeping.index_lag_failures (build_id, package, version, abi_tag, built_at)
    SELECT b.build_id, b.package, b.version, b.abi_tag, b.built_at
    FROM builds b WHERE b.build_id = bid AND NOT b.status
    ON CONFLICT (build_id) DO NOTHING;
$fn$;
REVOKE ALL ON FUNCTION log_index_lag(INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION log_index_lag(INTEGER) TO ${appRole};

ALTER TABLE bookkeeping.pending_builds ADD COLUMN not_before TIMESTAMP;

-- The builds_pending computation of 0.23-j2, plus: ABIs excluded by the
-- version's Requires-Python are not candidates; failures from index lag do not
-- count as built while at most 3 of them exist for the (version, ABI), and
-- then the row waits until not_before. One row per version, for its smallest
-- candidate ABI (0.23's MIN(abi_tag)).
CREATE OR REPLACE FUNCTION bookkeeping.refresh_pending(pkg TEXT, ver TEXT)
    RETURNS VOID
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF pkg IS NOT NULL AND ver IS NOT NULL THEN
        -- One version (every trigger): a handful of index lookups in a cached plan.
        DELETE FROM bookkeeping.pending_builds q WHERE q.package = pkg AND q.version = ver;
        INSERT INTO bookkeeping.pending_builds (package, version, abi_tag, released, not_before)
        SELECT DISTINCT ON (c.package, c.version) c.package, c.version, c.abi_tag, c.released, c.not_before
        FROM (
            SELECT v.package, v.version, a.abi_tag, v.released,
                   CASE WHEN lag.n BETWEEN 1 AND 3
                        THEN lag.last + INTERVAL '10 minutes' * power(2, lag.n - 1) END AS not_before
            FROM versions v
            JOIN packages p ON p.package = v.package
            CROSS JOIN (SELECT ba.abi_tag FROM build_abis ba WHERE ba.skip = '') a
            LEFT JOIN version_requires_python r ON r.package = v.package AND r.version = v.version
            LEFT JOIN (
                SELECT l.package, l.version, l.abi_tag, COUNT(*) AS n, MAX(l.built_at) AS last
                FROM bookkeeping.index_lag_failures l
                WHERE l.package = pkg AND l.version = ver
                GROUP BY l.package, l.version, l.abi_tag
            ) lag ON lag.package = v.package AND lag.version = v.version AND lag.abi_tag = a.abi_tag
            WHERE p.skip = '' AND v.skip = ''
              AND v.package = pkg AND v.version = ver
              AND NOT (r.excluded_pythons IS NOT NULL
                       AND abi_python_version(a.abi_tag) = ANY (r.excluded_pythons))
              AND NOT EXISTS (
                  SELECT 1 FROM builds b JOIN files f ON f.build_id = b.build_id
                  WHERE b.package = v.package AND b.version = v.version AND f.abi_tag = 'none')
              AND NOT EXISTS (
                  SELECT 1 FROM builds b LEFT JOIN files f ON f.build_id = b.build_id
                  WHERE b.package = v.package AND b.version = v.version
                    AND COALESCE(f.abi_tag, b.abi_tag) = a.abi_tag
                    AND NOT (lag.n BETWEEN 1 AND 3 AND EXISTS (
                        SELECT 1 FROM bookkeeping.index_lag_failures l WHERE l.build_id = b.build_id)))
        ) c
        ORDER BY c.package, c.version, c.abi_tag;
        RETURN;
    END IF;
    IF pkg IS NULL THEN
        TRUNCATE bookkeeping.pending_builds;
    ELSE
        DELETE FROM bookkeeping.pending_builds q WHERE q.package = pkg;
    END IF;
    INSERT INTO bookkeeping.pending_builds (package, version, abi_tag, released, not_before)
    SELECT DISTINCT ON (c.package, c.version) c.package, c.version, c.abi_tag, c.released, c.not_before
    FROM (
        SELECT v.package, v.version, a.abi_tag, v.released,
               CASE WHEN lag.n BETWEEN 1 AND 3
                    THEN lag.last + INTERVAL '10 minutes' * power(2, lag.n - 1) END AS not_before
        FROM versions v
        JOIN packages p ON p.package = v.package
        CROSS JOIN (SELECT ba.abi_tag FROM build_abis ba WHERE ba.skip = '') a
        LEFT JOIN version_requires_python r ON r.package = v.package AND r.version = v.version
        LEFT JOIN (
            SELECT l.package, l.version, l.abi_tag, COUNT(*) AS n, MAX(l.built_at) AS last
            FROM bookkeeping.index_lag_failures l
            WHERE pkg IS NULL OR l.package = pkg
            GROUP BY l.package, l.version, l.abi_tag
        ) lag ON lag.package = v.package AND lag.version = v.version AND lag.abi_tag = a.abi_tag
        WHERE p.skip = '' AND v.skip = ''
          AND (pkg IS NULL OR v.package = pkg)
          AND NOT (r.excluded_pythons IS NOT NULL
                   AND abi_python_version(a.abi_tag) = ANY (r.excluded_pythons))
          AND NOT EXISTS (
              SELECT 1 FROM builds b JOIN files f ON f.build_id = b.build_id
              WHERE b.package = v.package AND b.version = v.version AND f.abi_tag = 'none')
          AND NOT EXISTS (
              SELECT 1 FROM builds b LEFT JOIN files f ON f.build_id = b.build_id
              WHERE b.package = v.package AND b.version = v.version
                AND COALESCE(f.abi_tag, b.abi_tag) = a.abi_tag
                AND NOT (lag.n BETWEEN 1 AND 3 AND EXISTS (
                    SELECT 1 FROM bookkeeping.index_lag_failures l WHERE l.build_id = b.build_id)))
    ) c
    ORDER BY c.package, c.version, c.abi_tag;
END;
$fn$;
REVOKE ALL ON FUNCTION bookkeeping.refresh_pending(TEXT, TEXT) FROM PUBLIC;

CREATE FUNCTION bookkeeping.version_facts_changed()
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
REVOKE ALL ON FUNCTION bookkeeping.version_facts_changed() FROM PUBLIC;

CREATE TRIGGER pending_builds_requires_python
    AFTER INSERT OR UPDATE OR DELETE ON version_requires_python
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.version_facts_changed();
CREATE TRIGGER pending_builds_index_lag
    AFTER INSERT OR UPDATE OR DELETE ON bookkeeping.index_lag_failures
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.version_facts_changed();

-- A row waiting for its retry time is not pending yet.
CREATE OR REPLACE VIEW builds_pending AS
SELECT q.abi_tag,
       ROW_NUMBER() OVER (PARTITION BY q.abi_tag ORDER BY q.released) AS position,
       q.package,
       q.version
FROM bookkeeping.pending_builds q
WHERE q.not_before IS NULL OR q.not_before <= (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');

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
          AND (p.not_before IS NULL OR p.not_before <= (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'))
        ORDER BY p.released
        LIMIT GREATEST(lim, 0)
    ) q
    WHERE a.skip = ''
    ORDER BY a.abi_tag::TEXT, q.released;
$fn$;

UPDATE configuration SET version = '0.23-j3' WHERE id = 1;
