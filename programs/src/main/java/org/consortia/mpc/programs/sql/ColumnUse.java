package org.consortia.mpc.programs.sql;

/**
 * One use a compiled query makes of a member's column: the table, the member and dataset that hold it, the column, its
 * role and the clause it appears in (the query's own text, public). Each member checks the uses of its columns against
 * its column rules.
 */
public record ColumnUse(String table, String member, String dataset, String column, Role role, String clause) {
    public enum Role {
        /** Links records in a join's ON (its values never enter a result). */
        JOIN_KEY,
        /** Selects rows in WHERE (inside the computation). */
        FILTER,
        /** Revealed as a group's label (GROUP BY). */
        GROUP_KEY,
        /** Inside an aggregate over rows (COUNT, SUM, AVG), in SELECT or HAVING. */
        AGGREGATE,
        /** Inside MIN or MAX: one row's exact value is revealed. */
        EXTREMUM,
        /** Inside a differentially private aggregate (DP_COUNT, DP_SUM, DP_AVG). */
        DP_AGGREGATE
    }
}
