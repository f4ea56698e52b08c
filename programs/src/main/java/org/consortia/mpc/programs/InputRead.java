package org.consortia.mpc.programs;

import java.util.List;

/**
 * A program's read of a member's data: node {@code node} reads {@code columns} of {@code rows} rows of dataset
 * {@code dataset} at member {@code member}, aligned by {@code key} (a column; {@code null}: by position), or, for a
 * {@code join}'s table ({@code link}), matched by it to another member's rows without any member learning which match.
 */
public record InputRead(String node, int member, String dataset, List<String> columns, int rows, String key, boolean link) {
    public InputRead {
        columns = List.copyOf(columns);
    }

    /** A read aligned by {@code key} (or by position), not a join's. */
    public InputRead(String node, int member, String dataset, List<String> columns, int rows, String key) {
        this(node, member, dataset, columns, rows, key, false);
    }
}
