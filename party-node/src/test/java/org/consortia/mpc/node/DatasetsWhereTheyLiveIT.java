package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.consortia.mpc.config.DatasetSpec;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.node.data.PostgresServer;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members' datasets where they live, joined and regressed as jobs: a real PostgreSQL server (initdb, pg_ctl), Parquet
 * files read by DuckDB and a CSV file (see the test's own description). An *IT: it starts a database server.
 */
class DatasetsWhereTheyLiveIT {
    @TempDir
    Path dir;

    /**
     * Data where it lives: org-0's table in PostgreSQL, org-1's in Parquet files, org-2's in a CSV file with another
     * delimiter, string keys written differently (case, spaces); 100 customers each, 70 common to all three. Linked
     * privately, then a regression over the common rows split by columns equals Commons Math's OLS on the plaintext inner
     * join; so does one job with {@code linkage: intersect}, whose common rows no member learns (and which refuses to
     * reveal a fit over fewer than minMatched of them). A member whose database is down fails the next job in one line
     * naming the dataset; the others see the code.
     */
    @Test
    void tablesInPostgresParquetAndCsvLinkedThenRegressed() throws Exception {
        NodeConfig[] nodes = RegressionJobTest.nodes(dir, 3);
        java.util.Map<Integer, double[]> joined = new java.util.TreeMap<>();
        java.util.List<String> pgRows = new java.util.ArrayList<>();
        java.util.List<String> pqRows = new java.util.ArrayList<>();
        StringBuilder csv = new StringBuilder("id;c;y\n");
        for (int i = 0; i < 130; i++) { // ids 0..69 at everyone, 70..99 at org-0 only, 100..129 split between org-1 and org-2
            double a = Math.sin(i) * 3;
            double b = Math.cos(i * 1.7) * 2;
            double c = Math.sin(i * 0.37) * 4;
            double y = 2 * a - 3 * b + 0.5 * c + 1 + Math.sin(i * 2.9) * 0.05;
            boolean at0 = i < 100;
            boolean at1 = i < 70 || i >= 100 && i < 130;
            boolean at2 = i < 70 || i >= 100;
            if (at0) {
                pgRows.add("('C-" + i + "', " + a + ")");
            }
            if (at1) {
                pqRows.add("('c-" + i + "', " + b + ")");
            }
            if (at2) {
                csv.append(" C-").append(i).append(" ;").append(c).append(';').append(y).append('\n');
            }
            if (i < 70) {
                joined.put(i, new double[] {a, b, c, y});
            }
        }
        Path pq = nodes[1].dataDir().resolve("lake");
        Files.createDirectories(pq);
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES " + String.join(",", pqRows) + ") t(id, b)) TO '" + pq.resolve("b.parquet")
                    + "' (FORMAT parquet)");
        }
        Files.writeString(nodes[2].dataDir().resolve("c.csv"), csv);
        Path pw = dir.resolve("pg.password");
        Files.writeString(pw, PostgresServer.PASSWORD);
        try (var pg = PostgresServer.start()) {
            try (var c = pg.connect(); var s = c.createStatement()) {
                s.execute("CREATE TABLE customers (id varchar(16), a double precision)");
                s.execute("INSERT INTO customers VALUES " + String.join(",", pgRows));
            }
            DatasetSpec.Type str = DatasetSpec.Type.STRING;
            DatasetSpec.Type num = DatasetSpec.Type.NUMBER;
            DatasetSpec.BadRows refuse = DatasetSpec.BadRows.REFUSE;
            java.util.List<Map<String, DatasetSpec>> declared = java.util.List.of(
                    Map.of("t", new DatasetSpec("t", DatasetSpec.Source.JDBC, pg.url(), "customers", PostgresServer.USER, pw,
                            null, java.util.List.of(col("id", str), col("a", num)), ',', refuse, 64)),
                    Map.of("t", new DatasetSpec("t", DatasetSpec.Source.PARQUET, pq.resolve("*.parquet").toString(), null, null,
                            null, null, java.util.List.of(col("id", str), col("b", num)), ',', refuse, 64)),
                    Map.of("t", new DatasetSpec("t", DatasetSpec.Source.CSV, nodes[2].dataDir().resolve("c.csv").toString(),
                            null, null, null, null, java.util.List.of(col("id", str), col("c", num), col("y", num)), ';',
                            refuse, 64)),
                    Map.of());
            JobSpec link = new JobSpec("link", Map.of("dataset", "t", "key", "id", "rows", "100,100,100", "as", "joined"));
            try (LocalCluster c = new LocalCluster(3)) {
                var run = c.run(RegressionJobTest.program(link, nodes, declared));
                for (int k = 0; k < 3; k++) {
                    assertEquals(70.0, run.result(k)[0], "the common rows, known to every member");
                }
            }
            JobSpec fit = new JobSpec("linear-regression", Map.of("dataset", "joined", "partition", "columns", "key", "id",
                    "rows", "70", "columns", "1,1,1", "target", "y", "resultParty", "2"));
            double[][] xs = new double[70][];
            double[] ys = new double[70];
            int r = 0;
            for (double[] v : joined.values()) {
                xs[r] = new double[] {v[0], v[1], v[2]};
                ys[r++] = v[3];
            }
            var ols = new org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression();
            ols.newSampleData(ys, xs);
            double[] beta = ols.estimateRegressionParameters(); // intercept, a, b, c
            try (LocalCluster c = new LocalCluster(3)) {
                double[] got = c.run(RegressionJobTest.program(fit, nodes, declared)).result(2);
                for (int j = 0; j < 3; j++) {
                    assertEquals(beta[j + 1], got[3 + j], 1e-3, "coefficient " + j);
                }
                assertEquals(beta[0], got[6], 1e-2, "intercept");
            }
            // the same in one job, the common rows found inside the computation: no member learns which, nor how many
            JobSpec secret = new JobSpec("linear-regression", Map.of("dataset", "t", "partition", "columns", "key", "id",
                    "linkage", "intersect", "rows", "100,100,100", "columns", "1,1,1", "target", "y", "resultParty", "2"));
            try (LocalCluster c = new LocalCluster(3)) {
                var run = c.run(RegressionJobTest.program(secret, nodes, declared));
                double[] got = run.result(2);
                for (int j = 0; j < 3; j++) {
                    assertEquals(beta[j + 1], got[3 + j], 1e-3, "linkage intersect: coefficient " + j);
                }
                assertEquals(beta[0], got[6], 1e-2, "linkage intersect: intercept");
                assertEquals(null, run.result(0), "only the result party learns the fit");
            }
            JobSpec tooFew = new JobSpec("linear-regression", Map.of("dataset", "t", "partition", "columns", "key", "id",
                    "linkage", "intersect", "rows", "100,100,100", "columns", "1,1,1", "target", "y", "minMatched", "71"));
            try (LocalCluster c = new LocalCluster(3)) {
                var e = assertThrows(RuntimeException.class, () -> c.run(RegressionJobTest.program(tooFew, nodes, declared)));
                String all = String.valueOf(e) + " " + e.getCause();
                assertTrue(all.contains("fewer common rows than the job's minMatched (71)"), all);
            }
            pg.stop();
            JobSpec again = new JobSpec("link", Map.of("dataset", "t", "key", "id", "rows", "100,100,100", "as", "joined2"));
            try (LocalCluster c = new LocalCluster(3)) {
                var e = assertThrows(RuntimeException.class, () -> c.run(RegressionJobTest.program(again, nodes, declared)));
                String all = String.valueOf(e) + " " + e.getCause();
                assertTrue(all.contains("t: the database table cannot be opened"), all);
                assertFalse(all.contains(PostgresServer.PASSWORD), all);
            }
        }
    }

    private static DatasetSpec.Column col(String name, DatasetSpec.Type t) {
        return new DatasetSpec.Column(name, t, null);
    }
}
