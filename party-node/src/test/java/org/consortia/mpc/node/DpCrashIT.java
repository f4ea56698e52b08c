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
 * A node killed (SIGKILL) while a DP job it reserved a budget for is online restarts with a consistent ledger: the job
 * had read the member's data, so its cost was spent before the read (a job that fails after its data was read is
 * charged as a success would be: its failure may depend on the data), at the killed member and at the survivor;
 * nothing stays reserved; what is left can be spent by a later job, and no more.
 */
class DpCrashIT {
    static final String POLICY = "analyses: any\nresultRecipients: any\nmaxConcurrentJobs: 8\ndatasets:\n"
            + "  - {name: patients, analyses: [dp-logistic-regression, dp-mean, dp-histogram], budget: {epsilon: 1.0, delta: 1e-5}}\n";
    static final int ROWS = 400;

    @Test
    void aNodeKilledAfterItsDataWasReadRestartsWithTheCostSpent(@TempDir Path dir) throws Exception {
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
            assertEquals(0.9, before.getJsonObject("spent").getDouble("epsilon"), 1e-9, "spent once the data was read: " + before);
            assertEquals(0, before.getJsonObject("reserved").getDouble("epsilon"), 1e-12, before.encode());
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
                assertEquals(0.9, d.getJsonObject("spent").getDouble("epsilon"), 1e-12, "org-" + i + " read its data: "
                        + b.encode());
                JsonArray h = b.getJsonArray("history");
                assertTrue(h.encode().contains("\"job\":\"" + id + "\"") && h.encode().contains("\"spent\"")
                        && !h.encode().contains("\"released\""), "org-" + i + " spent the job's reservation: " + h.encode());
            }
            JsonArray audit = c.get(1, "/v1/audit?from=1").getJsonArray("records");
            assertTrue(audit.encode().contains("budget-spent"), "the spend is audited");

            // what is left (0.1) can be spent, and no more
            String[] over = c.request(1, "POST", "/v1/jobs", mean(1.0).encode(), LocalConsortium.TOKEN);
            assertEquals("409", over[0], over[1]);
            String mean = c.submit(1, new JsonObject().put("analysis", "dp-histogram").put("params", new JsonObject()
                    .put("dataset", "patients").put("column", "a").put("edges", "0,0.5,1").put("rows", ROWS + "," + ROWS)
                    .put("epsilon", "0.1").put("delta", "1e-6").put("resultParty", "1")));
            assertEquals("SUCCEEDED", c.awaitJob(1, mean, Duration.ofSeconds(60)).getString("state"));
        }
    }

    static JsonObject mean(double epsilon) {
        return new JsonObject().put("analysis", "dp-mean").put("params", new JsonObject().put("dataset", "patients")
                .put("column", "a").put("lower", "0").put("upper", "1").put("rows", ROWS + "," + ROWS)
                .put("epsilon", String.valueOf(epsilon)).put("delta", "1e-6").put("resultParty", "1"));
    }
}
