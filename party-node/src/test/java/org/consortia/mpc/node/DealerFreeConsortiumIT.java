package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * Node processes without a trusted third party: a consortium whose file has no dealer ({@code protocol: {offline: ot}})
 * runs LeNet on an image (model at one member, image at the other) and a secure sum, every item of correlated
 * randomness made by the parties over their mutual-TLS links; a job asking for the dealer there is refused naming the
 * field. In a consortium with a dealer, a job may ask for {@code offline: ot}, and a member's policy may refuse jobs
 * that use the dealer; where the file says ot and lists a dealer too, a job asking for the dealer is refused by a
 * member whose policy does not list it.
 */
class DealerFreeConsortiumIT {
    @Test
    void aConsortiumWithoutADealerRunsInferenceAndSums(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "20s", new String[2], false)) {
            c.quickJit = false; // long jobs: the deployed JIT
            long seed = 20261130L;
            System.out.println("DealerFreeConsortiumIT seed " + seed);
            LenetImageJob lenet = LenetImageJob.write(c, seed);
            for (int i = 0; i < 2; i++) {
                Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + "," + (i * 10) + ",-" + i + "\n");
            }
            c.startAllAndAwaitMesh();
            assertEquals("ot", c.get(0, "/v1/health").getString("offline"));
            assertTrue(c.log(0).contains("no dealer"), c.log(0));

            long t0 = System.nanoTime();
            String id = c.submit(0, LenetImageJob.spec());
            JsonObject done = c.awaitJob(1, id, Duration.ofSeconds(120));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double worst = lenet.worstError(done, c.log(0) + "\n" + c.log(1));
            System.out.printf("LeNet, one image, 2 node processes over mutual TLS, no dealer: %.1f s from submission to "
                    + "result (offline by oblivious transfer + online), max |secure - plaintext| = %.2e%n", seconds, worst);
            assertTrue(worst < 1e-3, "max error " + worst);

            String sum = c.submit(1, CoordinatorApiIT.sum("0", "2"));
            JsonObject s = c.awaitJob(0, sum, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", s.getString("state"), s.encode());
            assertEquals(List.of(3.0, 10.0, -1.0), s.getJsonArray("result").getList().stream()
                    .map(v -> Math.round(((Number) v).doubleValue() * 1000) / 1000.0).toList());

            JsonObject asksForDealer = CoordinatorApiIT.sum("0", "2");
            asksForDealer.getJsonObject("params").put("offline", "dealer");
            String[] refused = c.request(0, "POST", "/v1/jobs", asksForDealer.encode(), LocalConsortium.TOKEN);
            assertEquals("400", refused[0], refused[1]);
            assertTrue(refused[1].contains("offline") && refused[1].contains("no dealer"), refused[1]);
        }
    }

    static final String OT_ONLY_POLICY = LocalConsortium.OPEN_POLICY + "offline: [ot]\n";

    @Test
    void aJobMayAskForObliviousTransferAndAPolicyMayRequireIt(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 3, "20s", new String[] {null, OT_ONLY_POLICY, null})) {
            c.quickJit = false; // long jobs: the deployed JIT
            for (int i = 0; i < 3; i++) {
                Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + "," + (i * 10) + ",-" + i + "\n");
            }
            c.startAll();
            for (int i = 0; i < 3; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            String refused = c.submit(0, CoordinatorApiIT.sum("0", "3"));
            JsonObject r = c.awaitJob(0, refused, Duration.ofSeconds(30));
            assertEquals("REFUSED", r.getString("state"), r.encode());
            assertTrue(r.getString("refusal").contains("org-1 refuses: rule 'offline' does not allow dealer"), r.encode());

            JsonObject ot = CoordinatorApiIT.sum("2", "3");
            ot.getJsonObject("params").put("offline", "ot");
            String id = c.submit(0, ot);
            JsonObject done = c.awaitJob(2, id, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", done.getString("state"), done.encode());
            assertEquals(List.of(6.0, 30.0, -3.0), done.getJsonArray("result").getList().stream()
                    .map(v -> Math.round(((Number) v).doubleValue() * 1000) / 1000.0).toList());
            assertTrue(c.log(3).contains("the dealer takes no part"), c.log(3));
        }
    }

    /**
     * The consortium's mode is a floor: its file says offline: ot and still lists a dealer. A job asking for the dealer
     * is refused in the vote by org-1, whose policy has no offline rule, and at submission by org-1 itself, both naming
     * the rule; org-0, whose rule lists dealer, proposes it. A job in the consortium's own mode runs without the dealer.
     */
    @Test
    void aJobAskingForTheDealerInAnOtConsortiumIsRefusedUnlessEveryPolicyListsIt(@TempDir Path dir) throws Exception {
        String listsDealer = LocalConsortium.OPEN_POLICY + "offline: [dealer, ot]\n";
        try (LocalConsortium c = new LocalConsortium(dir, 2, "20s", new String[] {listsDealer, null}, true, true)) {
            c.quickJit = false; // long jobs: the deployed JIT
            for (int i = 0; i < 2; i++) {
                Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + "," + (i * 10) + ",-" + i + "\n");
            }
            c.startAllAndAwaitMesh();
            assertEquals("ot", c.get(0, "/v1/health").getString("offline"));
            String floor = "org-1 refuses: rule 'offline': this consortium makes its correlated randomness by OT; the job "
                    + "asks for the dealer";
            JsonObject asksForDealer = CoordinatorApiIT.sum("0", "2");
            asksForDealer.getJsonObject("params").put("offline", "dealer");
            String voted = c.submit(0, asksForDealer);
            JsonObject r = c.awaitJob(0, voted, Duration.ofSeconds(30));
            assertEquals("REFUSED", r.getString("state"), r.encode());
            assertTrue(r.getString("refusal").contains(floor), r.encode());
            String[] own = c.request(1, "POST", "/v1/jobs", asksForDealer.encode(), LocalConsortium.TOKEN);
            assertEquals("409", own[0], own[1]);
            assertTrue(own[1].contains(floor), own[1]);

            String id = c.submit(1, CoordinatorApiIT.sum("1", "2"));
            JsonObject done = c.awaitJob(1, id, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", done.getString("state"), done.encode());
            assertEquals(List.of(3.0, 10.0, -1.0), done.getJsonArray("result").getList().stream()
                    .map(v -> Math.round(((Number) v).doubleValue() * 1000) / 1000.0).toList());
            assertTrue(c.log(2).contains("the dealer takes no part"), c.log(2));
        }
    }

    /**
     * A party killed while the parties make a job's material by oblivious transfer: the survivor fails the job as
     * PEER_LOST naming it within the round timeout, and after a restart the next job succeeds.
     */
    @Test
    void aPartyKilledDuringObliviousTransferAbortsTheJobAndTheNextOneRuns(@TempDir Path dir) throws Exception {
        Duration round = Duration.ofSeconds(8);
        try (LocalConsortium c = new LocalConsortium(dir, 2, round.toSeconds() + "s", new String[2], false)) {
            c.quickJit = false; // long jobs: the deployed JIT
            for (int i = 0; i < 2; i++) {
                Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + "," + (i * 10) + ",-" + i + "\n");
            }
            c.startAllAndAwaitMesh();
            String id = c.submit(0, NodeProcessFaultIT.matmulLoop(8, 20_000)); // minutes of OT material
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"RUNNING".equals(c.get(0, "/v1/jobs/" + id).getString("state"))) {
                assertTrue(System.nanoTime() < deadline, "the job never started");
                Thread.sleep(20);
            }
            Thread.sleep(1500); // well inside the base OTs and the first items
            long killed = System.nanoTime();
            c.processes[1].destroyForcibly();
            JsonObject rec = c.awaitJob(0, id, round.plusSeconds(2));
            long ms = (System.nanoTime() - killed) / 1_000_000;
            assertEquals("FAILED", rec.getString("state"), rec.encode());
            JsonObject error = rec.getJsonObject("error");
            assertEquals("PEER_LOST", error.getString("code"), rec.encode() + "\n" + c.log(0));
            assertEquals("org-1", error.getString("party"), rec.encode());
            System.out.printf("a party killed during oblivious transfer: the survivor failed the job %d ms later, in phase "
                    + "'%s'%n", ms, error.getString("phase"));
            assertTrue(ms <= round.toMillis() + 2000, "aborted after " + ms + " ms");

            c.processes[1].waitFor();
            c.start(1);
            for (int i = 0; i < 2; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            String next = c.submit(1, CoordinatorApiIT.sum("0", "2"));
            JsonObject done = c.awaitJob(0, next, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", done.getString("state"), done.encode());
            assertEquals(List.of(3.0, 10.0, -1.0), done.getJsonArray("result").getList().stream()
                    .map(v -> Math.round(((Number) v).doubleValue() * 1000) / 1000.0).toList());
        }
    }
}
