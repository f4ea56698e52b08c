package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A node killed (SIGKILL) between reserving a DP job's budget and its reveal restarts with a consistent ledger: the
 * reservation is released (nothing was revealed: "spent" is written before any reveal), nothing stays reserved, the
 * audit log says why; the surviving member released its own reservation when the job failed; a later job can spend
 * the whole budget again.
 */
class DpCrashIT {
    static final String POLICY = "analyses: any\nresultRecipients: any\nmaxConcurrentJobs: 8\ndatasets:\n"
            + "  - {name: patients, analyses: [dp-logistic-regression, dp-mean], budget: {epsilon: 1.0, delta: 1e-5}}\n";
    static final int ROWS = 400;

    @Test
    void aNodeKilledBetweenReservationAndRevealRestartsWithAConsistentLedger(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "5s", new String[] {POLICY, POLICY})) {
            for (int i = 0; i < 2; i++) {
                StringBuilder csv = new StringBuilder("a,b,c,y\n");
                for (int r = 0; r < ROWS; r++) {
                    double a = ((r * 13 + i) % 100) / 100.0;
                    csv.append(a).append(',').append((r % 7) / 7.0).append(',').append((r % 11) / 11.0).append(',')
                            .append(a > 0.5 ? 1 : 0).append('\n');
                }
                Files.writeString(c.dataDir(i).resolve("patients.csv"), csv);
            }
            c.startAll();
            for (int i = 0; i < 2; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            // a long DP job (many descent steps): kill org-1 once it is online there, long before its only reveal
            JsonObject spec = new JsonObject().put("analysis", "dp-logistic-regression").put("params", new JsonObject()
                    .put("dataset", "patients").put("features", "a,b,c").put("target", "y").put("featureBounds", "0:1,0:1,0:1")
                    .put("rows", ROWS + "," + ROWS).put("steps", "1000").put("epsilon", "0.9").put("delta", "1e-6")
                    .put("resultParty", "0"));
            String id = c.submit(0, spec);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"online".equals(c.get(1, "/v1/jobs/" + id).getString("phase"))) {
                assertTrue(System.nanoTime() < deadline, "the job never went online");
                Thread.sleep(20);
            }
            JsonObject before = c.get(1, "/v1/budget").getJsonArray("datasets").getJsonObject(0);
            assertEquals(0.9, before.getJsonObject("reserved").getDouble("epsilon"), 1e-9, "reserved while running: " + before);
            c.processes[1].destroyForcibly();
            c.processes[1].waitFor();

            JsonObject failed = c.awaitJob(0, id, Duration.ofSeconds(30));
            assertEquals("FAILED", failed.getString("state"), failed.encode());
            c.start(1);
            for (int i = 0; i < 2; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            for (int i = 0; i < 2; i++) {
                JsonObject b = c.get(i, "/v1/budget?history=patients");
                JsonObject d = b.getJsonArray("datasets").getJsonObject(0);
                assertEquals(0, d.getJsonObject("reserved").getDouble("epsilon"), 1e-12, "org-" + i + ": " + b.encode());
                assertEquals(0, d.getJsonObject("spent").getDouble("epsilon"), 1e-12, "org-" + i + " revealed nothing: "
                        + b.encode());
                JsonArray h = b.getJsonArray("history");
                assertTrue(h.encode().contains("\"job\":\"" + id + "\"") && h.encode().contains("\"released\""),
                        "org-" + i + " released the job's reservation: " + h.encode());
            }
            JsonArray audit = c.get(1, "/v1/audit?from=1").getJsonArray("records");
            assertTrue(audit.encode().contains("the node stopped before the job revealed anything"), "audited at restart");

            // the whole budget is there again
            String mean = c.submit(1, new JsonObject().put("analysis", "dp-mean").put("params", new JsonObject()
                    .put("dataset", "patients").put("column", "a").put("lower", "0").put("upper", "1").put("rows", ROWS + "," + ROWS)
                    .put("epsilon", "1.0").put("delta", "1e-6").put("resultParty", "1")));
            assertEquals("SUCCEEDED", c.awaitJob(1, mean, Duration.ofSeconds(60)).getString("state"));
        }
    }
}
