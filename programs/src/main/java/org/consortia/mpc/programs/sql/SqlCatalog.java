package org.consortia.mpc.programs.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The public schema of the tables a query may name: per table, the member that holds it, its dataset there, its row
 * count and its columns, each a {@code key} (links records, never a value), a {@code number} or a category with its
 * declared labels (a value is its label's index, as a node's dataset declares it). Names are case-insensitive.
 * <p>As JSON: {@code {"customers": {"member": "bank", "dataset": "customers", "rows": 1000, "columns": {"id": "key",
 * "age": "number", "region": ["north", "south"]}}}}.
 */
public record SqlCatalog(List<Table> tables) {
    /** At most this many labels in a category. */
    public static final int MAX_LABELS = 4096;

    public SqlCatalog {
        tables = List.copyOf(tables);
    }

    public enum Kind {
        KEY, NUMBER, CATEGORY
    }

    /** A column: its name, its kind, and a category's labels (empty otherwise). */
    public record Column(String name, Kind kind, List<String> labels) {
        public Column {
            labels = List.copyOf(labels);
        }
    }

    /** A member's table. */
    public record Table(String name, String member, String dataset, int rows, List<Column> columns) {
        public Table {
            columns = List.copyOf(columns);
        }

        /** The column named {@code name} (case-insensitive), or {@code null}. */
        public Column column(String name) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        }
    }

    /** The table named {@code name} (case-insensitive), or {@code null}. */
    public Table table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** A catalog from plain JSON values (see the class comment); errors name the table and field. */
    public static SqlCatalog parse(Object json) {
        if (!(json instanceof Map<?, ?> m) || m.isEmpty() || m.size() > 64) {
            throw new SqlException("tables: an object of 1 to 64 tables by name");
        }
        List<Table> out = new ArrayList<>();
        for (var e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            String at = "tables." + name;
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                throw new SqlException(at + ": a table's name is a SQL identifier (letters, digits, _)");
            }
            if (!(e.getValue() instanceof Map<?, ?> t)) {
                throw new SqlException(at + ": an object {member, dataset, rows, columns}");
            }
            for (Object k : t.keySet()) {
                if (!List.of("member", "dataset", "rows", "columns").contains(String.valueOf(k))) {
                    throw new SqlException(at + "." + k + ": unknown field (known: member, dataset, rows, columns)");
                }
            }
            String member = text(t.get("member"), at + ".member");
            String dataset = t.containsKey("dataset") ? text(t.get("dataset"), at + ".dataset") : name;
            if (!(t.get("rows") instanceof Number r) || r.doubleValue() != Math.rint(r.doubleValue()) || r.longValue() < 1
                    || r.longValue() > Integer.MAX_VALUE) {
                throw new SqlException(at + ".rows: the table's row count, an integer >= 1");
            }
            if (!(t.get("columns") instanceof Map<?, ?> cols) || cols.isEmpty()) {
                throw new SqlException(at + ".columns: an object of columns by name: \"key\", \"number\" or a list of labels");
            }
            List<Column> columns = new ArrayList<>();
            for (var c : cols.entrySet()) {
                String cn = String.valueOf(c.getKey());
                String cat = at + ".columns." + cn;
                if (!cn.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                    throw new SqlException(cat + ": a column's name is a SQL identifier (letters, digits, _)");
                }
                if (c.getValue() instanceof List<?> labels) {
                    if (labels.isEmpty() || labels.size() > MAX_LABELS) {
                        throw new SqlException(cat + ": a category's labels, 1 to " + MAX_LABELS);
                    }
                    List<String> l = labels.stream().map(String::valueOf).toList();
                    if (new java.util.HashSet<>(l).size() != l.size()) {
                        throw new SqlException(cat + ": each label once");
                    }
                    columns.add(new Column(cn, Kind.CATEGORY, l));
                } else if ("key".equals(c.getValue()) || "number".equals(c.getValue())) {
                    columns.add(new Column(cn, Kind.valueOf(String.valueOf(c.getValue()).toUpperCase(Locale.ROOT)), List.of()));
                } else {
                    throw new SqlException(cat + ": \"key\", \"number\" or a list of labels");
                }
            }
            out.add(new Table(name, member, dataset, r.intValue(), columns));
        }
        return new SqlCatalog(out);
    }

    /** The catalog as plain JSON values (parse's input). */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Table t : tables) {
            Map<String, Object> cols = new LinkedHashMap<>();
            for (Column c : t.columns()) {
                cols.put(c.name(), c.kind() == Kind.CATEGORY ? c.labels() : c.kind().name().toLowerCase(Locale.ROOT));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("member", t.member());
            m.put("dataset", t.dataset());
            m.put("rows", (long) t.rows());
            m.put("columns", cols);
            out.put(t.name(), m);
        }
        return out;
    }

    private static String text(Object v, String at) {
        if (!(v instanceof String s) || s.isEmpty() || s.length() > 128) {
            throw new SqlException(at + ": a non-empty string");
        }
        return s;
    }
}
