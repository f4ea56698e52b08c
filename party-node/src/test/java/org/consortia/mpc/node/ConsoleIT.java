package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console in a real headless browser (Debian's chromium): the page loads from a node, lists a finished
 * job with its state, shows every peer up and the node's privacy budgets, and after a member goes down shows that peer
 * down and the node not ready.
 * The page itself holds no data: without a token it shows none.
 */
class ConsoleIT {
    @Test
    void theConsoleListsAFinishedJobAndShowsAPeerThatWentDown(@TempDir Path dir) throws Exception {
        Path chromium = ExternalTools.require("chromium", "apt-get install chromium");
        String budgeted = LocalConsortium.OPEN_POLICY.replace("datasets: any\n", "")
                + "datasets:\n  - {name: patients, budget: {epsilon: 2.0, delta: 1e-6, refresh: 30d}}\n";
        try (LocalConsortium c = new LocalConsortium(dir, 3, "10s", new String[] {budgeted, null, null})) {
            c.startAll();
            c.awaitMesh(0, Duration.ofSeconds(60));
            String id = c.submit(0, NodeProcessFaultIT.matmulLoop(4, 2));
            assertEquals("SUCCEEDED", c.awaitJob(0, id, Duration.ofSeconds(60)).getString("state"));

            String dom = render(chromium, dir, c.api(0) + "/console#token=" + LocalConsortium.TOKEN);
            assertTrue(dom.contains(id), "the job is listed: " + dom);
            assertTrue(Pattern.compile("<td>" + id + "</td><td>matmul-loop</td><td class=\"SUCCEEDED\">SUCCEEDED</td>")
                    .matcher(dom).find(), dom);
            for (String peer : List.of("org-1", "org-2", "dealer")) {
                assertTrue(dom.contains("data-peer=\"" + peer + "\"><td>" + peer + "</td>"), "peer " + peer + ": " + dom);
            }
            assertFalse(dom.contains("class=\"down\">down"), "every peer up: " + dom);
            assertFalse(dom.contains(LocalConsortium.TOKEN), "the token is not in the page");
            assertTrue(dom.contains("data-dataset=\"patients\"><td>patients</td><td>2.00, 1.0e-6</td><td>0.00, 0.0e+0</td>"),
                    "the privacy budget, nothing spent: " + dom);

            c.stop(2);
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!c.get(0, "/v1/health").getJsonArray("problems").contains("PEER_DOWN:org-2")) {
                assertTrue(System.nanoTime() < end, "org-0 never noticed org-2 going down");
                Thread.sleep(200);
            }
            String after = render(chromium, dir, c.api(0) + "/console#token=" + LocalConsortium.TOKEN);
            assertTrue(after.contains("data-peer=\"org-2\"><td>org-2</td><td>party</td><td class=\"down\">down</td>"), after);
            assertTrue(after.contains("not ready: PEER_DOWN:org-2"), after);

            String anonymous = render(chromium, dir, c.api(0) + "/console");
            assertTrue(anonymous.contains("enter an API token"), anonymous);
            assertFalse(anonymous.contains(id), "no data without a token: " + anonymous);
        }
    }

    /** The page's DOM after its scripts ran (chromium --headless --dump-dom); the node's certificate is the test CA's. */
    private static String render(Path chromium, Path dir, String url) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--ignore-certificate-errors", "--user-data-dir=" + dir.resolve("chromium-profile"), "--virtual-time-budget=4000",
                "--dump-dom", url).redirectError(dir.resolve("chromium.log").toFile());
        return ChildProcess.run(pb, Duration.ofSeconds(60)).output();
    }
}
