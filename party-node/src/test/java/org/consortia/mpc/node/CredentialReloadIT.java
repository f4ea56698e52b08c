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
 * (health names it); lifting the revocation and signalling again lets org-1 back, and the next job runs; a new key is
 * refused on reload (the audit log signs with the node's key), and a renewed certificate for the same key, signalled,
 * is what the job API presents next while the peers stay connected. The API clients file is reloaded too: a wrong one
 * is refused and the clients stay, a client removed from it is refused (401) at once.
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
            Thread.sleep(1500); // org-1 keeps dialling (backoff up to 1 s) and is refused
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

            // a new key is refused on reload (the audit log signs with the node's key): the node keeps its credentials
            String oldKey = Files.readString(dir.resolve("org-0.key"));
            String oldCrt = Files.readString(dir.resolve("org-0.crt"));
            Pki.Credential rekeyed = Pki.issue(c.ca, "org-0", Pki.DEFAULT_VALIDITY);
            Pki.writePrivateKey(rekeyed.keys().getPrivate(), dir.resolve("org-0.key"));
            Pki.writeCertificate(rekeyed.certificate(), dir.resolve("org-0.crt"));
            hangup(c, 0);
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.readString(dir.resolve("org-0.log")).contains("a new key needs a restart")) {
                assertTrue(System.nanoTime() < until, "no refusal of the new key in the log");
                Thread.sleep(200);
            }
            Files.writeString(dir.resolve("org-0.key"), oldKey);
            Files.writeString(dir.resolve("org-0.crt"), oldCrt);
            // a renewed certificate for the same key: after SIGHUP the job API presents it, peers stay connected
            java.security.cert.X509Certificate current = Pki.readCertificate(dir.resolve("org-0.crt"));
            java.security.cert.X509Certificate renewed = Pki.certify(c.ca, "org-0", current.getPublicKey(), Pki.DEFAULT_VALIDITY);
            Files.delete(dir.resolve("org-0.crt"));
            Pki.writeCertificate(renewed, dir.resolve("org-0.crt"));
            hangup(c, 0);
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!apiCertificate(c.api(0)).getSerialNumber().equals(renewed.getSerialNumber())) {
                assertTrue(System.nanoTime() < end, "the API never presented the renewed certificate");
                Thread.sleep(200);
            }
            c.awaitMesh(0, Duration.ofSeconds(30));
            String again = c.submit(0, NodeProcessFaultIT.matmulLoop(4, 2));
            assertEquals("SUCCEEDED", c.awaitJob(0, again, Duration.ofSeconds(60)).getString("state"));

            // the API clients file: a wrong one is refused (one WARN line naming file and field) and the clients stay;
            // a client removed from it gets 401 after SIGHUP, without a restart
            Path clients = dir.resolve("clients.yaml");
            String listed = Files.readString(clients);
            assertEquals("200", c.request(0, "GET", "/v1/jobs", null, LocalConsortium.SUBMITTER_TOKEN)[0]);
            Files.writeString(clients, listed.replace("tokenSha256: " + LocalConsortium.sha(LocalConsortium.SUBMITTER_TOKEN),
                    "tokenSha256: 3f7a"));
            String refused = awaitLogLine(c, 0, "API clients reload refused, keeping the current clients");
            assertTrue(refused.contains("WARN") && refused.contains(clients.getFileName() + ": clients[1].tokenSha256: found "
                    + "not 64 hex digits"), refused);
            assertEquals("200", c.request(0, "GET", "/v1/jobs", null, LocalConsortium.SUBMITTER_TOKEN)[0]);
            Files.writeString(clients, listed.lines().filter(l -> !l.contains("name: submitter"))
                    .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
            awaitLogLine(c, 0, "API clients reloaded from");
            assertEquals("401", c.request(0, "GET", "/v1/jobs", null, LocalConsortium.SUBMITTER_TOKEN)[0]);
            assertEquals("200", c.request(0, "GET", "/v1/jobs", null, LocalConsortium.READER_TOKEN)[0]);
        }
    }

    /**
     * A policy edit and SIGHUP change the next vote without failing a running job (issue 27): org-1 stops allowing
     * secure-sum while a load job runs; the running job succeeds, the next secure-sum is refused by org-1 naming the
     * rule; a wrong policy file is refused in one WARN line and the current policy stays.
     */
    @Test
    void aPolicyEditAndSighupChangeTheNextVote(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "10s")) {
            for (int i = 0; i < 2; i++) {
                Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + ",5\n");
            }
            c.startAllAndAwaitMesh();
            String running = c.submit(0, NodeProcessFaultIT.matmulLoop(64, 400));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"online".equals(c.get(1, "/v1/jobs/" + running).getString("phase"))) {
                assertTrue(System.nanoTime() < deadline, "the load job never went online");
                Thread.sleep(20);
            }
            Path policy = dir.resolve("org-1-policy.yaml");
            String open = Files.readString(policy);
            Files.writeString(policy, open.replace("analyses: any", "analyses: [matmul-loop]"));
            String line = awaitLogLine(c, 1, "policy reloaded from");
            assertTrue(line.contains("org-1-policy.yaml"), line);
            JsonObject refused = c.awaitJob(0, c.submit(0, StateFileFaultIT.sum()), Duration.ofSeconds(30));
            assertEquals("REFUSED", refused.getString("state"), refused.encode());
            assertTrue(refused.getString("refusal").contains("org-1 refuses: rule 'analyses' does not include secure-sum"),
                    refused.encode());
            assertEquals("SUCCEEDED", c.awaitJob(0, running, Duration.ofSeconds(120)).getString("state"),
                    "the running job kept its verdict");

            Files.writeString(policy, open.replace("analyses: any", "analyses: [matmul-loop]\nminrows: 3"));
            String warn = awaitLogLine(c, 1, "policy reload refused, keeping the current policy");
            assertTrue(warn.contains("WARN") && warn.contains("minrows"), warn);
            assertEquals("REFUSED", c.awaitJob(0, c.submit(0, StateFileFaultIT.sum()), Duration.ofSeconds(30))
                    .getString("state"), "the current policy stayed");
            Files.writeString(policy, open);
            awaitLogLine(c, 1, "policy reloaded from");
            String id = c.submit(0, StateFileFaultIT.sum());
            assertEquals("SUCCEEDED", c.awaitJob(0, id, Duration.ofSeconds(30)).getString("state"));
        }
    }

    /** Sends SIGHUP to node {@code i} and waits for a new log line containing {@code text}; returns that line. */
    private static String awaitLogLine(LocalConsortium c, int i, String text) throws Exception {
        long before = c.log(i).lines().filter(l -> l.contains(text)).count();
        hangup(c, i);
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            java.util.List<String> lines = c.log(i).lines().filter(l -> l.contains(text)).toList();
            if (lines.size() > before) {
                return lines.get(lines.size() - 1);
            }
            assertTrue(System.nanoTime() < end, "no new log line '" + text + "' after SIGHUP:\n" + c.log(i));
            Thread.sleep(200);
        }
    }

    /** The certificate the API at {@code url} presents (read only; nothing is sent). */
    private static java.security.cert.X509Certificate apiCertificate(String url) throws Exception {
        java.net.URI u = java.net.URI.create(url);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket(u.getHost(), u.getPort())) {
            s.startHandshake();
            return (java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0];
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
