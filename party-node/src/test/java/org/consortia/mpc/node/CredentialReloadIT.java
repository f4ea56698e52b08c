package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.vertx.core.json.JsonObject;
import org.consortia.mpc.runtime.tls.Pki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP makes a running node take new trust material without a restart: org-0's operator lists org-1's certificate
 * as revoked in the consortium file and signals org-0, which closes org-1's connection and refuses its return
 * (health names it); lifting the revocation and signalling again lets org-1 back, and the next job runs.
 */
class CredentialReloadIT {
    @Test
    void aRevocationTakesEffectOnSighupWithoutARestart(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "10s")) {
            c.startAll();
            c.awaitMesh(0, Duration.ofSeconds(60));
            Path consortium = dir.resolve("consortium.yaml");
            String original = Files.readString(consortium);
            String serial = Pki.readCertificate(dir.resolve("org-1.crt")).getSerialNumber().toString(16);
            Files.writeString(consortium, original + "revoked: [\"" + serial + "\"]\n");
            hangup(c, 0);
            awaitHealth(c, h -> h.getJsonArray("problems").contains("PEER_DOWN:org-1"), "org-0 to drop the revoked org-1");
            Thread.sleep(2500); // org-1 keeps dialling (backoff up to 2 s) and is refused
            JsonObject h = c.get(0, "/v1/health");
            assertTrue(h.getJsonArray("problems").contains("PEER_DOWN:org-1"), h.encode());
            assertTrue(h.getJsonArray("securityEvents").encode().contains("revoked"), h.encode());
            String log = Files.readString(dir.resolve("org-0.log"));
            assertTrue(log.contains("credentials reloaded") && log.contains("1 revoked serial"), log);

            Files.writeString(consortium, original);
            hangup(c, 0);
            c.awaitMesh(0, Duration.ofSeconds(30));
            String id = c.submit(0, NodeProcessFaultIT.matmulLoop(4, 2));
            assertEquals("SUCCEEDED", c.awaitJob(0, id, Duration.ofSeconds(60)).getString("state"));
        }
    }

    private static void hangup(LocalConsortium c, int i) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(c.processes[i].pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    private static void awaitHealth(LocalConsortium c, java.util.function.Predicate<JsonObject> ok, String what)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject h = null;
        while (System.nanoTime() < end) {
            h = c.get(0, "/v1/health");
            if (ok.test(h)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + ": " + h);
    }
}
