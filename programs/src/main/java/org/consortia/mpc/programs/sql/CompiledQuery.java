package org.consortia.mpc.programs.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.programs.Evaluation;
import org.consortia.mpc.programs.Program;

/**
 * A query compiled to a program: the program (what every member checks and runs), the uses of every column (what each
 * member checks against its column rules), and how a recipient turns the program's reveals into the result table.
 * @param groups   per group (row-major over the GROUP BY columns' labels), its labels; one empty group without GROUP BY
 * @param outputs  the result's columns, in SELECT order
 * @param keepShown whether the program reveals which groups are kept (label {@link #KEEP}); else every group is
 * @param order    ORDER BY on the result (applied by the recipient)
 * @param limit    LIMIT ({@code -1}: none)
 * @param options  its recipients (none: every member) and the fewest rows behind a shown group
 */
public record CompiledQuery(String sql, Program program, List<ColumnUse> uses, List<List<String>> groups,
        List<Output> outputs, boolean keepShown, List<Order> order, long limit, SqlCompiler.Options options) {
    /** The reveal label of the kept groups' 0/1 bits. */
    public static final String KEEP = "keep";
    /** The reveal label of the computed values, {@code [groups, values]}. */
    public static final String VALUES = "values";

    public CompiledQuery {
        uses = List.copyOf(uses);
        groups = List.copyOf(groups);
        outputs = List.copyOf(outputs);
        order = List.copyOf(order);
    }

    /**
     * A result column: a group's label (GROUP BY column {@code index}), a computed value (column {@code index} of the
     * revealed values; NULL where column {@code nullIndex}, a 0/1 value, is 0; {@code -1}: never NULL), a constant.
     */
    public record Output(String name, Kind kind, int index, double constant, boolean integer, int nullIndex) {
        public enum Kind {
            LABEL, VALUE, CONSTANT
        }
    }

    /** One ORDER BY term: the output it sorts by, descending or not. */
    public record Order(int output, boolean descending) {
    }

    /**
     * The result table: its header and its rows (labels as strings, counts as longs, other values as doubles, NULL as
     * {@code null}).
     */
    public record Table(List<String> header, List<List<Object>> rows) {
        public Table {
            header = List.copyOf(header);
            rows = List.copyOf(rows.stream().map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r))).toList());
        }

        /** CSV with a header (RFC 4180 quoting). */
        public String csv() {
            StringBuilder b = new StringBuilder();
            b.append(String.join(",", header.stream().map(Table::quote).toList())).append('\n');
            for (List<Object> r : rows) {
                b.append(String.join(",", r.stream().map(v -> v == null ? "" : quote(String.valueOf(v))).toList())).append('\n');
            }
            return b.toString();
        }

        private static String quote(String s) {
            return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }

        @Override
        public String toString() {
            return "Table[" + header.size() + " columns]"; // a result is its recipient's, never a log's
        }
    }

    /**
     * The result table from what the program revealed to this recipient (its reveals by label). Groups of declared
     * labels: a row per group, the kept ones; groups found inside the computation ({@code groups} empty): the revealed
     * rows whose column 0 is 1, their key in column 1, the values after it.
     */
    public Table table(Map<String, Evaluation.Result> revealed) {
        Evaluation.Result values = revealed.get(VALUES);
        boolean anyDomain = groups.isEmpty();
        Evaluation.Result keep = anyDomain ? values : revealed.get(KEEP);
        if (values == null || keepShown && keep == null) {
            throw new IllegalStateException("the query's result was not revealed to this member");
        }
        int width = values.dims().length == 2 ? values.dims()[1] : 1;
        int rowsOut = anyDomain ? values.dims()[0] : groups.size();
        int offset = anyDomain ? 2 : 0;
        List<List<Object>> rows = new ArrayList<>();
        for (int g = 0; g < rowsOut; g++) {
            if (keepShown && keep.values()[anyDomain ? g * width : g] < 0.5) {
                continue;
            }
            List<Object> row = new ArrayList<>();
            for (Output o : outputs) {
                row.add(switch (o.kind()) {
                    case LABEL -> anyDomain ? number(values.values()[g * width + 1]) : groups.get(g).get(o.index());
                    case CONSTANT -> o.constant();
                    case VALUE -> {
                        if (o.nullIndex() >= 0 && values.values()[g * width + offset + o.nullIndex()] < 0.5) {
                            yield null; // an aggregate over no value (SQL's NULL)
                        }
                        double v = values.values()[g * width + offset + o.index()];
                        yield o.integer() ? (Object) Math.round(v) : (Object) v;
                    }
                });
            }
            rows.add(row);
        }
        if (!order.isEmpty()) {
            Comparator<List<Object>> cmp = null;
            for (Order o : order) {
                Comparator<List<Object>> c = Comparator.comparing(r -> key(r.get(o.output())),
                        Comparator.nullsLast(Comparator.naturalOrder())); // NULLs last ascending, as PostgreSQL
                c = o.descending() ? c.reversed() : c;
                cmp = cmp == null ? c : cmp.thenComparing(c);
            }
            rows.sort(cmp);
        }
        if (limit >= 0 && rows.size() > limit) {
            rows = new ArrayList<>(rows.subList(0, (int) limit));
        }
        return new Table(outputs.stream().map(Output::name).toList(), rows);
    }

    /** A group's key: an integer as a long, else the number. */
    private static Object number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Comparable key(Object v) {
        return v == null ? null : v instanceof Number n ? (Comparable) Double.valueOf(n.doubleValue()) : (Comparable) String.valueOf(v);
    }

    @Override
    public String toString() {
        return "CompiledQuery[" + outputs.size() + " columns, " + groups.size() + " groups]";
    }
}
