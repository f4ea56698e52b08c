package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * A member stopped with SIGTERM, whatever its job thread is doing, tells its peers: they record {@code NODE_STOPPED}
 * naming the member within one second of the signal, when it is (a) waiting on the network, (b) inside a local matrix
 * product of about a second or more, (c) in the offline phase with the dealer, (d) in the dealer-free OT phase; the
 * member restarts and the next job runs. Repetitions per case: {@code -Dmpc.stopReps} (1 by default; the closing note
 * of issue 30 quotes a run with 20).
 *
 * <p>The nodes of the first test run with their 1 GiB heap committed and touched at start: with the heap growing
 * during the 1024 x 1024 products, a young collection that evacuated into fresh pages paused a node for up to 275 ms
 * on this VM (where a first touch is expensive), twice on the stop's path (the stopped node, then its peer), which put
 * case (b) at 0.5 to 1.0 s in full CI runs; touched in advance, the longest pauses were 139 and 76 ms. The bound is the
 * stop path's, not the collector's.
 */
class NodeStopIT {
    static final int REPS = Integer.getInteger("mpc.stopReps", 1);

    /** Until {@code party}'s record of {@code id} is in {@code phase}. */
    private static void awaitPhase(LocalConsortium c, int party, String id, String phase) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!phase.equals(c.get(party, "/v1/jobs/" + id).getString("phase"))) {
            assertTrue(System.nanoTime() < deadline, "the job never reached phase " + phase + " at org-" + party);
            Thread.sleep(10);
        }
    }

    /**
     * SIGTERMs org-1 and checks org-0's record: NODE_STOPPED naming org-1 within a second. Restarts org-1.
     * Returns the milliseconds from the signal to org-0's outcome.
     */
    private static long stopAndCheck(LocalConsortium c, String id, String what) throws Exception {
        Instant signal = Instant.now();
        c.processes[1].destroy(); // SIGTERM
        JsonObject rec = c.awaitJob(0, id, Duration.ofSeconds(30));
        long ms = Duration.between(signal, Instant.parse(rec.getString("finished"))).toMillis();
        System.out.println("NodeStopIT " + what + ": org-0 recorded " + rec.getJsonObject("error").encode() + " " + ms
                + " ms after the SIGTERM");
        assertEquals("FAILED", rec.getString("state"), rec.encode());
        assertEquals("NODE_STOPPED", rec.getJsonObject("error").getString("code"), what + ": " + rec.encode());
        assertEquals("org-1", rec.getJsonObject("error").getString("party"), rec.encode());
        assertTrue(ms <= 1000, what + ": org-0 recorded the stop " + ms + " ms after the signal");
        assertTrue(c.processes[1].waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "org-1 stopped");
        c.start(1);
        c.awaitMesh(0, Duration.ofSeconds(60));
        c.awaitMesh(1, Duration.ofSeconds(60));
        return ms;
    }

    @Test
    void aStoppedMemberIsNamedByItsPeersWhateverItsJobThreadDoes(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "30s")) {
            c.quickJit = false; // long jobs: the deployed JIT
            // 1024 x 1024 products and their triples, in chunks, right after the previous job's: room to be stopped in,
            // not to run out of (512 MB was enough but for one run in many)
            c.heap = "1g";
            for (int i = 0; i < 3; i++) { // the heap committed and touched at start: see the class comment
                c.jvmOptions(i, "-Xms" + c.heap, "-XX:+AlwaysPreTouch");
            }
            c.startAllAndAwaitMesh();
            for (int rep = 0; rep < REPS; rep++) {
                String waiting = c.submit(0, NodeProcessFaultIT.matmulLoop(8, 50_000));
                awaitPhase(c, 1, waiting, "online");
                Thread.sleep(100);
                stopAndCheck(c, waiting, "(a) waiting on the network, rep " + rep);

                String local = c.submit(0, NodeProcessFaultIT.matmulLoop(1024, 15));
                awaitPhase(c, 1, local, "online");
                Thread.sleep(1500); // inside the local products of the Beaver step (about a second each here)
                stopAndCheck(c, local, "(b) in a local matrix product, rep " + rep);

                String offline = c.submit(0, NodeProcessFaultIT.matmulLoop(1024, 15));
                awaitPhase(c, 1, offline, "offline");
                stopAndCheck(c, offline, "(c) in the offline phase, rep " + rep);
            }
            assertEquals("SUCCEEDED", c.awaitJob(0, c.submit(0, NodeProcessFaultIT.matmulLoop(8, 2)), Duration.ofSeconds(60))
                    .getString("state"), "the next job runs");
        }
    }

    @Test
    void aStoppedMemberIsNamedDuringTheDealerFreeOtPhase(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "30s", new String[2], false)) {
            c.quickJit = false; // long jobs: the deployed JIT
            c.startAllAndAwaitMesh();
            for (int rep = 0; rep < REPS; rep++) {
                String ot = c.submit(0, NodeProcessFaultIT.matmulLoop(128, 1));
                awaitPhase(c, 1, ot, "offline");
                Thread.sleep(300); // inside the oblivious transfers of the matrix triple (seconds of them)
                stopAndCheck(c, ot, "(d) in the dealer-free OT phase, rep " + rep);
            }
            assertEquals("SUCCEEDED", c.awaitJob(0, c.submit(0, NodeProcessFaultIT.matmulLoop(8, 2)), Duration.ofSeconds(60))
                    .getString("state"), "the next job runs");
        }
    }
}
