package org.consortia.mpc.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset a member declares in its node file: the name jobs and policies use, where its rows live and its columns.
 * Jobs never see the source: a path, a JDBC URL, a table name or a credential stays in the node file.
 *
 * @param name         the dataset's name in jobs and policies
 * @param source       where the rows come from
 * @param location     a CSV or Parquet path (absolute, resolved against the data directory; a Parquet path may hold a
 *                     glob) or a JDBC URL
 * @param table        a JDBC source's table or view ({@code name} or {@code schema.name}); {@code null} otherwise
 * @param user         a JDBC source's user, or {@code null}
 * @param passwordFile a file holding a JDBC source's password (first line), or {@code null}
 * @param passwordEnv  an environment variable holding a JDBC source's password, or {@code null}
 * @param columns      the columns the node exposes, in order; every one must be present with its type
 * @param delimiter    a CSV source's delimiter
 * @param badRows      what a row that does not fit the declaration does
 * @param maxString    the longest string cell accepted, in characters
 */
public record DatasetSpec(String name, Source source, String location, String table, String user, Path passwordFile,
        String passwordEnv, List<Column> columns, char delimiter, BadRows badRows, int maxString) {
    /** The default longest string cell. */
    public static final int DEFAULT_MAX_STRING = 1024;

    public DatasetSpec {
        columns = List.copyOf(columns);
    }

    /** Where a dataset's rows live. */
    public enum Source {
        /** A CSV file with a header row (quotes, a byte-order mark and a chosen delimiter understood). */
        CSV,
        /** Parquet files, read with the embedded DuckDB engine. */
        PARQUET,
        /** A table or view in the member's own database, over JDBC. */
        JDBC
    }

    /** What a row that does not fit the declaration (a malformed row, a NULL, a type mismatch, a long string) does. */
    public enum BadRows {
        /** The read stops: the job fails at this member, naming the dataset, the row and the column locally. */
        REFUSE,
        /** The row is left out and counted (in the local log); the declared row count is checked on the rest. */
        SKIP
    }

    /** A column's type: how its cells become the numbers a computation sees. */
    public enum Type {
        /** A finite decimal number. */
        NUMBER,
        /** Text, usable only as a key (hashed in its canonical form, never computed on). */
        STRING,
        /** One of a declared list of labels, entering as its index in the list (0, 1, ...). */
        CATEGORY,
        /** A calendar date (ISO {@code yyyy-MM-dd}, or a database DATE), entering as days since 1970-01-01. */
        DATE,
        /** {@code true}/{@code false} (or 1/0), entering as 1 or 0. */
        BOOLEAN
    }

    /** A declared column: its name, its type and, for a category, its labels in order. */
    public record Column(String name, Type type, List<String> labels) {
        public Column {
            labels = labels == null ? List.of() : List.copyOf(labels);
        }

        @Override
        public String toString() {
            return name + ":" + type.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The declared column {@code name}, or {@code null}. */
    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    @Override
    public String toString() { // never the location or the credentials
        return "DatasetSpec[" + name + ", " + source.name().toLowerCase(java.util.Locale.ROOT) + ", " + columns.size() + " columns]";
    }
}
