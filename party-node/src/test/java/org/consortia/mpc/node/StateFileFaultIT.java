package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.runtime.tls.Pki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * Broken state files and credentials, against real node processes: a torn last line in each state file is moved
 * aside and noted; a garbage line elsewhere stops the node in one line naming file and line, and the documented
 * 'mpc-node state repair' brings it back; expired, foreign and mismatched credentials stop 'run' in one line.
 */
class StateFileFaultIT {
    static JsonObject sum() {
        return new JsonObject().put("analysis", "secure-sum").put("params", new JsonObject().put("input", "vec.csv")
                .put("length", "2").put("resultParty", "0"));
    }

    private static void nextJobSucceeds(LocalConsortium c) throws Exception {
        for (int i = 0; i < 2; i++) {
            c.awaitMesh(i, Duration.ofSeconds(60));
        }
        String id = c.submit(1, sum());
        for (int i = 0; i < 2; i++) {
            assertEquals("SUCCEEDED", c.awaitJob(i, id, Duration.ofSeconds(60)).getString("state"), c.log(i));
        }
        for (int i = 0; i <= 2; i++) {
            AuditLog.Verification v = AuditLog.verify(c.stateDir(i).resolve("audit.log"),
                    c.memberCredential(i).certificate().getPublicKey());
            assertTrue(v.ok(), c.name(i) + ": " + v.problem());
        }
    }

    /** Starts node i and returns its exit code if it exits within 20 s, or -1 if it keeps running. */
    private static int startExpectingExit(LocalConsortium c, int i) throws Exception {
        c.start(i);
        return c.processes[i].waitFor(20, TimeUnit.SECONDS) ? c.processes[i].exitValue() : -1;
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void insertLine(Path file, int at, String line) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add(at, line);
        Files.write(file, lines);
    }

    @Test
    void tornAndGarbageLinesInEachStateFile(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "5s")) {
            for (int i = 0; i < 2; i++) {
                Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + ",5\n");
            }
            c.startAll();
            nextJobSucceeds(c);
            Path jobs = c.stateDir(0).resolve("jobs.jsonl");
            Path audit = c.stateDir(0).resolve("audit.log");

            // a crash mid-write: a garbage last line in the job records, torn last records in the audit log and the ledger
            c.stop(0);
            int jobsLine = Files.readAllLines(jobs).size() + 1;
            int auditLine = Files.readAllLines(audit).size() + 1;
            append(jobs, "garbage after a crash\n");
            append(audit, "{\"seq\":99,\"time\":\"2026");
            Path budget = c.stateDir(0).resolve("budget.jsonl");
            append(budget, "{\"time\":\"2026");
            c.start(0);
            nextJobSucceeds(c);
            // one WARN line per file naming the file, the line and where the bytes went; the metric and /v1/health
            String log = c.log(0);
            for (String[] f : new String[][] {{"jobs.jsonl", String.valueOf(jobsLine)}, {"audit.log", String.valueOf(auditLine)},
                {"budget.jsonl", "1"}}) {
                assertEquals(1, log.lines().filter(l -> l.contains("WARN") && l.contains(f[0] + ": the record at line " + f[1] + " (")
                        && l.contains("moved aside to") && l.contains(f[0] + ".torn-")).count(), f[0] + " in:\n" + log);
            }
            JsonObject last = c.get(0, "/v1/health").getJsonObject("lastRecovery");
            assertTrue(last != null && last.getString("movedTo").contains(".torn-") && last.getInteger("line") > 0, String.valueOf(last));
            String metrics = c.request(0, "GET", "/v1/metrics", null, LocalConsortium.TOKEN)[1];
            assertTrue(metrics.contains("mpc_state_records_set_aside_total{node=\"org-0\"} 3"), metrics);
            List<JsonObject> records = AuditLog.verify(audit, null).entries();
            assertEquals(3, records.stream().filter(r -> "torn-record-recovered".equals(r.getString("event"))).count(),
                    "every recovery is noted in the audit log");
            try (var aside = Files.list(c.stateDir(0))) {
                assertEquals(3, aside.filter(p -> p.getFileName().toString().contains(".torn-")).count());
            }

            // garbage inside the job records: one line naming file and line, then the documented repair
            c.stop(0);
            insertLine(jobs, 1, "this is not a job record");
            assertEquals(2, startExpectingExit(c, 0), c.log(0));
            String out = c.log(0).strip();
            assertTrue(out.lines().count() <= 8 && out.contains("jobs.jsonl: line 2 is not a valid record")
                    && out.contains("mpc-node state repair"), out);
            String[] repair = CliTest.run("state", "repair", "--config", dir.resolve("org-0.yaml").toString());
            assertEquals("0", repair[0], repair[2]);
            assertTrue(repair[1].contains("moved 1 bad record(s)"), repair[1]);
            c.start(0);
            nextJobSucceeds(c);

            // garbage inside the audit log: the node will not append to it; repair starts a new log naming it
            c.stop(0);
            insertLine(audit, 2, "{\"garbage\": true}");
            assertEquals(2, startExpectingExit(c, 0), c.log(0));
            assertTrue(c.log(0).contains("audit.log: line 3 is not a valid record"), c.log(0));
            repair = CliTest.run("state", "repair", "--config", dir.resolve("org-0.yaml").toString());
            assertEquals("0", repair[0], repair[2]);
            assertTrue(repair[1].contains("started a new signed log naming it"), repair[1]);
            c.start(0);
            nextJobSucceeds(c);
            assertEquals("audit-log-restarted", AuditLog.verify(audit, null).entries().get(0).getString("event"));
        }
    }

    @Test
    void expiredForeignAndMismatchedCredentialsStopRunInOneLine(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "5s")) {
            String node = Files.readString(dir.resolve("org-0.yaml"));
            Pki.Credential expired = Pki.issue(c.ca, "org-0", Duration.ofDays(-1));
            Pki.writeCertificate(expired.certificate(), dir.resolve("expired.crt"));
            Pki.writePrivateKey(expired.keys().getPrivate(), dir.resolve("expired.key"));
            Pki.Credential foreign = Pki.issue(Pki.newCa("other", Pki.DEFAULT_VALIDITY), "org-0", Pki.DEFAULT_VALIDITY);
            Pki.writeCertificate(foreign.certificate(), dir.resolve("foreign.crt"));
            Pki.writePrivateKey(foreign.keys().getPrivate(), dir.resolve("foreign.key"));
            String[][] cases = {
                {"expired.key", "expired.crt", "certificate: " + dir.resolve("expired.crt") + " expired on"},
                {"foreign.key", "foreign.crt", "is not signed by the consortium CA"},
                {"org-1.key", "org-0.crt", "key: " + dir.resolve("org-1.key") + " does not belong to the certificate"}};
            for (String[] k : cases) {
                Files.writeString(dir.resolve("bad.yaml"), node.replace("key: org-0.key", "key: " + k[0])
                        .replace("certificate: org-0.crt", "certificate: " + k[1]));
                String[] r = CliTest.run("run", "--config", dir.resolve("bad.yaml").toString());
                assertEquals("2", r[0], r[1] + r[2]);
                assertTrue(r[2].contains(k[2]), r[2]);
                assertEquals(1, r[2].strip().lines().count(), "one line: " + r[2]);
            }
        }
    }
}
