package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
 * A curious member, a careless coordinator and a compromised API client against three real node processes and a
 * dealer, one test per attack. org-1 holds canaries in its data (a duplicated key value, a distinctive row count,
 * a distinctive column name) and a policy that exposes some datasets only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberAttackIT {
    static final String ORG1_POLICY = """
            analyses: [linear-regression, secure-sum]
            datasets:
              - {name: canary_dup, analyses: [linear-regression]}
              - {name: canary_rows, analyses: [linear-regression]}
              - {name: canary_cols, analyses: [linear-regression]}
              - {name: vec, analyses: [secure-sum]}
            resultRecipients: [org-0, org-1, org-2]
            """;
    static final String KEY_CANARY = "987654.125";
    static final int ROWS_CANARY = 12347;
    static final String COLUMN_CANARY = "Zebracanarycol";
    static final Pattern ROWS = Pattern.compile("(?<![0-9.])" + ROWS_CANARY + "(?![0-9])");

    Path dir;
    LocalConsortium c;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("mpc-attack");
        c = new LocalConsortium(dir, 3, "8s", new String[] {null, ORG1_POLICY, null});
        int n = 30;
        for (int p = 0; p < 3; p++) {
            StringBuilder dup = new StringBuilder(p == 0 ? "id,a\n" : p == 1 ? "id," + COLUMN_CANARY + "\n" : "id,b,y\n");
            for (int i = 0; i < n; i++) {
                String id = p == 1 && i >= n - 2 ? KEY_CANARY : String.valueOf(i);
                dup.append(id).append(',').append(Math.sin(i + p)).append(p == 2 ? "," + Math.cos(i) : "").append('\n');
            }
            Files.writeString(c.dataDir(p).resolve("canary_dup.csv"), dup);
            StringBuilder rows = new StringBuilder("a,y\n");
            for (int i = 0; i < (p == 1 ? ROWS_CANARY : 20); i++) {
                rows.append(Math.sin(i * 0.3 + p)).append(',').append(Math.cos(i * 0.7)).append('\n');
            }
            Files.writeString(c.dataDir(p).resolve("canary_rows.csv"), rows);
            StringBuilder cols = new StringBuilder(p == 1 ? "a," + COLUMN_CANARY + "\n" : "a,y\n");
            for (int i = 0; i < 20; i++) {
                cols.append(Math.sin(i * 0.3 + p)).append(',').append(Math.cos(i * 0.7)).append('\n');
            }
            Files.writeString(c.dataDir(p).resolve("canary_cols.csv"), cols);
            Files.writeString(c.dataDir(p).resolve("secret.csv"), dup);
            Files.writeString(c.dataDir(p).resolve("vec.csv"), (p + 1) + "," + (p * 10) + ",-" + p + "\n");
        }
        c.startAll();
        for (int i = 0; i < 3; i++) {
            c.awaitMesh(i, Duration.ofSeconds(60));
        }
    }

    @AfterAll
    void stop() throws Exception {
        c.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static JsonObject regression(String dataset, String partition, String rows, String columns) {
        JsonObject p = new JsonObject().put("dataset", dataset).put("partition", partition).put("rows", rows)
                .put("columns", columns).put("target", "y").put("targetParty", "2").put("resultParty", "0");
        if (partition.equals("columns")) {
            p.put("key", "id");
        }
        return new JsonObject().put("analysis", "linear-regression").put("params", p);
    }

    @Test
    @Order(1)
    void canaryValuesInAMembersDataNeverReachAnotherNode() throws Exception {
        List<String> ids = new ArrayList<>();
        ids.add(c.submit(0, regression("canary_dup", "columns", "30", "1,1,1"))); // a duplicated key at org-1
        ids.add(c.submit(0, regression("canary_rows", "rows", "20,20,20", "1"))); // org-1 holds 12347 rows, not 20
        ids.add(c.submit(2, regression("canary_cols", "rows", "20,20,20", "1"))); // org-1 has no column y
        for (String id : ids) {
            for (int i = 0; i < 3; i++) {
                JsonObject rec = c.awaitJob(i, id, Duration.ofSeconds(60));
                assertEquals("FAILED", rec.getString("state"), rec.encode());
                JsonObject error = rec.getJsonObject("error");
                assertEquals("INPUT_INVALID", error.getString("code"), rec.encode());
                assertEquals("org-1", error.getString("party"), rec.encode());
            }
        }
        // the detail stays at org-1: its admin sees it, a reader there does not, its log has it
        JsonObject local = c.get(1, "/v1/jobs/" + ids.get(1));
        assertTrue(ROWS.matcher(local.getString("detail", "")).find(), local.encode());
        String[] asReader = c.request(1, "GET", "/v1/jobs/" + ids.get(1), null, LocalConsortium.READER_TOKEN);
        assertFalse(asReader[1].contains("detail"), asReader[1]);
        assertTrue(ROWS.matcher(c.log(1)).find(), "the canary is really in play");

        List<String> seen = new ArrayList<>();
        for (int i : new int[] {0, 2}) {
            seen.add("API jobs at org-" + i + ": " + c.request(i, "GET", "/v1/jobs", null, LocalConsortium.TOKEN)[1]);
            for (String id : ids) {
                seen.add("API job at org-" + i + ": " + c.request(i, "GET", "/v1/jobs/" + id, null, LocalConsortium.TOKEN)[1]);
                seen.add("API result at org-" + i + ": " + c.request(i, "GET", "/v1/jobs/" + id + "/result", null,
                        LocalConsortium.TOKEN)[1]);
            }
            seen.add("audit at org-" + i + ": " + c.request(i, "GET", "/v1/audit", null, LocalConsortium.TOKEN)[1]);
            seen.add("CLI at org-" + i + ": " + CliTest.run("jobs", "--api", "https://127.0.0.1:" + c.apiPorts[i], "--token",
                    LocalConsortium.TOKEN, "--ca", dir.resolve("ca.crt").toString())[1]);
        }
        for (String node : new String[] {"org-0", "org-2", "dealer"}) {
            seen.add("log of " + node + ": " + Files.readString(dir.resolve(node + ".log")));
            seen.add("job store of " + node + ": " + Files.readString(dir.resolve("state-" + node).resolve("jobs.jsonl")));
            seen.add("audit log of " + node + ": " + Files.readString(dir.resolve("state-" + node).resolve("audit.log")));
        }
        for (String s : seen) {
            String where = s.substring(0, s.indexOf(':'));
            assertFalse(s.contains("987654"), "the duplicated key value reached the " + where);
            assertFalse(ROWS.matcher(s).find(), "org-1's true row count reached the " + where);
            assertFalse(s.contains(COLUMN_CANARY), "org-1's column name reached the " + where);
            assertFalse(s.contains(c.dataDir(1).toString()), "org-1's data directory reached the " + where);
        }
    }

    @Test
    @Order(2)
    void columnSplitJobThatWouldMakeAMemberReadAnUnexposedDatasetIsRefusedByThatMember() throws Exception {
        String id = c.submit(0, regression("secret", "columns", "30", "1,0,1")); // org-1 contributes no column
        JsonObject rec = c.awaitJob(0, id, Duration.ofSeconds(30));
        assertEquals("REFUSED", rec.getString("state"), rec.encode());
        assertTrue(rec.getString("refusal").contains("org-1 refuses: rule 'datasets' does not expose 'secret'"), rec.encode());
        List<JsonObject> org1 = AuditLog.verify(dir.resolve("state-org-1").resolve("audit.log"), null).entries();
        assertTrue(org1.stream().anyMatch(r -> "job-vote".equals(r.getString("event"))
                && id.equals(r.getJsonObject("fields").getString("job")) && !r.getJsonObject("fields").getBoolean("accept")));
        assertFalse(org1.stream().anyMatch(r -> "job-started".equals(r.getString("event"))
                && id.equals(r.getJsonObject("fields").getString("job"))), "org-1 never started it");
    }

    @Test
    @Order(3)
    void peerAndDealerCertificatesGet403OnEveryApiRoute() throws Exception {
        String[][] routes = {{"GET", "/v1/jobs"}, {"GET", "/v1/jobs/1"}, {"GET", "/v1/jobs/1/result"}, {"POST", "/v1/jobs"},
            {"POST", "/v1/jobs/1/cancel"}, {"GET", "/v1/audit"}, {"GET", "/v1/health"}, {"GET", "/v1/metrics"}};
        for (int member : new int[] {1, 3}) {
            for (String[] r : routes) {
                String[] got = c.requestWithCertificate(0, r[0], r[1], c.memberCredential(member));
                assertEquals("403", got[0], c.name(member) + "'s certificate on " + r[0] + " " + r[1] + ": " + got[1]);
            }
        }
        // roles
        assertEquals("200", c.requestWithCertificate(0, "GET", "/v1/jobs", c.clientCert)[0], "an allow-listed reader");
        assertEquals("403", c.requestWithCertificate(0, "POST", "/v1/jobs", c.clientCert)[0], "a reader cannot submit");
        assertEquals("403", c.request(0, "POST", "/v1/jobs", "{}", LocalConsortium.READER_TOKEN)[0]);
        assertEquals("403", c.request(0, "GET", "/v1/audit", null, LocalConsortium.SUBMITTER_TOKEN)[0]);
        assertEquals("200", c.request(0, "GET", "/v1/audit", null, LocalConsortium.AUDITOR_TOKEN)[0]);
        assertEquals("403", c.request(0, "POST", "/v1/jobs/1/cancel", "", LocalConsortium.AUDITOR_TOKEN)[0]);
        assertEquals("401", c.request(0, "GET", "/v1/health", null, "not-a-token-of-this-node")[0]);
    }

    @Test
    @Order(4)
    void pathLikeNamesAreRefusedWith400BeforeAnyFileAccess() throws Exception {
        int before = new JsonObject(c.request(0, "GET", "/v1/jobs", null, LocalConsortium.TOKEN)[1]).getInteger("total");
        for (String name : new String[] {"../x", "/etc/hostname", "a/b"}) {
            JsonObject[] specs = {
                regression(name, "rows", "20,20,20", "1"),
                new JsonObject().put("analysis", "inference").put("params", new JsonObject().put("model", name)
                        .put("input", "x").put("rows", "1")),
                new JsonObject().put("analysis", "secure-sum").put("params", new JsonObject().put("input", name).put("length", "3"))};
            String[] fields = {"dataset", "model", "input"};
            for (int k = 0; k < specs.length; k++) {
                String[] r = c.request(0, "POST", "/v1/jobs", specs[k].encode(), LocalConsortium.TOKEN);
                assertEquals("400", r[0], name + ": " + r[1]);
                assertEquals(fields[k], new JsonObject(r[1]).getString("field"), r[1]);
            }
        }
        int after = new JsonObject(c.request(0, "GET", "/v1/jobs", null, LocalConsortium.TOKEN)[1]).getInteger("total");
        assertEquals(before, after, "no job was created");
    }

    @Test
    @Order(5)
    void misspeltPolicyKeyStopsStartUpNamingTheField() throws Exception {
        Files.writeString(dir.resolve("typo-policy.yaml"), "datasets:\n  - {name: vec, minrows: 100}\n");
        String node = Files.readString(dir.resolve("org-0.yaml")).replaceAll("(?m)^policy:.*$", "")
                + "policy: typo-policy.yaml\n";
        Files.writeString(dir.resolve("typo.yaml"), node);
        String[] r = CliTest.run("run", "--config", dir.resolve("typo.yaml").toString());
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("datasets[0].minrows: found an unknown key"), r[2]);
        assertEquals(1, r[2].strip().lines().count(), "one line, no stack trace: " + r[2]);
    }

    @Test
    @Order(6)
    void rewrittenOrTruncatedAuditLogOfOneMemberIsReportedByAnother() throws Exception {
        String ok = c.submit(1, new JsonObject().put("analysis", "secure-sum").put("params", new JsonObject()
                .put("input", "vec.csv").put("length", "3").put("resultParty", "0")));
        assertEquals("SUCCEEDED", c.awaitJob(0, ok, Duration.ofSeconds(60)).getString("state"));
        Path org0 = dir.resolve("state-org-0").resolve("audit.log");
        Path org1 = dir.resolve("state-org-1").resolve("audit.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (AuditLog.verify(org0, null).entries().stream().noneMatch(r -> "peer-audit-head".equals(r.getString("event"))
                && ok.equals(r.getJsonObject("fields").getString("job")) && "org-1".equals(r.getJsonObject("fields").getString("node")))) {
            assertTrue(System.nanoTime() < deadline, "org-0 never received org-1's audit head");
            Thread.sleep(50);
        }
        c.close();
        String[] agree = CliTest.run("audit", "verify", org0.toString(), "--certs", dir.toString(), "--peer", "org-1=" + org1);
        assertEquals("0", agree[0], agree[1]);
        assertTrue(agree[1].contains("agrees with the"), agree[1]);

        // org-1 rewrites a record of its history, re-hashing and re-signing the whole chain with its own key
        List<JsonObject> records = AuditLog.verify(org1, null).entries();
        java.security.PrivateKey key = c.memberCredential(1).keys().getPrivate();
        Path rewritten = dir.resolve("rewritten.log");
        AuditLog log = AuditLog.open(rewritten, key);
        for (JsonObject r : records) {
            JsonObject f = r.getJsonObject("fields");
            if ("job-finished".equals(r.getString("event"))) {
                f = f.copy().put("outcome", "never happened");
            }
            log.append(r.getString("event"), f);
        }
        String[] alone = CliTest.run("audit", "verify", rewritten.toString(), "--certs", dir.toString());
        assertEquals("0", alone[0], "on its own the rewritten log looks intact: " + alone[1]);
        String[] caught = CliTest.run("audit", "verify", org0.toString(), "--certs", dir.toString(), "--peer", "org-1=" + rewritten);
        assertEquals("1", caught[0], caught[1]);
        assertTrue(caught[1].contains("org-1 rewrote its audit log"), caught[1]);

        Path truncated = dir.resolve("truncated.log");
        AuditLog cut = AuditLog.open(truncated, key);
        for (JsonObject r : records.subList(0, 2)) {
            cut.append(r.getString("event"), r.getJsonObject("fields"));
        }
        String[] short1 = CliTest.run("audit", "verify", org0.toString(), "--certs", dir.toString(), "--peer", "org-1=" + truncated);
        assertEquals("1", short1[0], short1[1]);
        assertTrue(short1[1].contains("org-1 truncated its audit log") || short1[1].contains("org-1 rewrote its audit log"),
                short1[1]);
    }
}
