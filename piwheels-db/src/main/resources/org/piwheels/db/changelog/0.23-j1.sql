--liquibase formatted sql

-- First Java-only schema step (beyond 0.23). The version string can never
-- equal an upstream piwheels version, so 0.23's tools refuse this database
-- ("no upgrade path") instead of misreading it, and our DAL refuses 0.23's.

--changeset piwheels:0.23-j1
-- get_statistics() counts versions released in the last hour every minute;
-- without this index that is a full scan of versions (millions of rows).
CREATE INDEX versions_released ON versions (released);
UPDATE configuration SET version = '0.23-j1' WHERE id = 1;
