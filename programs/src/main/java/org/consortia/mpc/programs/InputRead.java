package org.consortia.mpc.programs;

import java.util.List;

/**
 * A program's read of a member's data: node {@code node} reads {@code columns} of {@code rows} rows of dataset
 * {@code dataset} at member {@code member}, aligned by {@code key} (a column; {@code null}: by position).
 */
public record InputRead(String node, int member, String dataset, List<String> columns, int rows, String key) {
    public InputRead {
        columns = List.copyOf(columns);
    }
}
