package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.analyses.dp.BinomialMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Differentially private jobs between node processes, each member holding a budget on its dataset: a DP mean and a DP
 * histogram run and land near the truth (within 6 standard deviations of their noise); a job over what is left is
 * refused by the node that holds the dataset, naming the dataset, the cost and the remainder; two concurrent jobs whose
 * sum exceeds what is left cannot both run; the budget API shows the spent total and the ledger's history.
 */
class DpBudgetIT {
    static String policy(double epsilon) {
        return "analyses: any\nresultRecipients: any\nmaxConcurrentJobs: 8\ndatasets:\n"
                + "  - {name: patients, analyses: [dp-mean, dp-sum, dp-histogram], budget: {epsilon: " + epsilon + ", delta: 1e-5}}\n";
    }
    static final int ROWS = 200;

    static JsonObject dp(String analysis, double epsilon, JsonObject extra) {
        JsonObject p = new JsonObject().put("dataset", "patients").put("column", "age").put("rows", ROWS + "," + ROWS)
                .put("resultParty", "0").put("epsilon", String.valueOf(epsilon)).put("delta", "1e-6");
        extra.forEach(e -> p.put(e.getKey(), e.getValue()));
        return new JsonObject().put("analysis", analysis).put("params", p);
    }

    static String[] withParty(int party, String[] response) {
        return new String[] {response[0], response[1], String.valueOf(party)};
    }

    static String[] post(LocalConsortium c, int party, JsonObject spec) {
        try {
            return c.request(party, "POST", "/v1/jobs", spec.encode(), LocalConsortium.TOKEN);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void budgetsAreReservedSpentAndRefused(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "20s", new String[] {policy(1.0), policy(5.0)})) {
            double sum = 0;
            int[] trueBins = new int[5];
            for (int i = 0; i < 2; i++) {
                StringBuilder csv = new StringBuilder("age,score\n");
                for (int r = 0; r < ROWS; r++) {
                    int age = (r * 37 + i * 11) % 100;
                    csv.append(age).append(',').append(r % 7).append('\n');
                    sum += age;
                    trueBins[age / 20]++;
                }
                Files.writeString(c.dataDir(i).resolve("patients.csv"), csv);
            }
            c.startAll();
            for (int i = 0; i < 2; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            // a DP mean: 0.6 of each member's 1.0
            String mean = c.submit(0, dp("dp-mean", 0.6, new JsonObject().put("lower", "0").put("upper", "100")));
            JsonObject m = c.awaitJob(0, mean, Duration.ofSeconds(90));
            assertEquals("SUCCEEDED", m.getString("state"), m.encode());
            double got = m.getJsonArray("result").getDouble(0);
            // the noise: grid 2^-g with g = floor(log2(16 / 100)) = -3, sensitivity ceil(100 / 8) + 1 = 14 steps
            double sd = BinomialMechanism.stddev(BinomialMechanism.coinsFor(0.6, 1e-6, 14)) * 8 / (2 * ROWS);
            System.out.printf("dp-mean: %.3f (true %.3f, noise sd %.3f)%n", got, sum / (2 * ROWS), sd);
            assertTrue(Math.abs(got - sum / (2 * ROWS)) < 6 * sd + 8.0 / (2 * ROWS), "dp-mean " + got);

            // over what is left: refused by the member holding the dataset, naming dataset, cost and remainder
            String[] over = c.request(0, "POST", "/v1/jobs", dp("dp-mean", 0.6, new JsonObject().put("lower", "0")
                    .put("upper", "100")).encode(), LocalConsortium.TOKEN);
            assertEquals("409", over[0], over[1]);
            assertTrue(over[1].contains("org-0 refuses: dataset 'patients': job needs epsilon 0.60, 0.40 left"), over[1]);
            // a member voting on another's proposal refuses the same way (org-1, whose budget is 5.0, proposes)
            String voted = c.submit(1, dp("dp-mean", 0.6, new JsonObject().put("lower", "0").put("upper", "100")));
            JsonObject v = c.awaitJob(1, voted, Duration.ofSeconds(30));
            assertEquals("REFUSED", v.getString("state"), v.encode());
            assertTrue(v.getString("refusal").contains("org-0 refuses: dataset 'patients': job needs epsilon 0.60, 0.40 left"),
                    v.encode());

            // a DP histogram within what is left
            String hist = c.submit(1, dp("dp-histogram", 0.3, new JsonObject().put("edges", "0,20,40,60,80,100")));
            JsonObject h = c.awaitJob(0, hist, Duration.ofSeconds(90));
            assertEquals("SUCCEEDED", h.getString("state"), h.encode());
            double binSd = BinomialMechanism.stddev(BinomialMechanism.coinsFor(0.15, 5e-7, 1));
            JsonArray bins = h.getJsonArray("result");
            System.out.println("dp-histogram: " + bins.encode() + " (true " + java.util.Arrays.toString(trueBins) + ", noise sd "
                    + binSd + ")");
            for (int b = 0; b < 5; b++) {
                assertTrue(Math.abs(bins.getDouble(b) - trueBins[b]) < 6 * binSd, "bin " + b);
            }

            // 0.1 left at each member: two concurrent jobs of 0.08 cannot both run
            List<String[]> both = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread t0 = Thread.ofVirtual().start(() -> both.add(withParty(0, post(c, 0, dp("dp-histogram", 0.08, new JsonObject()
                    .put("edges", "0,50,100"))))));
            Thread t1 = Thread.ofVirtual().start(() -> both.add(withParty(1, post(c, 1, dp("dp-histogram", 0.08, new JsonObject()
                    .put("edges", "0,50,100"))))));
            t0.join();
            t1.join();
            int succeeded = 0;
            for (String[] r : both) { // 202 and a job id, or 409: refused by its own initiator at once
                assertTrue(r[0].equals("202") || r[0].equals("409") && r[1].contains("left"), r[0] + " " + r[1]);
                if (r[0].equals("202")) { // followed at its initiator (a member that refused it never recorded it)
                    JsonObject j = c.awaitJob(Integer.parseInt(r[2]), new JsonObject(r[1]).getString("id"), Duration.ofSeconds(90));
                    succeeded += "SUCCEEDED".equals(j.getString("state")) ? 1 : 0;
                }
            }
            assertTrue(succeeded <= 1, "both concurrent jobs ran");

            // the budget API: what is spent, and the ledger's records of the spent jobs
            for (int i = 0; i < 2; i++) {
                JsonObject b = c.get(i, "/v1/budget?history=patients");
                JsonObject d = b.getJsonArray("datasets").getJsonObject(0);
                double spent = d.getJsonObject("spent").getDouble("epsilon");
                assertEquals(0.9 + 0.08 * succeeded, spent, 1e-9, b.encode());
                assertEquals(0, d.getJsonObject("reserved").getDouble("epsilon"), 1e-12, "nothing stays reserved");
                assertTrue(b.getJsonArray("history").encode().contains(mean), "the history names the job that spent it");
                assertTrue(spent <= d.getJsonObject("budget").getDouble("epsilon") + 1e-12);
            }
            // org-1 reserved the job org-0 refused, and released it when the job ended
            JsonArray h1 = c.get(1, "/v1/budget?history=patients").getJsonArray("history");
            boolean released = false;
            for (Object o : h1) {
                JsonObject e = (JsonObject) o;
                released |= e.getString("job").equals(voted) && e.getString("state").equals("released");
            }
            assertTrue(released, "org-1 released its reservation of the refused job: " + h1.encode());
        }
    }
}
