package org.consortia.mpc.client;

import java.util.List;

/**
 * A joint query's result table at a recipient's node: its header and its rows (labels as strings, counts as longs, other
 * values as doubles, NULL as {@code null}).
 */
public record QueryTable(List<String> header, List<List<Object>> rows) {
    public QueryTable {
        header = List.copyOf(header);
        rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }

    @Override
    public String toString() {
        return "QueryTable[" + header.size() + " columns, " + rows.size() + " rows]"; // a result is its recipient's
    }
}
