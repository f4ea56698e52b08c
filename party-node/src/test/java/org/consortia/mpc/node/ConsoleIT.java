package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The operator console in a real headless browser (Debian's chromium, in a time zone other than the machine's): the
 * page loads from a node and lists its jobs newest first, with start times in the browser's local time to the second
 * and sizes in KiB; a failed job is red, without a full progress bar, naming code, phase and party; the state filter
 * and paging (from the page's address) show the right jobs; a job's detail shows its result at the result recipient's
 * node only, and its audit records to a client with the auditor (here admin) role, not to a submitter. It shows every
 * peer up and the node's privacy budgets, and after a member goes down shows that peer down and the node not ready.
 * The page itself holds no data: without a token it shows none. A screenshot is left in target/console.png.
 */
class ConsoleIT {
    /** The browser's time zone: not UTC, not whole hours, so a time shown in UTC or the machine's zone is caught. */
    private static final ZoneId BROWSER_ZONE = ZoneId.of("Asia/Kolkata");

    @Test
    void theConsoleListsJobsShowsFailuresResultsAuditAndAPeerThatWentDown(@TempDir Path dir) throws Exception {
        Path chromium = ExternalTools.require("chromium", "apt-get install chromium");
        String budgeted = LocalConsortium.OPEN_POLICY.replace("datasets: any\n", "")
                + "datasets:\n  - {name: patients, budget: {epsilon: 2.0, delta: 1e-6, refresh: 30d}}\n"
                + "  - {name: vec, analyses: [secure-sum], minRows: 3}\n";
        try (LocalConsortium c = new LocalConsortium(dir, 3, "10s", new String[] {budgeted, null, null})) {
            for (int i = 0; i < 3; i++) { // org-1's vector is one value short: a secure sum of length 3 fails there
                Files.writeString(c.dataDir(i).resolve("vec.csv"), i == 1 ? "4,5\n" : (i + 1) + ",2,3\n");
            }
            c.startAll();
            c.awaitMesh(0, Duration.ofSeconds(60));
            String first = c.submit(0, NodeProcessFaultIT.matmulLoop(4, 2));
            assertEquals("SUCCEEDED", c.awaitJob(0, first, Duration.ofSeconds(60)).getString("state"));
            String failed = c.submit(0, CoordinatorApiIT.sum("0", "3"));
            JsonObject failedRec = c.awaitJob(0, failed, Duration.ofSeconds(60));
            assertEquals("FAILED", failedRec.getString("state"), failedRec.encode());
            String id = c.submit(0, NodeProcessFaultIT.matmulLoop(16, 3));
            JsonObject rec = c.awaitJob(0, id, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", rec.getString("state"), rec.encode());

            String console = c.api(0) + "/console#token=" + LocalConsortium.TOKEN;
            String dom = render(chromium, dir, console + "&job=" + id);
            assertEquals(List.of(id, failed, first), listed(dom), "newest first: " + dom);
            assertTrue(Pattern.compile("<td>" + id + "</td><td>matmul-loop</td><td class=\"SUCCEEDED\">SUCCEEDED</td>")
                    .matcher(dom).find(), dom);
            String started = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                    .format(Instant.parse(rec.getString("started")).atZone(BROWSER_ZONE));
            assertTrue(row(dom, id).contains("<td class=\"started\">" + started + "</td>"),
                    "started in the browser's local time, to the second (" + started + "): " + row(dom, id));
            assertFalse(dom.contains(rec.getString("started")), "no ISO instant with its fraction: " + dom);
            long bytes = rec.getLong("bytes_sent");
            assertTrue(bytes >= 1024, "a job that sends at least a KiB: " + rec.encode());
            assertTrue(row(dom, id).contains("<td class=\"num bytes\">" + size(bytes) + "</td>"), size(bytes) + ": " + row(dom, id));

            // the failed job: red, a bar that is not full, the code, phase and party
            String bad = row(dom, failed);
            JsonObject error = failedRec.getJsonObject("error");
            assertTrue(bad.contains("class=\"job ended\""), bad);
            assertTrue(bad.contains("<td class=\"FAILED\">FAILED</td>"), bad);
            Matcher width = Pattern.compile("class=\"bar ended\"><span style=\"width: (\\d+)%;\"></span></span> failed in ").matcher(bad);
            assertTrue(width.find(), bad);
            assertTrue(Integer.parseInt(width.group(1)) < 100, "not a full bar: " + bad);
            assertTrue(bad.contains(error.getString("code") + " (" + error.getString("phase") + ", " + error.getString("party") + ")"),
                    error.encode() + ": " + bad);
            assertEquals("INPUT_INVALID", error.getString("code"), failedRec.encode());
            assertEquals("org-1", error.getString("party"), failedRec.encode());

            // the job's detail at the result recipient's node: its result and its audit records
            JsonObject served = c.get(0, "/v1/jobs/" + id + "/result");
            JsonArray result = served.getJsonArray("result");
            Matcher values = Pattern.compile("<p class=\"values\">(\\d+) values?: (?:([^,<=]+) = )?([^,<]+)").matcher(dom);
            assertTrue(values.find(), "the result: " + dom);
            assertEquals(result.size(), Integer.parseInt(values.group(1)));
            assertEquals(served.getJsonArray("labels").getString(0), values.group(2), "the value's label: " + dom);
            assertEquals(result.getDouble(0), Double.parseDouble(values.group(3)), 1e-5 * Math.max(1, Math.abs(result.getDouble(0))));
            String audit = dom.substring(dom.indexOf("<div id=\"audit\">"));
            for (String event : List.of("job-proposed", "job-started", "job-finished")) {
                assertTrue(audit.contains("data-event=\"" + event + "\""), event + ": " + audit);
            }
            assertFalse(audit.contains(failed) || audit.contains(first), "only this job's records: " + audit);

            // the state filter and paging, from the page's address
            String onlyFailed = render(chromium, dir, console + "&state=failed");
            assertEquals(List.of(failed), listed(onlyFailed), onlyFailed);
            assertTrue(onlyFailed.contains("<span id=\"page\"> 1 to 1 of 1 </span>"), onlyFailed);
            String second = render(chromium, dir, console + "&offset=1");
            assertEquals(List.of(failed, first), listed(second), second);
            assertTrue(second.contains("<span id=\"page\"> 2 to 3 of 3 </span>"), second);

            // elsewhere: not a recipient, so no result; a submitter sees neither the result nor the audit records
            String atOrg1 = render(chromium, dir, c.api(1) + "/console#token=" + LocalConsortium.TOKEN + "&job=" + id);
            assertTrue(atOrg1.contains("this node is not a recipient; the result is revealed only at org-0"), atOrg1);
            assertFalse(atOrg1.contains("class=\"values\""), atOrg1);
            String submitter = render(chromium, dir, c.api(0) + "/console#token=" + LocalConsortium.SUBMITTER_TOKEN + "&job=" + id);
            assertTrue(submitter.contains("this node holds the result; it is shown to clients with the reader role"), submitter);
            assertTrue(submitter.contains("audit records are shown to clients with the auditor role"), submitter);
            assertFalse(submitter.contains("class=\"values\"") || submitter.contains("data-event="), submitter);

            for (String peer : List.of("org-1", "org-2", "dealer")) {
                assertTrue(dom.contains("data-peer=\"" + peer + "\"><td>" + peer + "</td>"), "peer " + peer + ": " + dom);
            }
            assertFalse(dom.contains("class=\"down\">down"), "every peer up: " + dom);
            assertFalse(dom.contains(LocalConsortium.TOKEN), "the token is not in the page");
            assertTrue(dom.contains("data-dataset=\"patients\"><td>patients</td><td>2.00, 1.0e-6</td><td>0.00, 0.0e+0</td>"),
                    "the privacy budget, nothing spent: " + dom);
            screenshot(chromium, dir, console + "&job=" + id, Path.of("target", "console.png"));

            c.stop(2);
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!c.get(0, "/v1/health").getJsonArray("problems").contains("PEER_DOWN:org-2")) {
                assertTrue(System.nanoTime() < end, "org-0 never noticed org-2 going down");
                Thread.sleep(200);
            }
            String after = render(chromium, dir, console);
            assertTrue(after.contains("data-peer=\"org-2\"><td>org-2</td><td>party</td><td class=\"down\">down</td>"), after);
            assertTrue(after.contains("not ready: PEER_DOWN:org-2"), after);

            String anonymous = render(chromium, dir, c.api(0) + "/console");
            assertTrue(anonymous.contains("enter an API token"), anonymous);
            assertFalse(anonymous.contains(id), "no data without a token: " + anonymous);
        }
    }

    /** The ids of the listed jobs, in the order shown. */
    private static List<String> listed(String dom) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<tr class=\"job[^\"]*\" data-id=\"([^\"]+)\"").matcher(dom);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The job's row in the jobs table. */
    private static String row(String dom, String id) {
        Matcher m = Pattern.compile("<tr class=\"job[^\"]*\" data-id=\"" + Pattern.quote(id) + "\".*?</tr>").matcher(dom);
        assertTrue(m.find(), "no row for " + id + ": " + dom);
        return m.group();
    }

    /** As the console shows a size: bytes below a KiB, else one decimal in KiB, MiB, ... */
    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes / 1024.0;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** The page's DOM after its scripts ran (chromium --headless --dump-dom); the node's certificate is the test CA's. */
    private static String render(Path chromium, Path dir, String url) throws Exception {
        return chromium(chromium, dir, "--dump-dom", url).output();
    }

    /** A PNG of the page as an operator sees it, 1400 pixels wide. */
    private static void screenshot(Path chromium, Path dir, String url, Path png) throws Exception {
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChildProcess.Result r = chromium(chromium, dir, "--screenshot=" + png.toAbsolutePath(), "--window-size=1400,1500",
                "--hide-scrollbars", url);
        assertTrue(Files.size(png) > 10_000, "a screenshot: " + r.output());
    }

    private static ChildProcess.Result chromium(Path chromium, Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--ignore-certificate-errors", "--user-data-dir=" + dir.resolve("chromium-profile"), "--virtual-time-budget=4000"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.log").toFile());
        pb.environment().put("TZ", BROWSER_ZONE.getId());
        return ChildProcess.run(pb, Duration.ofSeconds(60));
    }
}
