package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * Dealer-free jobs at the sizes the limits allow, on node processes without a dealer ({@code offline: ot}) and with a
 * 2 GiB heap: a {@code dp-mean} over 1,000,000 rows (500,000 per member) makes its correlated randomness by OT in
 * bounded memory and lands near the truth (its peak resident sets are printed); DP-SGD over 100,000 rows, whose
 * material would take far longer than the policy's {@code limits.maxOfflineSeconds}, is refused at vote time naming
 * the parameter and the limit, before any party makes anything.
 */
class DealerFreeMemoryIT {
    static final String POLICY = "analyses: any\ndatasets: any\nresultRecipients: any\nmaxConcurrentJobs: 4\n";
    static final int ROWS = 500_000;

    @Test
    void largeDpJobsRunInBoundedMemoryOrAreRefusedAtVoteTime(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "120s", new String[] {POLICY, POLICY}, false)) {
            c.quickJit = false; // long jobs: the deployed JIT
            c.heap = "2g";
            double total = 0;
            for (int i = 0; i < 2; i++) {
                c.appendToNodeFile(i, "jobMemory: 1g\n");
                try (BufferedWriter w = Files.newBufferedWriter(c.dataDir(i).resolve("people.csv"))) {
                    w.write("age,a,b,c,d,e,f,g,h,i,j,y\n");
                    for (int r = 0; r < ROWS; r++) {
                        int age = (r * 37 + i * 11) % 100;
                        total += age;
                        w.write(age + ",0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.5," + (r % 2) + "\n");
                    }
                }
            }
            c.startAllAndAwaitMesh();
            String mean = c.submit(0, new JsonObject().put("analysis", "dp-mean").put("params", new JsonObject()
                    .put("dataset", "people").put("column", "age").put("rows", ROWS + "," + ROWS).put("resultParty", "0")
                    .put("epsilon", "1").put("delta", "1e-6").put("lower", "0").put("upper", "100")));
            long t0 = System.nanoTime();
            JsonObject m = c.awaitJob(0, mean, Duration.ofSeconds(600));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("dp-mean over %d rows, offline ot: %s in %.1f s, peak RSS org-0 %d MiB, org-1 %d MiB%n",
                    2 * ROWS, m.getString("state"), seconds, c.peakRssMb(0), c.peakRssMb(1));
            assertEquals("SUCCEEDED", m.getString("state"), m.encode());
            double got = m.getJsonArray("result").getDouble(0);
            assertEquals(total / (2 * ROWS), got, 0.01, "dp-mean of a million rows");

            StringBuilder bounds = new StringBuilder("0:1");
            for (int f = 1; f < 10; f++) {
                bounds.append(",0:1");
            }
            JsonObject sgd = new JsonObject().put("analysis", "dp-logistic-regression").put("params", new JsonObject()
                    .put("dataset", "people").put("features", "a,b,c,d,e,f,g,h,i,j").put("target", "y")
                    .put("rows", "50000,50000").put("featureBounds", bounds.toString()).put("steps", "30")
                    .put("resultParty", "0").put("epsilon", "1").put("delta", "1e-6"));
            t0 = System.nanoTime();
            String[] r = c.request(0, "POST", "/v1/jobs", sgd.encode(), LocalConsortium.TOKEN);
            System.out.println("DP-SGD over 100,000 rows, offline ot: " + r[0] + " in " + (System.nanoTime() - t0) / 1_000_000
                    + " ms: " + r[1]);
            assertEquals("400", r[0], r[1]);
            assertTrue(r[1].contains("params.offline") && r[1].contains("maxOfflineSeconds"), r[1]);
        }
    }
}
