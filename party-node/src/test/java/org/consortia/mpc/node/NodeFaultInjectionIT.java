package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.consortia.mpc.node.analysis.MatmulLoopJob;
import org.consortia.mpc.node.audit.AuditLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.vertx.core.json.JsonObject;

/**
 * Faults an operator meets, injected into three real node processes and a dealer (round timeout 3 s, connect
 * timeout 5 s): a member that is down, never votes, or accepts and never starts; out-of-range parameters; SIGTERM
 * and SIGKILL during the online phase. After each: the nodes' records say what happened, every audit chain
 * verifies, and the next job succeeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeFaultInjectionIT {
    static final Duration ROUND = Duration.ofSeconds(3);
    static final Duration CONNECT = Duration.ofSeconds(5);
    Path dir;
    LocalConsortium c;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("mpc-faults");
        c = new LocalConsortium(dir, 3, ROUND.toSeconds() + "s");
        c.connectTimeout(CONNECT.toSeconds() + "s"); // what a silent member's vote waits for
        for (int i = 0; i < 3; i++) {
            Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + ",2,3\n");
        }
        c.start(0);
        c.start(1);
        c.start(3); // the dealer; org-2 stays down for now
    }

    @AfterAll
    void stop() throws Exception {
        c.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static JsonObject sum() {
        return new JsonObject().put("analysis", "secure-sum").put("params", new JsonObject().put("input", "vec.csv")
                .put("length", "3").put("resultParty", "0"));
    }

    /** A secure sum proposed at org-0 succeeds on every node; checks every audit chain. */
    void nextJobSucceeds() throws Exception {
        for (int i = 0; i < 3; i++) {
            c.awaitMesh(i, Duration.ofSeconds(60));
        }
        String id = c.submit(0, sum());
        for (int i = 0; i < 3; i++) {
            JsonObject rec = c.awaitJob(i, id, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", rec.getString("state"), rec.encode() + "\n" + c.log(i));
        }
        assertEquals(6.0, c.awaitJob(0, id, Duration.ofSeconds(5)).getJsonArray("result").getDouble(0), 1e-3);
        auditChainsVerify();
    }

    void auditChainsVerify() throws Exception {
        for (int i = 0; i <= 3; i++) {
            Path log = c.stateDir(i).resolve("audit.log");
            if (Files.exists(log)) {
                AuditLog.Verification v = AuditLog.verify(log, c.memberCredential(i).certificate().getPublicKey());
                assertTrue(v.ok(), c.name(i) + ": " + v.problem());
            }
        }
    }

    static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    @Order(1)
    void healthAnswersInMillisecondsAndAJobIsRefusedAtOnceWhileAMemberIsDown() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                JsonObject h = c.get(0, "/v1/health");
                if (h.getJsonArray("peers").stream().anyMatch(p -> ((JsonObject) p).getString("name").equals("org-1")
                        && ((JsonObject) p).getBoolean("connected")) && h.getBoolean("dealerReachable")) {
                    break;
                }
            } catch (java.io.IOException notYet) {
                // the API is not up yet
            }
            assertTrue(System.nanoTime() < deadline, "org-0 never connected to org-1 and the dealer");
            Thread.sleep(100);
        }
        long worst = 0;
        for (int k = 0; k < 20; k++) {
            long t0 = System.nanoTime();
            String[] h = c.request(0, "GET", "/v1/health", null, LocalConsortium.TOKEN);
            worst = Math.max(worst, millis(t0));
            assertEquals("503", h[0], "not ready while a member is down");
            JsonObject body = new JsonObject(h[1]);
            assertFalse(body.getBoolean("ready"));
            assertTrue(body.getJsonArray("problems").contains("PEER_DOWN:org-2"), h[1]);
        }
        System.out.println("NodeFaultInjectionIT: slowest /v1/health of 20 with org-2 down: " + worst + " ms");
        assertTrue(worst < 100, "health took " + worst + " ms");
        long t0 = System.nanoTime();
        String[] r = c.request(0, "POST", "/v1/jobs", sum().encode(), LocalConsortium.TOKEN);
        long submitMs = millis(t0);
        assertEquals("503", r[0], r[1]);
        assertTrue(r[1].contains("org-2 is not connected"), r[1]);
        assertTrue(submitMs < 1000, "refused after " + submitMs + " ms");
        t0 = System.nanoTime();
        assertEquals("200", c.request(0, "GET", "/v1/metrics", null, LocalConsortium.TOKEN)[0]);
        assertEquals("200", c.request(0, "GET", "/v1/jobs", null, LocalConsortium.TOKEN)[0]);
        assertTrue(millis(t0) < 200, "metrics and job list took " + millis(t0) + " ms");
    }

    @Test
    @Order(2)
    void aMemberThatNeverVotesIsNamedInTheRefusal() throws Exception {
        try (FakeMember fake = new FakeMember(dir, 2, "org-2", FakeMember.Behaviour.SILENT)) {
            c.awaitMesh(0, Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            String id = c.submit(0, sum());
            assertTrue(millis(t0) < 1000, "submission returned after " + millis(t0) + " ms");
            JsonObject rec = c.awaitJob(0, id, Duration.ofSeconds(20));
            assertEquals("REFUSED", rec.getString("state"), rec.encode());
            assertTrue(rec.getString("refusal").contains("org-2 did not vote within the connect timeout"), rec.encode());
            JsonObject at1 = c.awaitJob(1, id, Duration.ofSeconds(5));
            assertEquals("REFUSED", at1.getString("state"), at1.encode());
        }
    }

    @Test
    @Order(3)
    void aPartyThatAcceptsButNeverStartsFailsTheJobEverywhereNamingIt() throws Exception {
        try (FakeMember fake = new FakeMember(dir, 2, "org-2", FakeMember.Behaviour.ACCEPT_AND_NEVER_START)) {
            c.awaitMesh(0, Duration.ofSeconds(30));
            c.awaitMesh(1, Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            String id = c.submit(0, sum());
            for (int i = 0; i < 2; i++) {
                JsonObject rec = c.awaitJob(i, id, ROUND.multipliedBy(3));
                assertEquals("FAILED", rec.getString("state"), rec.encode());
                assertEquals(new JsonObject().put("code", "TIMEOUT").put("phase", "start").put("party", "org-2"),
                        rec.getJsonObject("error"), rec.encode());
            }
            System.out.println("NodeFaultInjectionIT: job with a party that never starts failed everywhere after "
                    + millis(t0) + " ms (round timeout " + ROUND.toMillis() + " ms)");
        }
        c.start(2);
        nextJobSucceeds();
    }

    @Test
    @Order(4)
    void oversizedAndNegativeParametersAreRefusedBeforeAnyAllocation() throws Exception {
        Object[][] cases = {
            {"matmul-loop", "size", "100000"}, {"matmul-loop", "size", "-5"}, {"matmul-loop", "iterations", "0"},
            {"secure-sum", "length", "-1"}, {"secure-sum", "length", "999999999999"}};
        for (Object[] k : cases) {
            JsonObject params = k[0].equals("secure-sum") ? new JsonObject().put("input", "vec.csv").put("length", "3")
                    : new JsonObject().put("size", "8");
            params.put((String) k[1], k[2]);
            String[] r = c.request(0, "POST", "/v1/jobs", new JsonObject().put("analysis", k[0]).put("params", params).encode(),
                    LocalConsortium.TOKEN);
            assertEquals("400", r[0], k[1] + "=" + k[2] + ": " + r[1]);
            assertEquals(k[1], new JsonObject(r[1]).getString("field"), r[1]);
        }
        nextJobSucceeds();
    }

    @Test
    @Order(5)
    void sigtermDuringTheOnlinePhaseFailsTheJobEverywhereWithNodeStopped() throws Exception {
        String id = c.submit(0, NodeProcessFaultIT.matmulLoop(8, 50_000));
        awaitOnline(id);
        long worst = 0;
        for (int k = 0; k < 20; k++) { // the API under load: a job online on every node of this 2-core machine
            long t0 = System.nanoTime();
            assertEquals("200", c.request(0, "GET", "/v1/health", null, LocalConsortium.TOKEN)[0]);
            assertEquals("200", c.request(0, "GET", "/v1/jobs/" + id, null, LocalConsortium.TOKEN)[0]);
            worst = Math.max(worst, millis(t0));
        }
        System.out.println("NodeFaultInjectionIT: slowest health + job read of 20 during an online job: " + worst + " ms");
        assertTrue(worst < 500, "health and a job read took " + worst + " ms under load");
        int status = c.stop(2);
        assertTrue(status == 143 || status == 0, "exit status after SIGTERM: " + status); // 143 = 128 + SIGTERM
        for (int i = 0; i < 2; i++) {
            JsonObject rec = c.awaitJob(i, id, Duration.ofSeconds(10));
            assertEquals("FAILED", rec.getString("state"), rec.encode() + "\n" + tail(c.log(i)) + "\n---- org-2:\n" + tail(c.log(2)));
            assertEquals(new JsonObject().put("code", "NODE_STOPPED").put("phase", "online").put("party", "org-2"),
                    rec.getJsonObject("error"), rec.encode());
        }
        JsonObject stored = lastRecord(c.stateDir(2).resolve("jobs.jsonl"), id);
        assertEquals("FAILED", stored.getString("state"), stored.encode() + "\n---- org-2:\n" + tail(c.log(2)));
        assertEquals("NODE_STOPPED", stored.getJsonObject("error").getString("code"), stored.encode());
        assertTrue(finishedIn(c.stateDir(2), id), "org-2 wrote the outcome before it exited");
        c.start(2);
        nextJobSucceeds();
        assertEquals("NODE_STOPPED", c.awaitJob(2, id, Duration.ofSeconds(5)).getJsonObject("error").getString("code"));
    }

    @Test
    @Order(6)
    void aCrashDuringTheOnlinePhaseIsRecordedTruthfullyAtRestart() throws Exception {
        String id = c.submit(0, NodeProcessFaultIT.matmulLoop(8, 50_000));
        awaitOnline(id);
        c.processes[1].destroyForcibly(); // SIGKILL: no shutdown hook runs
        c.processes[1].waitFor();
        assertTrue(!finishedIn(c.stateDir(1), id), "a killed node wrote no outcome");
        c.start(1);
        c.awaitMesh(1, Duration.ofSeconds(60));
        JsonObject rec = c.awaitJob(1, id, Duration.ofSeconds(5));
        assertEquals("FAILED", rec.getString("state"), rec.encode());
        assertEquals(new JsonObject().put("code", "NODE_STOPPED").put("phase", "online").put("party", "org-1"),
                rec.getJsonObject("error"), "the phase it was really in: " + rec.encode());
        assertTrue(finishedIn(c.stateDir(1), id), "the restart wrote the missing outcome");
        for (int i : new int[] {0, 2}) {
            JsonObject other = c.awaitJob(i, id, Duration.ofSeconds(10));
            assertEquals("FAILED", other.getString("state"), other.encode());
            assertEquals("org-1", other.getJsonObject("error").getString("party"), other.encode());
        }
        nextJobSucceeds();
        assertEquals(MatmulLoopJob.reference(8, 2), c.awaitJob(0, c.submit(0, NodeProcessFaultIT.matmulLoop(8, 2)),
                Duration.ofSeconds(30)).getJsonArray("result").getDouble(0), 0.05);
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }

    private void awaitOnline(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int i = 0; i < 3; i++) {
            while (!"online".equals(c.get(i, "/v1/jobs/" + id).getString("phase"))) {
                assertTrue(System.nanoTime() < deadline, "the job never went online at org-" + i);
                Thread.sleep(20);
            }
        }
        Thread.sleep(200);
    }

    static JsonObject lastRecord(Path jobs, String id) throws Exception {
        List<String> lines = Files.readAllLines(jobs);
        for (int k = lines.size() - 1; k >= 0; k--) {
            JsonObject o = new JsonObject(lines.get(k));
            if (id.equals(o.getString("id"))) {
                return o;
            }
        }
        throw new AssertionError("no record of job " + id + " in " + jobs);
    }

    static boolean finishedIn(Path stateDir, String id) throws Exception {
        return AuditLog.verify(stateDir.resolve("audit.log"), null).entries().stream().anyMatch(r ->
                "job-finished".equals(r.getString("event")) && id.equals(r.getJsonObject("fields").getString("job")));
    }
}
