package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.node.analysis.MatmulLoopJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * The coordinator API against three real node processes and a dealer: liveness without credentials, credentials,
 * malformed specs, policy refusals that name the rule (409 at the node whose own policy refuses), results only at
 * recipients, 20 concurrent jobs, the job listing (newest first, by state, in pages), cancellation everywhere,
 * durability across a restart, and the audit chains.
 */
class CoordinatorApiIT {
    static final String ORG1_POLICY = """
            analyses: [secure-sum, matmul-loop]
            datasets:
              - {name: vec, analyses: [secure-sum], minRows: 3}
            resultRecipients: [org-0]
            maxConcurrentJobs: 30
            loadGenerator: true
            """;

    static JsonObject sum(String resultParty, String min) {
        return new JsonObject().put("analysis", "secure-sum").put("params", new JsonObject().put("input", "vec.csv")
                .put("length", "3").put("resultParty", resultParty).put("minContributors", min));
    }

    @Test
    void apiPoliciesResultsConcurrencyCancelAndRestart(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 3, "8s", new String[] {null, ORG1_POLICY, null})) {
            for (int i = 0; i < 3; i++) {
                Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + "," + (i * 10) + ",-" + i + "\n");
            }
            c.startAll();
            for (int i = 0; i < 3; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            // liveness: no token needed, and it says nothing but that the node answers
            for (String token : new String[] {null, "wrong-token-wrong-token", LocalConsortium.TOKEN}) {
                String[] live = c.request(0, "GET", "/livez", null, token);
                assertEquals("200", live[0], live[1]);
                assertEquals(new JsonObject().put("live", true), new JsonObject(live[1]));
            }
            assertEquals("401", c.request(0, "GET", "/v1/health", null, null)[0], "readiness stays authenticated");
            // credentials
            assertEquals("401", c.request(0, "GET", "/v1/jobs", null, null)[0]);
            assertEquals("401", c.request(0, "GET", "/v1/jobs", null, "wrong-token-wrong-token")[0]);
            assertEquals("200", c.requestWithCertificate(0, "GET", "/v1/jobs", c.clientCert)[0], "an allow-listed client certificate");
            // malformed spec: 400 naming the field
            String[] bad = c.request(0, "POST", "/v1/jobs", "{\"params\": {}}", LocalConsortium.TOKEN);
            assertEquals("400", bad[0]);
            assertTrue(bad[1].contains("field 'analysis' is missing"), bad[1]);
            String[] notJson = c.request(0, "POST", "/v1/jobs", "{not json", LocalConsortium.TOKEN);
            assertEquals("400", notJson[0]);
            // org-1's policy: results of its data only to org-0
            String refused = c.submit(0, sum("2", "3"));
            JsonObject r = c.awaitJob(0, refused, Duration.ofSeconds(30));
            assertEquals("REFUSED", r.getString("state"));
            assertTrue(r.getString("refusal").contains("org-1 refuses: rule 'resultRecipients' does not include org-2"), r.encode());
            // the same job proposed to org-1: its own policy refuses at once, 409 naming the rule, nothing recorded
            int org1Jobs = new JsonObject(c.request(1, "GET", "/v1/jobs", null, LocalConsortium.TOKEN)[1]).getInteger("total");
            String[] own = c.request(1, "POST", "/v1/jobs", sum("2", "3").encode(), LocalConsortium.TOKEN);
            assertEquals("409", own[0], own[1]);
            assertEquals("POLICY_REFUSED", new JsonObject(own[1]).getString("code"), own[1]);
            assertTrue(own[1].contains("org-1 refuses: rule 'resultRecipients' does not include org-2"), own[1]);
            assertEquals(org1Jobs, new JsonObject(c.request(1, "GET", "/v1/jobs", null, LocalConsortium.TOKEN)[1])
                    .getInteger("total"), "a job refused at once is not recorded");
            // an analysis org-1 does not allow
            Files.copy(Path.of("..", "data", "models", "diabetes_linreg_dyn.onnx"), c.dataDir(2).resolve("m.onnx"));
            Files.writeString(c.dataDir(2).resolve("x.csv"), "0,0,0,0,0,0,0,0,0,1\n");
            String refused2 = c.submit(2, new JsonObject().put("analysis", "inference").put("params", new JsonObject()
                    .put("model", "m.onnx").put("input", "x.csv").put("rows", "1").put("modelOwner", "2")));
            JsonObject r2 = c.awaitJob(2, refused2, Duration.ofSeconds(30));
            assertTrue(r2.getString("refusal", "").contains("org-1 refuses: rule 'analyses' does not include inference"),
                    r2.encode());

            // accepted: result at org-0 only; 403 at a non-recipient
            String ok = c.submit(1, sum("0", "3"));
            JsonObject done = c.awaitJob(0, ok, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", done.getString("state"), done.encode());
            assertEquals(List.of(6.0, 30.0, -3.0), done.getJsonArray("result").getList().stream()
                    .map(v -> Math.round(((Number) v).doubleValue() * 1000) / 1000.0).toList());
            String[] forbidden = c.request(1, "GET", "/v1/jobs/" + ok + "/result", null, LocalConsortium.TOKEN);
            assertEquals("403", forbidden[0]);
            assertTrue(forbidden[1].contains("is not a result recipient"), forbidden[1]);

            // 20 jobs at once, all correct
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                ids.add(c.submit(k % 3, k % 2 == 0 ? sum("0", "3") : NodeProcessFaultIT.matmulLoop(8, 2)));
            }
            for (int k = 0; k < 20; k++) {
                JsonObject j = c.awaitJob(0, ids.get(k), Duration.ofSeconds(120));
                assertEquals("SUCCEEDED", j.getString("state"), j.encode());
                double first = j.getJsonArray("result").getDouble(0);
                assertEquals(k % 2 == 0 ? 6.0 : MatmulLoopJob.reference(8, 2), first, 0.05);
            }

            // the listing: newest first, in pages that add up to the whole, by state; wrong parameters named
            JsonObject everything = c.get(0, "/v1/jobs?limit=500");
            int total = everything.getInteger("total");
            assertTrue(total >= 22, everything.encode());
            assertEquals(total, everything.getJsonArray("jobs").size());
            JsonObject firstPage = c.get(0, "/v1/jobs");
            assertEquals(total, firstPage.getInteger("total"));
            assertEquals(50, firstPage.getInteger("limit"));
            assertEquals(Math.min(50, total), firstPage.getJsonArray("jobs").size());
            List<String> all = ids(everything);
            String previous = null;
            for (Object o : everything.getJsonArray("jobs")) {
                String started = ((JsonObject) o).getString("started");
                assertTrue(previous == null || java.time.Instant.parse(started).compareTo(java.time.Instant.parse(previous)) <= 0,
                        "newest first: " + started + " after " + previous);
                previous = started;
            }
            for (int k = 3; k < 20; k += 3) { // the jobs proposed at org-0 itself, recorded there in the order submitted
                assertTrue(all.indexOf(ids.get(k)) < all.indexOf(ids.get(k - 3)), ids.get(k) + " is newer than "
                        + ids.get(k - 3) + ": " + all);
            }
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < total; offset += 7) {
                JsonObject p = c.get(0, "/v1/jobs?limit=7&offset=" + offset);
                assertEquals(total, p.getInteger("total"));
                paged.addAll(ids(p));
            }
            assertEquals(all, paged, "pages of 7 add up to the whole listing");
            JsonObject refusedOnly = c.get(0, "/v1/jobs?state=REFUSED");
            assertTrue(ids(refusedOnly).contains(refused), refusedOnly.encode());
            for (Object o : refusedOnly.getJsonArray("jobs")) {
                assertEquals("REFUSED", ((JsonObject) o).getString("state"), refusedOnly.encode());
            }
            assertEquals(everything.getJsonArray("jobs").stream().filter(o -> "REFUSED".equals(((JsonObject) o).getString("state")))
                    .count(), (long) refusedOnly.getInteger("total"));
            // the same from the command line: a page of two, newest first, the start in local time, the next offset
            String[] cli = CliTest.run("jobs", "--api", c.api(0), "--token", LocalConsortium.TOKEN, "--ca",
                    dir.resolve("ca.crt").toString(), "--limit", "2", "--offset", "1");
            assertEquals("0", cli[0], cli[2]);
            List<String> lines = cli[1].strip().lines().toList();
            assertEquals(4, lines.size(), cli[1]);
            assertTrue(lines.get(0).matches("id +analysis +state +started +failure"), lines.get(0));
            assertTrue(lines.get(1).startsWith(all.get(1) + " ") && lines.get(2).startsWith(all.get(2) + " "), cli[1]);
            assertTrue(lines.get(1).matches(".* \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d .*"), lines.get(1));
            assertEquals("jobs 2 to 3 of " + total + "; next: --offset 3", lines.get(3));
            String[] cliRefused = CliTest.run("jobs", "--api", c.api(0), "--token", LocalConsortium.TOKEN, "--ca",
                    dir.resolve("ca.crt").toString(), "--state", "REFUSED");
            assertTrue(cliRefused[1].contains(refused) && cliRefused[1].contains("org-1 refuses: rule 'resultRecipients'"),
                    cliRefused[1]);
            for (String[] q : new String[][] {{"limit=501", "limit"}, {"limit=0", "limit"}, {"offset=-1", "offset"},
                {"state=BROKEN", "state"}}) {
                String[] wrong = c.request(0, "GET", "/v1/jobs?" + q[0], null, LocalConsortium.TOKEN);
                assertEquals("400", wrong[0], q[0] + ": " + wrong[1]);
                assertEquals(q[1], new JsonObject(wrong[1]).getString("field"), wrong[1]);
            }

            // cancel a long job: it stops on every party
            String longJob = c.submit(0, NodeProcessFaultIT.matmulLoop(8, 50_000));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"RUNNING".equals(c.get(2, "/v1/jobs/" + longJob).getString("state"))) {
                assertTrue(System.nanoTime() < deadline, "the long job never started");
                Thread.sleep(50);
            }
            assertEquals("202", c.request(2, "POST", "/v1/jobs/" + longJob + "/cancel", "", LocalConsortium.TOKEN)[0]);
            for (int i = 0; i < 3; i++) {
                JsonObject j = c.awaitJob(i, longJob, Duration.ofSeconds(20));
                assertTrue(j.getString("state").equals("CANCELLED") || j.getString("state").equals("FAILED"), j.encode());
            }
            assertEquals("CANCELLED", c.get(2, "/v1/jobs/" + longJob).getString("state"));

            // durability: restart org-0; its records and results survive, the chain still verifies
            c.processes[0].destroy();
            c.processes[0].waitFor();
            c.start(0);
            c.awaitMesh(0, Duration.ofSeconds(60));
            JsonObject again = c.awaitJob(0, ok, Duration.ofSeconds(5));
            assertEquals("SUCCEEDED", again.getString("state"));
            assertEquals(6.0, again.getJsonArray("result").getDouble(0), 1e-3);
            String metrics = c.request(0, "GET", "/v1/metrics", null, LocalConsortium.TOKEN)[1];
            assertTrue(metrics.contains("mpc_jobs{node=\"org-0\",state=\"succeeded\"}"), metrics);
            assertTrue(metrics.contains("mpc_peer_sent_bytes_total{node=\"org-0\",peer=\"org-1\"}"), metrics);
            assertTrue(metrics.contains("mpc_job_duration_seconds_bucket{node=\"org-0\",le=\"+Inf\"}"), metrics);
            assertTrue(metrics.contains("process_resident_memory_bytes{node=\"org-0\"}"), metrics);
            // the client library's JVM metrics and the job API's requests by route (a pattern, never a job id)
            assertTrue(metrics.contains("jvm_memory_used_bytes{area=\"heap\",node=\"org-0\"}"), metrics);
            assertTrue(metrics.contains("jvm_threads_current{node=\"org-0\"}"), metrics);
            assertTrue(metrics.contains("http_server_request_duration_seconds_count{method=\"GET\",node=\"org-0\",route=\"/v1/jobs/:id\",status=\"200\"}"),
                    metrics);
            promtoolAccepts(metrics);
            monitoringDocsMatch(metrics, dir);
            JsonObject health = c.get(0, "/v1/health");
            assertTrue(health.getBoolean("dealerReachable"), health.encode());
            for (int i = 0; i < 3; i++) {
                AuditLog.Verification v = AuditLog.verify(dir.resolve("state-org-" + i).resolve("audit.log"), c.memberCredential(i).certificate().getPublicKey());
                assertTrue(v.ok(), v.problem());
            }
        }
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("jobs").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    /**
     * docs/monitoring: every metric the Grafana dashboard queries is among the node's series, and promtool accepts the
     * scrape configuration (its CA and token files made to exist here).
     */
    static void monitoringDocsMatch(String metrics, java.nio.file.Path dir) throws Exception {
        java.nio.file.Path docs = java.nio.file.Path.of("..", "docs", "monitoring");
        String dashboard = java.nio.file.Files.readString(docs.resolve("grafana-dashboard.json"));
        var names = java.util.regex.Pattern.compile("mpc_[a-z_]+").matcher(dashboard).results().map(m -> m.group()).distinct()
                .toList();
        assertTrue(names.size() >= 10, "the dashboard's metrics: " + names);
        for (String name : names) {
            assertTrue(metrics.contains(name + "{") || metrics.contains(name + " "), "the dashboard queries " + name
                    + ", which the node does not export");
        }
        java.nio.file.Path ca = java.nio.file.Files.writeString(dir.resolve("prom-ca.crt"), "");
        java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("prom.token"), "t\n");
        java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("prometheus.yml"), java.nio.file.Files
                .readString(docs.resolve("prometheus.yml")).replace("/etc/mpc/ca.crt", ca.toString())
                .replace("/etc/mpc/metrics.token", token.toString()));
        java.nio.file.Path promtool = ExternalTools.require("promtool", "apt-get install prometheus");
        Process p = new ProcessBuilder(promtool.toString(), "check", "config", "--syntax-only", config.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), "promtool check config: " + out);
    }

    /** Debian's promtool (package prometheus; .ci/run installs it) lints the exposition: no error, no warning. */
    static void promtoolAccepts(String metrics) throws Exception {
        java.nio.file.Path promtool = ExternalTools.require("promtool", "apt-get install prometheus");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(metrics.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
        assertTrue(out.isBlank(), "promtool check metrics: " + out);
    }
}
