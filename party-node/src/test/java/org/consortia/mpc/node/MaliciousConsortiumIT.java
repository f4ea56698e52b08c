package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.consortia.mpc.node.jobs.JobExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * Malicious mode between real node processes (two members and the dealer, mutual TLS): LeNet inference with
 * {@code security: malicious} gives the plaintext result within 1e-3, as semi-honest mode does (and a secure sum its exact
 * sum); then org-1 restarts
 * as a cheater (its node adds an error to one share of one product: {@link JobExecutor#FAULT_PROPERTY}) and the same
 * job fails at both members with CHECK_FAILED, naming the phase, with no result anywhere and the failure audited; a
 * semi-honest job right after still succeeds. The same LeNet job with {@code comparisons: fss} (the dealer's authenticated
 * comparison keys) is as accurate.
 */
class MaliciousConsortiumIT {
    @Test
    void aCheatingMemberIsCaughtAndHonestRunsMatchThePlaintext(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "20s")) {
            c.quickJit = false; // long jobs: the deployed JIT
            long seed = 20261206L;
            System.out.println("MaliciousConsortiumIT seed " + seed);
            LenetImageJob lenet = LenetImageJob.write(c, seed);
            c.startAllAndAwaitMesh();
            JsonObject spec = LenetImageJob.spec();
            spec.getJsonObject("params").put("security", "malicious");
            String honest = c.submit(0, spec);
            JsonObject done = c.awaitJob(1, honest, Duration.ofSeconds(180));
            double worst = lenet.worstError(done, c.log(0) + "\n" + c.log(1));
            double semi = lenet.worstError(c.awaitJob(1, c.submit(0, LenetImageJob.spec()), Duration.ofSeconds(120)),
                    c.log(1));
            System.out.printf("LeNet, one image, 2 node processes and a dealer: max |secure - plaintext| = %.2e malicious, "
                    + "%.2e semi-honest%n", worst, semi);
            assertTrue(worst < 1e-3, "max error " + worst);
            assertTrue(semi < 1e-3, "max error " + semi);
            JsonObject fss = LenetImageJob.spec();
            fss.getJsonObject("params").put("security", "malicious").put("comparisons", "fss");
            double fssWorst = lenet.worstError(c.awaitJob(1, c.submit(0, fss), Duration.ofSeconds(180)), c.log(1));
            System.out.printf("the same with authenticated FSS comparisons: max |secure - plaintext| = %.2e%n", fssWorst);
            assertTrue(fssWorst < 1e-3, "max error " + fssWorst);
            assertTrue(c.log(0).contains("comparisons by authenticated FSS keys"), c.log(0));
            // a secure sum in malicious mode, voted on and run by the node processes with the dealer's authenticated material
            Files.writeString(c.dataDir(0).resolve("vec.csv"), "1.5,-2,3.25\n");
            Files.writeString(c.dataDir(1).resolve("vec.csv"), "0.5,4,-1\n");
            String sum = c.submit(0, new JsonObject().put("analysis", "secure-sum").put("params", new JsonObject()
                    .put("input", "vec.csv").put("length", "3").put("resultParty", "0").put("security", "malicious")));
            JsonObject sumDone = c.awaitJob(0, sum, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", sumDone.getString("state"), sumDone.encode() + "\n" + c.log(0));
            assertEquals(List.of(2.0, 2.0, 2.25), sumDone.getJsonArray("result").getList().stream()
                    .map(x -> Math.round(((Number) x).doubleValue() * 1000) / 1000.0).toList());

            c.stop(1);
            c.jvmOptions(1, "-D" + JobExecutor.FAULT_PROPERTY + "=PRODUCT:7");
            c.start(1);
            c.awaitMesh(0, Duration.ofSeconds(60));
            c.awaitMesh(1, Duration.ofSeconds(60));
            String cheated = c.submit(0, spec);
            for (int member = 0; member < 2; member++) {
                JsonObject rec = c.awaitJob(member, cheated, Duration.ofSeconds(180));
                assertEquals("FAILED", rec.getString("state"), rec.encode() + "\n" + c.log(member));
                JsonObject error = rec.getJsonObject("error");
                assertEquals("CHECK_FAILED", error.getString("code"), rec.encode());
                assertTrue(error.getString("phase").startsWith("online: "), rec.encode());
                assertFalse(rec.getBoolean("hasResult"), rec.encode());
                System.out.println("cheated job at org-" + member + ": " + error.encode());
            }
            String audit = Files.readString(c.stateDir(0).resolve("audit.log"));
            assertTrue(audit.contains("\"code\":\"CHECK_FAILED\""), "org-0's audit records the failed check");
            assertTrue(c.log(1).contains("this node deviates from the protocol"), c.log(1));
            String next = c.submit(0, LenetImageJob.spec());
            assertTrue(lenet.worstError(c.awaitJob(1, next, Duration.ofSeconds(120)), c.log(1)) < 1e-3,
                    "the nodes serve the next job");
        }
    }
}
