package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.consortia.mpc.node.audit.AuditLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * org-0's state directory is a small tmpfs that fills up while jobs run: the node fails or refuses the jobs it
 * cannot record (never serving a result whose outcome is not in its audit log), answers 503 on /v1/health and
 * says so in its metrics, recovers by itself when space returns, and starts again afterwards with files it can
 * open. Skipped, saying why, where a tmpfs cannot be mounted (not root, or no mount permission).
 */
class FullDiskIT {
    @Test
    void aFullStateDirectoryRefusesJobsAndRecoversWhenSpaceReturns(@TempDir Path dir) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state-org-0"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", state.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes()).strip();
        Assumptions.assumeTrue(mount.waitFor() == 0, "FullDiskIT skipped: cannot mount a tmpfs here (" + why + ")");
        try {
            run(dir, state);
        } finally {
            new ProcessBuilder("umount", "-l", state.toString()).inheritIO().start().waitFor();
        }
    }

    private void run(Path dir, Path state) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "5s")) {
            for (int i = 0; i < 2; i++) {
                Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + ",5\n");
            }
            c.startAll();
            for (int i = 0; i < 2; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            assertEquals("SUCCEEDED", c.awaitJob(0, c.submit(1, StateFileFaultIT.sum()), Duration.ofSeconds(60))
                    .getString("state"));

            Path filler = state.resolve("filler");
            fill(filler);
            boolean unwritable = false;
            for (int k = 0; k < 20 && !unwritable; k++) {
                String id;
                try {
                    id = c.submit(1, NodeProcessFaultIT.matmulLoop(8, 200, 0));
                } catch (AssertionError refusedAtOrg1) {
                    break; // org-1 could not even propose: org-0 is known to be down for jobs
                }
                JsonObject rec = c.awaitJob(0, id, Duration.ofSeconds(60));
                String st = rec.getString("state");
                if (st.equals("SUCCEEDED")) {
                    assertTrue(finished(state, id), "a result is served only after its outcome is in the audit log");
                } else if (st.equals("FAILED")) {
                    assertEquals("STATE_UNWRITABLE", rec.getJsonObject("error").getString("code"), rec.encode());
                    assertTrue(!rec.getBoolean("hasResult"), rec.encode());
                } else {
                    assertEquals("REFUSED", st, rec.encode());
                    assertTrue(rec.getString("refusal", "").contains("STATE_UNWRITABLE")
                            || rec.getString("refusal", "").contains("cannot write"), rec.encode());
                }
                unwritable = "503".equals(c.request(0, "GET", "/v1/health", null, LocalConsortium.TOKEN)[0]);
            }
            assertTrue(unwritable, "org-0 noticed its full disk");
            assertTrue(metrics(c).contains("mpc_state_writable{node=\"org-0\"} 0"), metrics(c));
            String[] r = c.request(0, "POST", "/v1/jobs", StateFileFaultIT.sum().encode(), LocalConsortium.TOKEN);
            assertEquals("503", r[0], r[1]);
            JsonObject refused = c.awaitJob(1, c.submit(1, StateFileFaultIT.sum()), Duration.ofSeconds(30));
            assertEquals("REFUSED", refused.getString("state"), refused.encode());
            assertTrue(refused.getString("refusal").contains("org-0 refuses: STATE_UNWRITABLE"), refused.encode());

            Files.delete(filler); // space returns
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"200".equals(c.request(0, "GET", "/v1/health", null, LocalConsortium.TOKEN)[0])) {
                assertTrue(System.nanoTime() < deadline, "org-0 did not recover by itself");
                Thread.sleep(100);
            }
            String id = c.submit(1, StateFileFaultIT.sum());
            assertEquals("SUCCEEDED", c.awaitJob(0, id, Duration.ofSeconds(60)).getString("state"));
            assertTrue(AuditLog.verify(state.resolve("audit.log"), c.memberCredential(0).certificate().getPublicKey()).ok());

            c.stop(0); // and it starts again on what it wrote
            c.start(0);
            c.awaitMesh(0, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", c.awaitJob(0, c.submit(1, StateFileFaultIT.sum()), Duration.ofSeconds(60))
                    .getString("state"));
            assertTrue(AuditLog.verify(state.resolve("audit.log"), c.memberCredential(0).certificate().getPublicKey()).ok());
        }
    }

    private static void fill(Path filler) {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left: what we wanted
        }
    }

    private static boolean finished(Path state, String id) throws Exception {
        List<JsonObject> records = AuditLog.verify(state.resolve("audit.log"), null).entries();
        return records.stream().anyMatch(r -> "job-finished".equals(r.getString("event"))
                && id.equals(r.getJsonObject("fields").getString("job")));
    }

    private static String metrics(LocalConsortium c) throws Exception {
        return c.request(0, "GET", "/v1/metrics", null, LocalConsortium.TOKEN)[1];
    }
}
