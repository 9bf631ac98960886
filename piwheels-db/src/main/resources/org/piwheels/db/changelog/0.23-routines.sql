--liquibase formatted sql

-- The builds_pending view and the 35 SECURITY DEFINER functions of piwheels
-- 0.23 (spec/database.md §3), with bodies written for this project. Names,
-- parameters, defaults, result types, strictness, search_path and grants are
-- the 0.23 facts. CREATE OR REPLACE keeps owner and grants, so this changeset
-- also runs on an adopted 0.23 database: adopted and fresh databases then run
-- the same bodies.

--changeset piwheels:0.23-routines splitStatements:false runOnChange:true

-- A version needs building for an active ABI unless some build of it produced
-- a 'none' wheel, or some build covered that ABI: by a file of that ABI, or,
-- having no files at all (failed, or successful but empty), by its builder
-- ABI. 'abi3' files only cover the pseudo-ABI 'abi3' (0.23 quirk). Written as
-- anti-joins (hashable) rather than 0.23's EXCEPT ALL; the results are equal
-- because every wanted (package, version, abi) row is unique.
CREATE OR REPLACE VIEW builds_pending AS
WITH active_abis AS (
    SELECT a.abi_tag FROM build_abis a WHERE a.skip = ''
),
covered AS (
    SELECT b.package, b.version, COALESCE(f.abi_tag, b.abi_tag) AS abi_tag
    FROM builds b
    LEFT JOIN files f ON f.build_id = b.build_id
),
none_built AS (
    SELECT b.package, b.version
    FROM builds b
    JOIN files f ON f.build_id = b.build_id
    WHERE f.abi_tag = 'none'
),
remaining AS (
    SELECT v.package, v.version, v.released, MIN(a.abi_tag) AS abi_tag
    FROM packages p
    JOIN versions v ON v.package = p.package
    CROSS JOIN active_abis a
    WHERE p.skip = ''
      AND v.skip = ''
      AND NOT EXISTS (
          SELECT 1 FROM none_built n
          WHERE n.package = v.package AND n.version = v.version)
      AND NOT EXISTS (
          SELECT 1 FROM covered c
          WHERE c.package = v.package AND c.version = v.version AND c.abi_tag = a.abi_tag)
    GROUP BY v.package, v.version, v.released
)
SELECT r.abi_tag,
       ROW_NUMBER() OVER (PARTITION BY r.abi_tag ORDER BY r.released) AS position,
       r.package,
       r.version
FROM remaining r;

GRANT SELECT ON builds_pending TO ${appRole};

-- configuration ---------------------------------------------------------------

CREATE OR REPLACE FUNCTION get_pypi_serial()
    RETURNS BIGINT
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT c.pypi_serial FROM configuration c WHERE c.id = 1;
$fn$;
REVOKE ALL ON FUNCTION get_pypi_serial() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_pypi_serial() TO ${appRole};

CREATE OR REPLACE FUNCTION set_pypi_serial(new_serial INTEGER)
    RETURNS VOID
    LANGUAGE plpgsql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    IF (SELECT c.pypi_serial FROM configuration c WHERE c.id = 1) > new_serial THEN
        RAISE EXCEPTION 'serial cannot go backwards' USING ERRCODE = '23000';
    END IF;
    UPDATE configuration SET pypi_serial = new_serial WHERE id = 1;
END;
$fn$;
REVOKE ALL ON FUNCTION set_pypi_serial(INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION set_pypi_serial(INTEGER) TO ${appRole};

-- packages, versions, names ---------------------------------------------------

CREATE OR REPLACE FUNCTION add_new_package(package TEXT, skip TEXT DEFAULT '', description TEXT DEFAULT '')
    RETURNS BOOLEAN
    LANGUAGE plpgsql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    INSERT INTO packages (package, skip, description) VALUES ($1, $2, $3);
    RETURN true;
EXCEPTION
    WHEN unique_violation THEN RETURN false;
END;
$fn$;
REVOKE ALL ON FUNCTION add_new_package(TEXT, TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION add_new_package(TEXT, TEXT, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION add_new_package_version(package TEXT, version TEXT,
        released TIMESTAMP DEFAULT NULL, skip TEXT DEFAULT '')
    RETURNS BOOLEAN
    LANGUAGE plpgsql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
BEGIN
    INSERT INTO versions (package, version, released, skip)
        VALUES ($1, $2, COALESCE($3, TIMESTAMP '1970-01-01 00:00:00'), $4);
    RETURN true;
EXCEPTION
    WHEN unique_violation THEN RETURN false;
END;
$fn$;
REVOKE ALL ON FUNCTION add_new_package_version(TEXT, TEXT, TIMESTAMP, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION add_new_package_version(TEXT, TEXT, TIMESTAMP, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION add_package_name(canon_name TEXT, alt_name TEXT, last_seen TIMESTAMP)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    INSERT INTO package_names (package, name, seen) VALUES (canon_name, alt_name, last_seen)
    ON CONFLICT (name) DO UPDATE SET seen = EXCLUDED.seen;
$fn$;
REVOKE ALL ON FUNCTION add_package_name(TEXT, TEXT, TIMESTAMP) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION add_package_name(TEXT, TEXT, TIMESTAMP) TO ${appRole};

CREATE OR REPLACE FUNCTION set_package_description(pkg TEXT, dsc TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    UPDATE packages SET description = dsc WHERE package = pkg;
$fn$;
REVOKE ALL ON FUNCTION set_package_description(TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION set_package_description(TEXT, TEXT) TO ${appRole};

-- skip, yank, delete ----------------------------------------------------------

CREATE OR REPLACE FUNCTION skip_package(pkg TEXT, reason TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    UPDATE packages SET skip = reason WHERE package = pkg;
$fn$;
REVOKE ALL ON FUNCTION skip_package(TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION skip_package(TEXT, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION skip_package_version(pkg TEXT, ver TEXT, reason TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    UPDATE versions SET skip = reason WHERE package = pkg AND version = ver;
$fn$;
REVOKE ALL ON FUNCTION skip_package_version(TEXT, TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION skip_package_version(TEXT, TEXT, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION yank_version(pkg TEXT, ver TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    UPDATE versions SET yanked = true WHERE package = pkg AND version = ver;
$fn$;
REVOKE ALL ON FUNCTION yank_version(TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION yank_version(TEXT, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION unyank_version(pkg TEXT, ver TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    UPDATE versions SET yanked = false WHERE package = pkg AND version = ver;
$fn$;
REVOKE ALL ON FUNCTION unyank_version(TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unyank_version(TEXT, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION delete_package(pkg TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    DELETE FROM packages WHERE package = pkg;
$fn$;
REVOKE ALL ON FUNCTION delete_package(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION delete_package(TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION delete_version(pkg TEXT, ver TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    DELETE FROM versions WHERE package = pkg AND version = ver;
$fn$;
REVOKE ALL ON FUNCTION delete_version(TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION delete_version(TEXT, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION delete_build(pkg TEXT, ver TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    DELETE FROM builds WHERE package = pkg AND version = ver;
$fn$;
REVOKE ALL ON FUNCTION delete_build(TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION delete_build(TEXT, TEXT) TO ${appRole};

-- existence tests -------------------------------------------------------------

CREATE OR REPLACE FUNCTION test_package(pkg TEXT)
    RETURNS BOOLEAN
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT EXISTS (SELECT 1 FROM packages p WHERE p.package = pkg);
$fn$;
REVOKE ALL ON FUNCTION test_package(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION test_package(TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION test_package_version(pkg TEXT, ver TEXT)
    RETURNS BOOLEAN
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT EXISTS (SELECT 1 FROM versions v WHERE v.package = pkg AND v.version = ver);
$fn$;
REVOKE ALL ON FUNCTION test_package_version(TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION test_package_version(TEXT, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION package_marked_deleted(pkg TEXT)
    RETURNS BOOLEAN
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT EXISTS (SELECT 1 FROM packages p WHERE p.package = pkg AND p.skip = 'deleted');
$fn$;
REVOKE ALL ON FUNCTION package_marked_deleted(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION package_marked_deleted(TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION get_versions_deleted(pkg TEXT)
    RETURNS TABLE (version VARCHAR)
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT v.version FROM versions v WHERE v.package = pkg AND v.skip = 'deleted';
$fn$;
REVOKE ALL ON FUNCTION get_versions_deleted(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_versions_deleted(TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION get_package_aliases(pkg TEXT)
    RETURNS TABLE (name VARCHAR)
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT n.name FROM package_names n WHERE n.package = pkg AND n.name <> pkg;
$fn$;
REVOKE ALL ON FUNCTION get_package_aliases(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_package_aliases(TEXT) TO ${appRole};

-- build logging ---------------------------------------------------------------

-- 0.23 meant to reject an empty build_files array but its test never fires
-- (array_length of an empty array is NULL); we keep the observable behaviour
-- and accept it (spec §8.1.1).
CREATE OR REPLACE FUNCTION log_build_success(package TEXT, version TEXT, built_by INTEGER,
        duration INTERVAL, abi_tag TEXT, build_files files[], build_deps dependencies[])
    RETURNS INTEGER
    LANGUAGE plpgsql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    new_build_id INTEGER;
BEGIN
    INSERT INTO builds (package, version, built_by, duration, status, abi_tag)
        VALUES ($1, $2, $3, $4, true, $5)
        RETURNING builds.build_id INTO new_build_id;
    DELETE FROM files old
        WHERE old.filename IN (SELECT bf.filename FROM unnest($6) AS bf);
    INSERT INTO files (filename, build_id, filesize, filehash, package_tag, package_version_tag,
                       py_version_tag, abi_tag, platform_tag, requires_python, location)
        SELECT bf.filename, new_build_id, bf.filesize, bf.filehash, bf.package_tag,
               bf.package_version_tag, bf.py_version_tag, bf.abi_tag, bf.platform_tag,
               bf.requires_python, bf.location
        FROM unnest($6) AS bf;
    INSERT INTO dependencies (filename, tool, dependency)
        SELECT bd.filename, bd.tool, bd.dependency FROM unnest($7) AS bd;
    RETURN new_build_id;
END;
$fn$;
REVOKE ALL ON FUNCTION log_build_success(TEXT, TEXT, INTEGER, INTERVAL, TEXT, files[], dependencies[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION log_build_success(TEXT, TEXT, INTEGER, INTERVAL, TEXT, files[], dependencies[]) TO ${appRole};

CREATE OR REPLACE FUNCTION log_build_failure(package TEXT, version TEXT, built_by INTEGER,
        duration INTERVAL, abi_tag TEXT)
    RETURNS INTEGER
    LANGUAGE plpgsql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    new_build_id INTEGER;
BEGIN
    INSERT INTO builds (package, version, built_by, duration, status, abi_tag)
        VALUES ($1, $2, $3, $4, false, $5)
        RETURNING builds.build_id INTO new_build_id;
    RETURN new_build_id;
END;
$fn$;
REVOKE ALL ON FUNCTION log_build_failure(TEXT, TEXT, INTEGER, INTERVAL, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION log_build_failure(TEXT, TEXT, INTEGER, INTERVAL, TEXT) TO ${appRole};

-- access logging --------------------------------------------------------------

CREATE OR REPLACE FUNCTION log_download(filename TEXT, accessed_by INET, accessed_at TIMESTAMP,
        arch TEXT DEFAULT NULL, distro_name TEXT DEFAULT NULL, distro_version TEXT DEFAULT NULL,
        os_name TEXT DEFAULT NULL, os_version TEXT DEFAULT NULL, py_name TEXT DEFAULT NULL,
        py_version TEXT DEFAULT NULL, installer_name TEXT DEFAULT NULL,
        installer_version TEXT DEFAULT NULL, setuptools_version TEXT DEFAULT NULL)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    INSERT INTO downloads VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);
$fn$;
REVOKE ALL ON FUNCTION log_download(TEXT, INET, TIMESTAMP, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION log_download(TEXT, INET, TIMESTAMP, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION log_search(package TEXT, accessed_by INET, accessed_at TIMESTAMP,
        arch TEXT DEFAULT NULL, distro_name TEXT DEFAULT NULL, distro_version TEXT DEFAULT NULL,
        os_name TEXT DEFAULT NULL, os_version TEXT DEFAULT NULL, py_name TEXT DEFAULT NULL,
        py_version TEXT DEFAULT NULL, installer_name TEXT DEFAULT NULL,
        installer_version TEXT DEFAULT NULL, setuptools_version TEXT DEFAULT NULL)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    INSERT INTO searches VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);
$fn$;
REVOKE ALL ON FUNCTION log_search(TEXT, INET, TIMESTAMP, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION log_search(TEXT, INET, TIMESTAMP, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION log_project(package TEXT, accessed_by INET, accessed_at TIMESTAMP, user_agent TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    INSERT INTO project_page_hits (package, accessed_by, accessed_at, user_agent) VALUES ($1, $2, $3, $4);
$fn$;
REVOKE ALL ON FUNCTION log_project(TEXT, INET, TIMESTAMP, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION log_project(TEXT, INET, TIMESTAMP, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION log_json(package TEXT, accessed_by INET, accessed_at TIMESTAMP, user_agent TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    INSERT INTO project_json_downloads (package, accessed_by, accessed_at, user_agent) VALUES ($1, $2, $3, $4);
$fn$;
REVOKE ALL ON FUNCTION log_json(TEXT, INET, TIMESTAMP, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION log_json(TEXT, INET, TIMESTAMP, TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION log_page(page TEXT, accessed_by INET, accessed_at TIMESTAMP, user_agent TEXT)
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    INSERT INTO web_page_hits (page, accessed_by, accessed_at, user_agent) VALUES ($1, $2, $3, $4);
$fn$;
REVOKE ALL ON FUNCTION log_page(TEXT, INET, TIMESTAMP, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION log_page(TEXT, INET, TIMESTAMP, TEXT) TO ${appRole};

-- queue and file queries ------------------------------------------------------

CREATE OR REPLACE FUNCTION get_build_queue(lim INTEGER)
    RETURNS TABLE (abi_tag TEXT, package VARCHAR, version VARCHAR)
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT q.abi_tag, q.package, q.version
    FROM builds_pending q
    WHERE q.position <= lim
    ORDER BY q.abi_tag, q.position;
$fn$;
REVOKE ALL ON FUNCTION get_build_queue(INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_build_queue(INTEGER) TO ${appRole};

CREATE OR REPLACE FUNCTION get_package_files(pkg TEXT)
    RETURNS TABLE (filename VARCHAR, filehash CHAR)
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT f.filename, f.filehash
    FROM builds b JOIN files f ON f.build_id = b.build_id
    WHERE b.status AND b.package = pkg;
$fn$;
REVOKE ALL ON FUNCTION get_package_files(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_package_files(TEXT) TO ${appRole};

CREATE OR REPLACE FUNCTION get_version_files(pkg TEXT, ver TEXT)
    RETURNS TABLE (filename VARCHAR)
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT f.filename
    FROM builds b JOIN files f ON f.build_id = b.build_id
    WHERE b.status AND b.package = pkg AND b.version = ver;
$fn$;
REVOKE ALL ON FUNCTION get_version_files(TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_version_files(TEXT, TEXT) TO ${appRole};

-- project page data (spec §3.3) ------------------------------------------------

CREATE OR REPLACE FUNCTION get_project_data(pkg TEXT)
    RETURNS JSON
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
WITH
file_data AS (
    SELECT b.version, f.filename, json_build_object(
        'location', f.location,
        'hash', f.filehash,
        'size', f.filesize,
        'abi_builder', b.abi_tag,
        'abi_file', f.abi_tag,
        'platform', f.platform_tag,
        'requires_python', f.requires_python,
        -- 0.23 renders an empty dependency list as {} rather than [] (spec §8.1.5).
        'apt_dependencies', COALESCE((
            SELECT json_agg(d.dependency)
            FROM dependencies d
            WHERE d.filename = f.filename AND d.tool = 'apt'
              AND NOT EXISTS (
                  SELECT 1 FROM preinstalled_apt_packages i
                  WHERE i.abi_tag = f.abi_tag AND i.apt_package = d.dependency)
        ), '{}'::json),
        'pip_dependencies', COALESCE((
            SELECT json_agg(d.dependency)
            FROM dependencies d
            WHERE d.filename = f.filename AND d.tool = 'pip'
        ), '{}'::json)
    ) AS data
    FROM builds b JOIN files f ON f.build_id = b.build_id
    WHERE b.package = pkg
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
    FROM packages p
    JOIN versions v ON v.package = p.package
    CROSS JOIN build_abis t
    LEFT JOIN builds b ON b.package = v.package AND b.version = v.version AND b.abi_tag <= t.abi_tag
    LEFT JOIN files f ON f.build_id = b.build_id
    WHERE p.package = pkg AND t.skip = ''
),
best AS (
    SELECT DISTINCT ON (c.version, c.key_abi) c.version, c.key_abi, c.score, c.status, c.build_id
    FROM candidates c
    ORDER BY c.version, c.key_abi, c.score DESC
)
SELECT json_build_object(
    'name', (SELECT n.name FROM package_names n WHERE n.package = pkg ORDER BY n.seen DESC LIMIT 1),
    'description', (SELECT p.description FROM packages p WHERE p.package = pkg),
    'releases', COALESCE((
        SELECT json_object_agg(v.version, json_build_object(
            'yanked', v.yanked,
            'released', v.released AT TIME ZONE 'UTC',
            'skip', CASE WHEN v.skip <> '' THEN v.skip ELSE p.skip END,
            'files', COALESCE((
                SELECT json_object_agg(fd.filename, fd.data)
                FROM file_data fd WHERE fd.version = v.version), '{}'::json),
            'abis', COALESCE((
                SELECT json_object_agg(ab.key_abi, json_build_object(
                    'status', ab.status, 'build_id', ab.build_id))
                FROM best ab WHERE ab.version = v.version AND ab.score >= 0), '{}'::json)))
        FROM packages p JOIN versions v ON v.package = p.package
        WHERE p.package = pkg), '{}'::json));
$fn$;
REVOKE ALL ON FUNCTION get_project_data(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_project_data(TEXT) TO ${appRole};

-- statistics and search index (spec §5) ---------------------------------------

CREATE OR REPLACE FUNCTION get_search_index()
    RETURNS TABLE (package VARCHAR, downloads_recent INTEGER, downloads_all INTEGER)
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT p.package,
           COALESCE(d.recent, 0)::INTEGER,
           COALESCE(d.total, 0)::INTEGER
    FROM packages p
    LEFT JOIN (
        SELECT b.package,
               COUNT(*) FILTER (
                   WHERE dl.accessed_at > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '30 days') AS recent,
               COUNT(*) AS total
        FROM downloads dl
        JOIN files f ON f.filename = dl.filename
        JOIN builds b ON b.build_id = f.build_id
        GROUP BY b.package
    ) d ON d.package = p.package;
$fn$;
REVOKE ALL ON FUNCTION get_search_index() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_search_index() TO ${appRole};

CREATE OR REPLACE FUNCTION get_initial_statistics()
    RETURNS TABLE (downloads_all BIGINT)
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT COUNT(*) FROM downloads;
$fn$;
REVOKE ALL ON FUNCTION get_initial_statistics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_initial_statistics() TO ${appRole};

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
        (SELECT COALESCE(SUM(CASE WHEN b.duration < INTERVAL '1 week' THEN b.duration
                                  ELSE INTERVAL '0' END), INTERVAL '0')
         FROM builds b),
        (SELECT COALESCE(SUM(f.filesize), 0)::BIGINT
         FROM files f WHERE f.platform_tag <> 'linux_armv6l'),
        (SELECT COUNT(DISTINCT f.package_tag)::INTEGER FROM files f),
        (SELECT COUNT(*)::INTEGER FROM files f),
        (SELECT COUNT(*)::INTEGER FROM versions v
         WHERE v.released > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '1 hour'),
        (SELECT COUNT(*)::INTEGER FROM downloads dl
         WHERE dl.accessed_at > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '30 days'),
        (SELECT COUNT(*)::INTEGER FROM downloads dl
         WHERE dl.accessed_at > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '1 hour');
$fn$;
REVOKE ALL ON FUNCTION get_statistics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_statistics() TO ${appRole};

CREATE OR REPLACE FUNCTION get_builds_last_hour()
    RETURNS TABLE (abi_tag VARCHAR, builds INTEGER)
    LANGUAGE sql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT a.abi_tag, COUNT(b.build_id)::INTEGER
    FROM build_abis a
    LEFT JOIN builds b
        ON b.abi_tag = a.abi_tag
       AND b.built_at > (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '1 hour'
    WHERE a.skip = ''
    GROUP BY a.abi_tag;
$fn$;
REVOKE ALL ON FUNCTION get_builds_last_hour() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION get_builds_last_hour() TO ${appRole};

-- rewrite buffer --------------------------------------------------------------

CREATE OR REPLACE FUNCTION save_rewrites_pending(data rewrites_pending[])
    RETURNS VOID
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    DELETE FROM rewrites_pending;
    INSERT INTO rewrites_pending (package, added_at, command)
        SELECT d.package, d.added_at, d.command FROM unnest(data) AS d;
$fn$;
REVOKE ALL ON FUNCTION save_rewrites_pending(rewrites_pending[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION save_rewrites_pending(rewrites_pending[]) TO ${appRole};

-- Not strict in 0.23 (a zero-argument function; kept for catalog equality).
CREATE OR REPLACE FUNCTION load_rewrites_pending()
    RETURNS TABLE (package VARCHAR, added_at TIMESTAMP, command VARCHAR)
    LANGUAGE sql CALLED ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
    SELECT r.package, r.added_at, r.command FROM rewrites_pending r ORDER BY r.added_at;
$fn$;
REVOKE ALL ON FUNCTION load_rewrites_pending() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION load_rewrites_pending() TO ${appRole};
