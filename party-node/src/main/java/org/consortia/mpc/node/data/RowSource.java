package org.consortia.mpc.node.data;

import java.util.List;

/**
 * The rows of one source, read one at a time: a CSV file or a query's result set. The cells of the current row come in
 * the order of the columns asked for.
 */
interface RowSource extends AutoCloseable {
    /** Advances to the next row; {@code false} at the end. */
    boolean next();

    /** Whether the current row has every column asked for (a CSV row with too few or too many fields has not). */
    boolean complete();

    /** Cell {@code i} of the current row: a {@code String} (CSV) or the object the JDBC driver returns ({@code null}: NULL). */
    Object cell(int i);

    /** The columns the source holds, as it names them (the header, or the query's metadata). */
    List<String> available();

    @Override
    void close();
}
