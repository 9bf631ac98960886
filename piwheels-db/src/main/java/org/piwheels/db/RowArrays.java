package org.piwheels.db;

import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.records.RewritePending;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Arrays of table row types ({@code files[]}, {@code dependencies[]},
 * {@code rewrites_pending[]}) as function arguments: {@code ARRAY[ROW(...)]}
 * cast to the array type, every field a typed bind value in column order.
 */
final class RowArrays {

    private RowArrays() {
    }

    /** The {@code files[]} of a build; {@code build_id} is null (the function assigns it). */
    static Field<Object> files(List<FileState> files) {
        List<QueryPart> rows = new ArrayList<>();
        for (FileState f : files) {
            rows.add(row(
                    Sql.typed(f.filename(), SQLDataType.VARCHAR(255)),
                    Sql.typed(null, SQLDataType.INTEGER),
                    Sql.typed(Math.toIntExact(f.filesize()), SQLDataType.INTEGER),
                    Sql.typed(f.filehash(), SQLDataType.CHAR(64)),
                    Sql.typed(f.packageTag(), SQLDataType.VARCHAR(200)),
                    Sql.typed(f.packageVersionTag(), SQLDataType.VARCHAR(200)),
                    Sql.typed(f.pyVersionTag(), SQLDataType.VARCHAR(100)),
                    Sql.typed(f.abiTag(), SQLDataType.VARCHAR(100)),
                    Sql.typed(f.platformTag(), SQLDataType.VARCHAR(100)),
                    Sql.typed(f.requiresPython(), SQLDataType.VARCHAR(200)),
                    Sql.typed(f.location() == null ? "/simple" : f.location(), SQLDataType.VARCHAR(100)),
                    // core_metadata_hash (0.23-j5): log_build_success does not store it; see setCoreMetadataHashes
                    Sql.typed(null, SQLDataType.CHAR(64))));
        }
        return array(rows, "files");
    }

    /** The {@code dependencies[]} of a build: one element per (file, tool, dependency). */
    static Field<Object> dependencies(List<FileState> files) {
        List<QueryPart> rows = new ArrayList<>();
        for (FileState f : files) {
            for (Map.Entry<String, List<String>> tool : f.dependencies().entrySet()) {
                for (String dependency : tool.getValue()) {
                    rows.add(row(
                            Sql.typed(f.filename(), SQLDataType.VARCHAR(255)),
                            Sql.typed(tool.getKey(), SQLDataType.VARCHAR(10)),
                            Sql.typed(dependency, SQLDataType.VARCHAR(255))));
                }
            }
        }
        return array(rows, "dependencies");
    }

    /** The {@code rewrites_pending[]} to save; times are stored as UTC wall-clock. */
    static Field<Object> rewrites(List<RewritePending> pending) {
        List<QueryPart> rows = new ArrayList<>();
        for (RewritePending r : pending) {
            rows.add(row(
                    Sql.typed(r.packageName(), SQLDataType.VARCHAR(200)),
                    Sql.typed(Sql.utc(r.addedAt()), SQLDataType.LOCALDATETIME),
                    Sql.typed(r.command(), SQLDataType.VARCHAR(8))));
        }
        return array(rows, "rewrites_pending");
    }

    private static QueryPart row(Field<?>... fields) {
        return DSL.field("row({0})", Object.class, DSL.list(fields));
    }

    private static Field<Object> array(List<QueryPart> rows, String rowType) {
        // The row type is a fixed table name of our schema, never user input.
        if (rows.isEmpty()) {
            return DSL.field("cast(array[] as " + rowType + "[])", Object.class);
        }
        return DSL.field("cast(array[{0}] as " + rowType + "[])", Object.class, DSL.list(rows));
    }
}
