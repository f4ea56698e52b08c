package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.consortia.mpc.runtime.netty.TlsCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution ({@code target/mpc-node-VERSION.tar.gz}, built by 'package' before this integration test
 * runs) and the README's quick start, as written: the bash block after the {@code <!-- quickstart -->} marker runs in an
 * empty directory with the archive (DIST) and free ports (BASE, API), and nothing else: it unpacks four installations,
 * makes the CA, keys and certificates, configures three members and a dealer from the shipped files, checks them, starts
 * them, runs a secure sum and stops them. The labelled result must be the sums of the rows; an installation holds the
 * launcher and the shipped files, answers --help with the exit codes, and its node's log lines carry a timestamp and,
 * on a job's line, the job's id (conf/logback.xml).
 */
class QuickstartIT {
    @Test
    void theReadmesQuickStartRunsAsWritten(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int marker = readme.indexOf("<!-- quickstart -->");
        assertTrue(marker > 0, "the README has no quick-start block");
        int from = readme.indexOf("```bash\n", marker) + "```bash\n".length();
        int to = readme.indexOf("\n```", from);
        Path script = Files.writeString(dir.resolve("quickstart.sh"), readme.substring(from, to) + "\n");
        Path dist = Path.of(System.getProperty("mpc.dist", "target/mpc-node.tar.gz")).toAbsolutePath();
        int base = freeRun(4);
        int api = TlsCluster.freePort();
        Path work = Files.createDirectories(dir.resolve("work"));
        Path out = dir.resolve("out.log");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("DIST", dist.toString());
        pb.environment().put("BASE", String.valueOf(base));
        pb.environment().put("API", String.valueOf(api));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the quick start did not finish in 240 s:\n" + Files.readString(out));
            String log = Files.readString(out);
            assertEquals(0, p.exitValue(), log);
            var record = new io.vertx.core.json.JsonObject(log.substring(log.lastIndexOf("\n{") + 1));
            assertEquals("SUCCEEDED", record.getString("state"), log);
            var named = record.getJsonObject("named");
            assertEquals(6.0, named.getDouble("sum[0]"), 1e-3, log);
            assertEquals(30.0, named.getDouble("sum[1]"), 1e-3, log);
            assertEquals(-6.0, named.getDouble("sum[2]"), 1e-3, log);
            assertTrue(log.contains("ok   key and certificate: CN=org-2"), "check-config ran for every member:\n" + log);
            Path home = work.resolve("org-0");
            for (String f : new String[] {"bin/mpc-node", "lib/party-node.jar", "conf/consortium.yaml", "conf/node.yaml",
                "conf/dealer.yaml", "conf/policy.yaml", "conf/clients.yaml", "conf/logback.xml", "conf/logback-json.xml",
                "conf/jvm.options", "conf/mpc-node.service", "LICENSE", "NOTICE"}) {
                assertTrue(Files.isRegularFile(home.resolve(f)), "the distribution lacks " + f);
            }
            assertTrue(Files.isExecutable(home.resolve("bin/mpc-node")), "bin/mpc-node is not executable");
            Process help = new ProcessBuilder(home.resolve("bin/mpc-node").toString(), "--help").redirectErrorStream(true).start();
            String helpText = new String(help.getInputStream().readAllBytes());
            assertTrue(help.waitFor(60, TimeUnit.SECONDS) && help.exitValue() == 0 && helpText.contains("Exit codes"), helpText);
            String node = Files.readString(work.resolve("org-0.log"));
            assertTrue(node.lines().anyMatch(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*\\[INFO\\].*")),
                    "no timestamped log line:\n" + node);
            assertTrue(node.lines().anyMatch(l -> l.contains("{job=") && l.contains(" succeeded in ")),
                    "no line naming its job in an MDC field:\n" + node);
        } finally {
            p.destroyForcibly();
            for (String m : List.of("org-0", "org-1", "org-2", "dealer")) { // the nodes, if the script stopped before its end
                Path pid = work.resolve(m + ".pid");
                if (Files.isRegularFile(pid)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    /** The first of {@code n} consecutive loopback ports that are free now. */
    private static int freeRun(int n) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = TlsCluster.freePort();
            boolean ok = base + n < 32768;
            for (int i = 1; i < n && ok; i++) {
                try (ServerSocket s = new ServerSocket(base + i, 1, java.net.InetAddress.getLoopbackAddress())) {
                    ok = true;
                } catch (java.io.IOException e) {
                    ok = false;
                }
            }
            if (ok) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + n + " free ports");
    }
}
