package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.consortia.mpc.analyses.stats.DpAggregation;
import org.consortia.mpc.analyses.dp.BinomialMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The privacy guarantee at the sizes the limits allow, on node processes (2 parties and a dealer):
 * <ul>
 * <li>a {@code dp-secure-sum} of zeros whose calibrated sigma is above 3e6 (where the sampler used to saturate) draws
 * noise whose sample deviation is the calibrated one within 3%;</li>
 * <li>a value too large to encode at 30 fractional bits no longer fails a DP job (the owner clamps before encoding), and
 * a DP job that fails after its data was read (a missing column) is charged: its epsilon is spent and it counts
 * against {@code maxJobsPerDay}, while the submitter sees one code;</li>
 * <li>a 1,000-bin histogram at a small epsilon, which the coin limit lets through, is refused before any node traces
 * it, naming the parameter and the node's {@code jobMemory}.</li>
 * </ul>
 */
class DpPrivacyIT {
    static final String POLICY = "analyses: any\nresultRecipients: any\nmaxConcurrentJobs: 8\ndatasets:\n"
            + "  - {name: zeros, analyses: [dp-secure-sum]}\n"
            + "  - {name: patients, analyses: [dp-sum, dp-mean, dp-histogram], budget: {epsilon: 10, delta: 1e-3, "
            + "maxJobsPerDay: 3}}\n";
    static final int LENGTH = 16_384;
    static final double BOUND = 15.9;
    static final double CLIP = 4096;

    @Test
    void noiseIsAtTheChargedEpsilonAndFailuresAfterTheReadAreCharged(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "60s", new String[] {POLICY, POLICY})) {
            String zeros = "0" + ",0".repeat(LENGTH - 1) + "\n";
            for (int i = 0; i < 2; i++) {
                Files.writeString(c.dataDir(i).resolve("zeros.csv"), zeros);
                StringBuilder csv = new StringBuilder("age,score\n");
                for (int r = 0; r < 100; r++) {
                    csv.append(i == 0 && r == 7 ? "1e12" : String.valueOf(r % 90)).append(',').append(r % 7).append('\n');
                }
                Files.writeString(c.dataDir(i).resolve("patients.csv"), csv);
            }
            c.startAllAndAwaitMesh();

            // 1: the discrete Gaussian at sigma above 3e6 (every party adds its own: the sum's deviation is sqrt(2) sigma)
            double epsilon = 0.2;
            double delta = 1e-5;
            double sigma = DpAggregation.sigma(LENGTH, CLIP, BOUND, 16, epsilon, delta);
            assertTrue(sigma > 3e6, "sigma " + sigma + " is where the sampler used to saturate");
            String sum = c.submit(0, new JsonObject().put("analysis", "dp-secure-sum").put("params", new JsonObject()
                    .put("input", "zeros").put("length", String.valueOf(LENGTH)).put("clip", String.valueOf(CLIP))
                    .put("bound", String.valueOf(BOUND)).put("resultParty", "0").put("epsilon", String.valueOf(epsilon))
                    .put("delta", String.valueOf(delta))));
            JsonObject s = c.awaitJob(0, sum, Duration.ofSeconds(120));
            assertEquals("SUCCEEDED", s.getString("state"), s.encode());
            JsonArray values = s.getJsonArray("result");
            assertEquals(LENGTH, values.size());
            double m = 0;
            double sq = 0;
            for (int i = 0; i < LENGTH; i++) {
                double v = values.getDouble(i);
                m += v;
                sq += v * v;
            }
            m /= LENGTH;
            double sd = Math.sqrt(sq / LENGTH - m * m);
            double expected = Math.sqrt(2) * sigma / 256; // grid steps of 2^-8
            System.out.printf("dp-secure-sum of zeros: calibrated sigma %.4g per party, sample deviation %.4g of %.4g "
                    + "expected (%.2f%% off)%n", sigma, sd, expected, 100 * Math.abs(sd / expected - 1));
            assertEquals(expected, sd, 0.03 * expected);

            // 3: a value too large for 30 fractional bits is clamped at its owner: the job succeeds
            String big = c.submit(0, dpSum("age", 0.5, 30));
            JsonObject b = c.awaitJob(0, big, Duration.ofSeconds(90));
            assertEquals("SUCCEEDED", b.getString("state"), b.encode());
            JsonObject labelled = c.get(0, "/v1/jobs/" + big + "/result");
            assertTrue(labelled.getJsonObject("named").containsKey("sum[age]"), "a labelled result: " + labelled.encode());
            // a DP job that fails after the read (a column that does not exist) is charged, and tells one code
            String probe = c.submit(1, dpSum("no_such_column", 0.5, 16));
            JsonObject p = c.awaitJob(1, probe, Duration.ofSeconds(90));
            assertEquals("FAILED", p.getString("state"), p.encode());
            assertEquals("INPUT_INVALID", p.getJsonObject("error").getString("code"), p.encode());
            assertEquals(java.util.Set.of("code", "phase", "party"), p.getJsonObject("error").fieldNames(),
                    "the failure that crosses is a code, a phase and a party: " + p.encode());
            for (int i = 0; i < 2; i++) {
                JsonObject d = c.get(i, "/v1/budget").getJsonArray("datasets").getJsonObject(0);
                System.out.println("org-" + i + " budget after the probe: " + d.encode());
                assertEquals(1.0, d.getJsonObject("spent").getDouble("epsilon"), 1e-9, "both jobs charged: " + d.encode());
                assertEquals(2, d.getInteger("jobsLastDay"), d.encode());
            }
            // the third job of the day is the last one maxJobsPerDay allows; the fourth is refused
            String third = c.submit(0, dpSum("no_such_column", 0.5, 16));
            assertEquals("FAILED", c.awaitJob(0, third, Duration.ofSeconds(90)).getString("state"));
            String[] fourth = c.request(0, "POST", "/v1/jobs", dpSum("age", 0.5, 16).encode(), LocalConsortium.TOKEN);
            assertEquals("409", fourth[0], fourth[1]);
            assertTrue(fourth[1].contains("maxJobsPerDay"), fourth[1]);

            // 4: 1,000 bins at a small epsilon, through the coin limit, refused before the trace for jobMemory
            double small = 0.1;
            int coins = BinomialMechanism.coinsFor(small / 2, 1e-10 / 2, 1);
            assertTrue((long) coins * 1000 <= (1 << 26), coins + " coins per bin: the coin limit lets it through");
            StringBuilder edges = new StringBuilder("0");
            for (int e = 1; e <= 1000; e++) {
                edges.append(',').append(e);
            }
            JsonObject hist = new JsonObject().put("analysis", "dp-histogram").put("params", new JsonObject()
                    .put("dataset", "patients").put("column", "score").put("rows", "100,100").put("resultParty", "0")
                    .put("epsilon", String.valueOf(small)).put("delta", "1e-10").put("edges", edges.toString()));
            long t0 = System.nanoTime();
            String[] h = c.request(0, "POST", "/v1/jobs", hist.encode(), LocalConsortium.TOKEN);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("1,000-bin histogram at epsilon " + small + " (" + coins + " coins per bin): " + h[0] + " in "
                    + ms + " ms: " + h[1] + "; peak RSS org-0 " + c.peakRssMb(0) + " MiB, dealer " + c.peakRssMb(2) + " MiB");
            assertEquals("400", h[0], h[1]);
            assertTrue(h[1].contains("epsilon") && h[1].contains("jobMemory"), h[1]);
        }
    }

    static JsonObject dpSum(String column, double epsilon, int fractionalBits) {
        return new JsonObject().put("analysis", "dp-sum").put("params", new JsonObject().put("dataset", "patients")
                .put("column", column).put("rows", "100,100").put("resultParty", "0").put("epsilon", String.valueOf(epsilon))
                .put("delta", "1e-6").put("lower", "0").put("upper", "100").put("fractionalBits", String.valueOf(fractionalBits)));
    }
}
