package org.piwheels.db;

import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Names and typed bind values for the 0.23 schema, used without jOOQ code
 * generation. Binds carry explicit types because PostgreSQL resolves the
 * overloaded functions by argument type (spec §4.3).
 */
final class Sql {

    static final Table<Record> PACKAGES = DSL.table(DSL.name("packages"));
    static final Table<Record> VERSIONS = DSL.table(DSL.name("versions"));
    static final Table<Record> BUILD_ABIS = DSL.table(DSL.name("build_abis"));
    static final Table<Record> BUILDS = DSL.table(DSL.name("builds"));
    static final Table<Record> CONFIGURATION = DSL.table(DSL.name("configuration"));
    static final Table<Record> PG_ROLES = DSL.table(DSL.name("pg_catalog", "pg_roles"));

    static final Field<String> PACKAGE = DSL.field(DSL.name("package"), SQLDataType.VARCHAR);
    static final Field<String> VERSION = DSL.field(DSL.name("version"), SQLDataType.VARCHAR);
    static final Field<String> SKIP = DSL.field(DSL.name("skip"), SQLDataType.VARCHAR);
    static final Field<String> ABI_TAG = DSL.field(DSL.name("abi_tag"), SQLDataType.VARCHAR);
    static final Field<Integer> BUILD_ID = DSL.field(DSL.name("build_id"), SQLDataType.INTEGER);
    static final Field<Integer> ID = DSL.field(DSL.name("id"), SQLDataType.INTEGER);
    static final Field<String> NAME = DSL.field(DSL.name("name"), SQLDataType.VARCHAR);
    static final Field<String> FILENAME = DSL.field(DSL.name("filename"), SQLDataType.VARCHAR);
    static final Field<String> FILEHASH = DSL.field(DSL.name("filehash"), SQLDataType.VARCHAR);
    static final Field<LocalDateTime> ADDED_AT = DSL.field(DSL.name("added_at"), SQLDataType.LOCALDATETIME);
    static final Field<String> COMMAND = DSL.field(DSL.name("command"), SQLDataType.VARCHAR);
    static final Field<Boolean> ROLSUPER = DSL.field(DSL.name("rolsuper"), SQLDataType.BOOLEAN);
    static final Field<String> ROLNAME = DSL.field(DSL.name("rolname"), SQLDataType.VARCHAR);

    static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    private Sql() {
    }

    static Field<String> text(String value) {
        return DSL.val(value, SQLDataType.VARCHAR);
    }

    static Field<Integer> integer(int value) {
        return DSL.val(value, SQLDataType.INTEGER);
    }

    /** UTC wall-clock time, the convention of every timestamp column (spec §0). */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Field<LocalDateTime> timestamp(LocalDateTime value) {
        return DSL.val(value, SQLDataType.LOCALDATETIME);
    }

    /** A string bound as {@code inet}: JDBC would otherwise send varchar, which has no implicit cast. */
    static Field<Object> inet(String address) {
        return DSL.field("cast({0} as inet)", Object.class, text(address));
    }

    /** A call of a scalar function. */
    static <T> Field<T> call(String function, DataType<T> type, Field<?>... args) {
        return DSL.function(DSL.name(function), type, args);
    }

    /** A set-returning function used as a table in FROM. */
    static Table<Record> tableCall(String function, Field<?>... args) {
        return DSL.table("{0}", DSL.function(DSL.name(function), Object.class, args));
    }

    static <T> Field<T> typed(T value, DataType<T> type) {
        return DSL.cast(DSL.val(value, type), type);
    }
}
