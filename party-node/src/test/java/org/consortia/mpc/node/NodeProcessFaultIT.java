package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.consortia.mpc.node.analysis.MatmulLoopJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/** Separate node processes: a party killed mid-job, the others abort in time and serve the next job; it rejoins. */
class NodeProcessFaultIT {
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(4);

    static JsonObject matmulLoop(int size, int iterations) {
        return matmulLoop(size, iterations, 0);
    }

    static JsonObject matmulLoop(int size, int iterations, int resultParty) {
        return new JsonObject().put("analysis", "matmul-loop").put("params", new JsonObject().put("size", String.valueOf(size))
                .put("iterations", String.valueOf(iterations)).put("resultParty", String.valueOf(resultParty)));
    }

    @Test
    void killedPartyAbortsTheJobEverywhereAndARestartedNodeRejoins(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 3, ROUND_TIMEOUT.toSeconds() + "s")) {
            c.startAll();
            for (int i = 0; i < 3; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            // a healthy job first
            String warm = c.submit(0, matmulLoop(16, 3, 2));
            JsonObject ok = c.awaitJob(2, warm, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", ok.getString("state"), ok.encode());
            assertEquals(MatmulLoopJob.reference(16, 3), ok.getJsonArray("result").getDouble(0), 0.05);

            // a long job; kill org-2 once the job is online everywhere
            String id = c.submit(0, matmulLoop(8, 20_000));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"online".equals(c.get(1, "/v1/jobs/" + id).getString("phase"))
                    || !"online".equals(c.get(0, "/v1/jobs/" + id).getString("phase"))) {
                assertTrue(System.nanoTime() < deadline, "the job never went online");
                Thread.sleep(20);
            }
            Thread.sleep(300);
            long killed = System.nanoTime();
            c.processes[2].destroyForcibly();
            for (int survivor : new int[] {0, 1}) {
                JsonObject rec = c.awaitJob(survivor, id, ROUND_TIMEOUT.plusSeconds(1));
                long ms = (System.nanoTime() - killed) / 1_000_000;
                assertEquals("FAILED", rec.getString("state"));
                JsonObject error = rec.getJsonObject("error");
                // either this survivor saw the connection drop itself, or the other survivor's abort (which names it) came first
                assertEquals(new JsonObject().put("code", "PEER_LOST").put("phase", "online").put("party", "org-2"), error,
                        rec.encode() + "\n" + c.log(survivor));
                assertTrue(ms <= ROUND_TIMEOUT.toMillis() + 1000, "aborted after " + ms + " ms");
            }

            // the survivors keep running; org-2 restarts and rejoins; the next job succeeds everywhere
            c.processes[2].waitFor();
            c.start(2);
            for (int i = 0; i < 3; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            String next = c.submit(1, matmulLoop(16, 3, 1));
            for (int i = 0; i < 3; i++) {
                JsonObject rec = c.awaitJob(i, next, Duration.ofSeconds(60));
                assertEquals("SUCCEEDED", rec.getString("state"), rec.encode() + "\n" + c.log(i));
                assertEquals(i == 1, rec.getBoolean("hasResult"), rec.encode());
            }
            assertEquals(MatmulLoopJob.reference(16, 3), c.awaitJob(1, next, Duration.ofSeconds(5)).getJsonArray("result")
                    .getDouble(0), 0.05);
        }
    }
}
