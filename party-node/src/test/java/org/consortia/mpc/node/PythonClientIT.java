package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonObject;
import org.consortia.mpc.node.ChildProcess.Result;
import org.consortia.mpc.node.client.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client (clients/python, standard library only), installed as its users install it ({@code pip install}
 * into a clean venv, {@link PythonPackage}) and run as its {@code mpc-client} command, against real node processes: a
 * coordinator submits a job, follows it to the end and reads its result at the result party's node, lists and
 * reads jobs (newest first, by state, in pages); a job the node's own policy refuses, a wrong token, an unreachable
 * API and a CA that did not sign the node's certificate fail with the documented exit codes and one line (HTTP 409 for
 * the policy, 403 for a missing role). The Java client library ({@code JobClient}) does the same from the JVM.
 */
class PythonClientIT {
    /** The installed client's command ({@code VENV/bin/mpc-client}). */
    private Path client;

    @Test
    void aCoordinatorSubmitsFollowsAndFetchesWithThePythonClient(@TempDir Path dir) throws Exception {
        client = PythonPackage.bin(PythonPackage.install(dir), "mpc-client");
        String onlyOrg0AndOrg2 = LocalConsortium.OPEN_POLICY.replace("resultRecipients: any", "resultRecipients: [org-0, org-2]");
        try (LocalConsortium c = new LocalConsortium(dir, 3, "10s", new String[] {onlyOrg0AndOrg2, null, null})) {
            c.startAll();
            for (int i = 0; i < 3; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            String ca = dir.resolve("ca.crt").toString();
            Result r = py(dir, LocalConsortium.SUBMITTER_TOKEN, "--api", c.api(0), "--ca", ca, "submit", "--analysis",
                    "matmul-loop", "-p", "size=4", "-p", "iterations=3", "-p", "resultParty=2", "--wait");
            assertEquals(0, r.code(), r.output());
            int json = r.output().indexOf('{');
            JsonObject rec = new JsonObject(r.output().substring(json));
            assertEquals("SUCCEEDED", rec.getString("state"), r.output());
            assertTrue(r.output().contains("] succeeded"), "a progress line: " + r.output());
            String id = rec.getString("id");
            Result res = py(dir, LocalConsortium.READER_TOKEN, "--api", c.api(2), "--ca", ca, "result", id);
            assertEquals(0, res.code(), res.output());
            assertTrue(res.output().trim().startsWith("["), res.output());
            Result named = py(dir, LocalConsortium.READER_TOKEN, "--api", c.api(2), "--ca", ca, "result", "--named", id);
            assertEquals(0, named.code(), named.output());
            assertTrue(named.output().trim().startsWith("{\"sum\": "), "the result by name: " + named.output());
            Result jobs = py(dir, LocalConsortium.READER_TOKEN, "--api", c.api(0), "--ca", ca, "jobs");
            assertEquals(0, jobs.code(), jobs.output());
            assertTrue(jobs.output().contains(id) && jobs.output().contains("SUCCEEDED"), jobs.output());

            // the Java client library does the same from this JVM
            var jc = JobClient.connect(c.api(0), LocalConsortium.SUBMITTER_TOKEN, dir.resolve("ca.crt"));
            String id2 = jc.submit("matmul-loop", java.util.Map.of("size", "4", "iterations", "3", "resultParty", "2"));
            List<JobClient.Progress> seen = new ArrayList<>();
            JsonObject rec2 = jc.follow(id2, Duration.ofSeconds(60), seen::add);
            assertEquals("SUCCEEDED", rec2.getString("state"), rec2.encode());
            assertEquals(JobClient.PHASES.size(), seen.get(seen.size() - 1).phasesDone(), seen.toString());
            var reader2 = JobClient.connect(c.api(2), LocalConsortium.READER_TOKEN, dir.resolve("ca.crt"));
            var labelled = reader2.labelledResult(id2);
            assertEquals(new JsonObject(named.output().trim()).fieldNames(), java.util.Set.copyOf(labelled.labels()),
                    "both clients fetch a result of the same names");
            assertEquals(labelled.labels().size(), reader2.result(id2).length);
            var refused = org.junit.jupiter.api.Assertions.assertThrows(JobClient.ApiException.class,
                    () -> jc.result(id2)); // the submitter role does not read results, and org-0 is no recipient
            assertEquals(403, refused.status());

            // refused by org-0's own policy: 409 naming the rule, exit code 1, one line; the Java client sees 409 too
            Result policy = py(dir, LocalConsortium.SUBMITTER_TOKEN, "--api", c.api(0), "--ca", ca, "submit", "--analysis",
                    "matmul-loop", "-p", "size=4", "-p", "iterations=3", "-p", "resultParty=1");
            assertEquals(1, policy.code(), policy.output());
            assertTrue(policy.output().contains("HTTP 409: org-0 refuses: rule 'resultRecipients' does not include org-1"),
                    policy.output());
            assertEquals(1, policy.output().strip().lines().count(), "one line: " + policy.output());
            var conflict = org.junit.jupiter.api.Assertions.assertThrows(JobClient.ApiException.class,
                    () -> jc.submit("matmul-loop", java.util.Map.of("size", "4", "iterations", "3", "resultParty", "1")));
            assertEquals(409, conflict.status());

            // the listing: newest first, one page of one state, the total and the next page
            Result newest = py(dir, LocalConsortium.READER_TOKEN, "--api", c.api(0), "--ca", ca, "jobs", "--state", "SUCCEEDED",
                    "--limit", "1");
            assertEquals(0, newest.code(), newest.output());
            assertTrue(newest.output().contains(id2) && !newest.output().contains(id), "the newest only: " + newest.output());
            assertTrue(newest.output().contains("jobs 1 to 1 of 2; next: --offset 1"), newest.output());
            assertTrue(newest.output().matches("(?s).*" + id2 + " +matmul-loop +SUCCEEDED +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d .*"),
                    "started in local time to the second: " + newest.output());
            var page = jc.jobs("SUCCEEDED", 1, 1);
            assertEquals(2, page.total());
            assertEquals(id, page.jobs().get(0).getString("id"), "the second newest on the second page");

            Result badToken = py(dir, "not-a-token", "--api", c.api(0), "--ca", ca, "jobs");
            assertEquals(1, badToken.code(), badToken.output());
            assertTrue(badToken.output().contains("HTTP 401"), badToken.output());
            assertEquals(1, badToken.output().strip().lines().count(), "one line: " + badToken.output());
            Result down = py(dir, LocalConsortium.READER_TOKEN, "--api", "https://127.0.0.1:1", "--ca", ca, "jobs");
            assertEquals(3, down.code(), down.output());
            Result wrongCa = py(dir, LocalConsortium.READER_TOKEN, "--api", c.api(0), "jobs"); // the system CAs
            assertEquals(3, wrongCa.code(), wrongCa.output());
            assertTrue(wrongCa.output().contains("TLS handshake failed"), wrongCa.output());
        }
    }

    private Result py(Path cwd, String token, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(client.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("MPC_API_TOKEN", token);
        pb.environment().remove("MPC_API_CA");
        pb.environment().remove("PYTHONPATH"); // the installed package, never a source directory
        return ChildProcess.run(pb, Duration.ofSeconds(120));
    }
}
