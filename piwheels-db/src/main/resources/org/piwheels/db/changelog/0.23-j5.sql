--liquibase formatted sql

-- Fifth Java-only schema step (beyond 0.23): the PEP 658 core-metadata hash
-- of each wheel (web spec §8.4), the SHA-256 of the <wheel>.metadata file the
-- master extracts beside a wheel when it publishes it. The simple pages
-- announce it (data-core-metadata / core-metadata); storing it here means a
-- page write reads it with the rest of the project instead of hashing files.
--
-- files.core_metadata_hash is NULL when no hash is known: wheels of a
-- database taken over from 0.23 (the site writer hashes their files once and
-- stores the result), wheels without METADATA, and wheels on an external
-- archive server. log_build_success deletes and re-inserts a rebuilt file's
-- row, so a new wheel under an old name never keeps the old wheel's hash.
--
-- Adding a nullable column without a default only changes the catalog: no
-- row of a production database is rewritten or scanned.

--changeset piwheels:0.23-j5 splitStatements:false
ALTER TABLE files ADD COLUMN core_metadata_hash CHAR(64);

-- Stores the core-metadata hashes of files (parallel arrays); files not in
-- the table are ignored (deleted since), rows already holding the hash are
-- not written again. A hash that is not 64 lower-case hex digits is refused.
-- Returns how many rows changed.
CREATE FUNCTION set_core_metadata_hashes(filenames TEXT[], hashes TEXT[])
    RETURNS INTEGER
    LANGUAGE plpgsql RETURNS NULL ON NULL INPUT SECURITY DEFINER
    SET search_path = public, pg_temp
AS $fn$
DECLARE
    changed INTEGER;
BEGIN
    IF cardinality(filenames) <> cardinality(hashes) THEN
        RAISE EXCEPTION 'set_core_metadata_hashes: % file names but % hashes',
            cardinality(filenames), cardinality(hashes) USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(hashes) AS h WHERE h IS NULL OR h !~ '^[0-9a-f]{64}$') THEN
        RAISE EXCEPTION 'set_core_metadata_hashes: a hash is not 64 lower-case hex digits'
            USING ERRCODE = '22023';
    END IF;
    UPDATE files f SET core_metadata_hash = n.hash
    FROM unnest(filenames, hashes) AS n(filename, hash)
    WHERE f.filename = n.filename AND f.core_metadata_hash IS DISTINCT FROM n.hash;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END;
$fn$;
REVOKE ALL ON FUNCTION set_core_metadata_hashes(TEXT[], TEXT[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION set_core_metadata_hashes(TEXT[], TEXT[]) TO ${appRole};

-- The row triggers of 0.23-j4 on changed files fire for any UPDATE of files;
-- storing a hash (with every logged build, in the recorder's transaction)
-- would then recompute the version's build-queue row for each wheel, and call
-- the statistics trigger, for a column neither depends on. They now fire only
-- when a column they read is set: the queue reads a file's build and ABI, the
-- statistics its size, platform and package tag.
DROP TRIGGER pending_builds_files_change ON files;
CREATE TRIGGER pending_builds_files_change
    AFTER UPDATE OF build_id, abi_tag OR DELETE ON files
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.files_changed();
DROP TRIGGER statistics_files_change ON files;
CREATE TRIGGER statistics_files_change
    AFTER UPDATE OF filesize, platform_tag, package_tag OR DELETE ON files
    FOR EACH ROW EXECUTE FUNCTION bookkeeping.statistics_files_changed();

-- get_project_data: 0.23-j2's definition with one more key per file,
-- core_metadata (the hash, or null).
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
           f.filesize, f.abi_tag, f.platform_tag, f.requires_python, f.core_metadata_hash
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
        'apt_dependencies', COALESCE(dp.apt, '{}'::json),
        'pip_dependencies', COALESCE(dp.pip, '{}'::json),
        'core_metadata', f.core_metadata_hash)) AS files
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

UPDATE configuration SET version = '0.23-j5' WHERE id = 1;
