/**
 * Datasets where they live: a member's CSV files, Parquet files (through the embedded DuckDB engine) and tables or views
 * in its own database (JDBC), read by name as the node file declares them ({@link org.consortia.mpc.config.DatasetSpec}),
 * checked against their declared columns and types, and converted to the numbers a computation takes (categories to
 * their index, dates to days since 1970, booleans to 0/1, strings only as keys, in their canonical form). Errors are
 * {@link org.consortia.mpc.node.data.DataException}s whose message names the dataset, the row and the column, never a
 * value, and stays at the member (peers see a code).
 */
package org.consortia.mpc.node.data;
