package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.client.ApiException;
import org.consortia.mpc.client.Job;
import org.consortia.mpc.client.JobError;
import org.consortia.mpc.client.JobSpec;
import org.consortia.mpc.client.MpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-alone Java client (clients/java, {@code org.consortia.mpc:mpc-client}: the JDK's HTTP client and Jackson)
 * against real node processes: a coordinator submits a secure sum with the submitter's token, waits for it and a
 * reader fetches the result at the recipient's node; a job that fails reads as code, phase and party; a long job is
 * cancelled on every node; refusals are {@link ApiException}s with the node's status.
 */
class JavaClientIT {

    @Test
    void aCoordinatorRunsASecureSumWithTheStandAloneClient(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 3, "10s")) {
            for (int i = 0; i < 3; i++) {
                Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + "," + (i * 10) + ",-" + i + "\n");
                Files.writeString(c.dataDir(i).resolve("short.csv"), i == 1 ? "1,2\n" : "1,2,3\n");
            }
            c.startAllAndAwaitMesh();
            Path ca = dir.resolve("ca.crt");
            MpcClient submitter = MpcClient.builder(c.api(1)).token(LocalConsortium.SUBMITTER_TOKEN).caCertificate(ca)
                    .pollInterval(Duration.ofMillis(50)).build();
            MpcClient reader0 = MpcClient.connect(c.api(0), LocalConsortium.READER_TOKEN, ca);

            // a secure sum proposed at org-1, its result at org-0
            String id = submitter.submit(JobSpec.of("secure-sum", "input", "vec.csv", "length", "3", "resultParty", "0"));
            List<Job> seen = new ArrayList<>();
            Job done = submitter.await(id, Duration.ofSeconds(90), seen::add);
            assertEquals(Job.State.SUCCEEDED, done.state(), done + "\n" + c.log(1));
            assertEquals("secure-sum", done.analysis());
            assertEquals("vec.csv", done.spec().params().get("input"));
            assertEquals(List.of("org-0"), done.recipients());
            assertEquals(1, done.initiator());
            assertTrue(done.finished() != null && !done.finished().isBefore(done.started()), done.toString());
            assertTrue(done.bytesSent() != null && done.bytesSent() > 0, done.toString());
            assertTrue(seen.get(seen.size() - 1).ended() && seen.size() >= 2, "state changes seen: " + seen);
            double[] sum = reader0.result(id);
            assertArrayEquals(new double[] {6.0, 30.0, -3.0}, sum, 1e-3, "1+2+3, 0+10+20, 0-1-2");
            Job atRecipient = reader0.job(id);
            assertEquals(done.specSha256(), atRecipient.specSha256(), "every node ran the same spec");
            assertTrue(atRecipient.hasResult());
            assertTrue(reader0.jobs().stream().anyMatch(j -> j.id().equals(id) && j.succeeded()));

            // refusals: a non-recipient's node, the submitter role reading results, an unknown job, a wrong token
            ApiException notRecipient = assertThrows(ApiException.class,
                    () -> MpcClient.connect(c.api(2), LocalConsortium.READER_TOKEN, ca).result(id));
            assertEquals(403, notRecipient.status());
            assertTrue(notRecipient.getMessage().contains("is not a result recipient"), notRecipient.getMessage());
            assertEquals(404, assertThrows(ApiException.class, () -> reader0.job("no-such-job")).status());
            ApiException wrongToken = assertThrows(ApiException.class,
                    () -> MpcClient.connect(c.api(0), "not-a-token-0123456789", ca).jobs());
            assertEquals(401, wrongToken.status());
            assertFalse(submitter.toString().contains(LocalConsortium.SUBMITTER_TOKEN), submitter.toString());
            // the system's CAs do not trust the consortium's: the handshake fails
            MpcClient systemCas = MpcClient.connect(c.api(0), LocalConsortium.READER_TOKEN, null);
            java.io.IOException tls = assertThrows(java.io.IOException.class, systemCas::jobs);
            assertFalse(tls instanceof ApiException, tls.toString());

            // a job that fails: org-1's input is short; every client sees code, phase and party
            String bad = submitter.submit(JobSpec.of("secure-sum", "input", "short.csv", "length", "3", "resultParty", "0"));
            Job failed = submitter.await(bad, Duration.ofSeconds(90));
            assertEquals(Job.State.FAILED, failed.state(), failed.toString());
            JobError e = failed.failure().orElseThrow();
            assertEquals("INPUT_INVALID", e.code(), failed.toString());
            assertEquals("org-1", e.party(), failed.toString());
            assertFalse(e.phase().isEmpty(), failed.toString());
            assertEquals(null, failed.detail(), "the local detail is for the node's admins only");

            // a long job, cancelled through the client, ends CANCELLED on every node
            String slow = submitter.submit(JobSpec.of("matmul-loop", "size", "8", "iterations", "50000", "resultParty", "0"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (submitter.job(slow).state() != Job.State.RUNNING) {
                assertTrue(System.nanoTime() < deadline, "the long job never started");
                Thread.sleep(50);
            }
            submitter.cancel(slow);
            assertEquals(Job.State.CANCELLED, submitter.await(slow, Duration.ofSeconds(30)).state());
            for (int i = 0; i < 3; i++) {
                Job there = MpcClient.connect(c.api(i), LocalConsortium.READER_TOKEN, ca).await(slow, Duration.ofSeconds(30));
                assertTrue(there.state() == Job.State.CANCELLED || there.state() == Job.State.FAILED, there.toString());
            }
        }
    }
}
