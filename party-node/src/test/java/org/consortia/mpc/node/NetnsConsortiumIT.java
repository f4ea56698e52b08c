package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Parties in separate network namespaces (veth pairs on a bridge, netem delay where the kernel has it) give
 * the same results as plaintext: runs {@code scripts/run-local.sh --netns 3} with this build's class path.
 * Skips, saying why, where namespaces cannot be created.
 */
class NetnsConsortiumIT {
    @Test
    void regressionAcrossNetworkNamespaces() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path script = repo.resolve("scripts/run-local.sh");
        Assumptions.assumeTrue(Files.isExecutable(script), "no scripts/run-local.sh beside this module");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "--netns", "3").directory(repo.toFile())
                .redirectErrorStream(true);
        pb.environment().put("MPC_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("MPC_BASE_PORT", String.valueOf(20000 + (int) (ProcessHandle.current().pid() % 20000)));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "run-local.sh --netns did not finish");
        Assumptions.assumeTrue(p.exitValue() != 77, "skipped: " + out.lines().filter(l -> l.contains("SKIP")).findFirst()
                .orElse("network namespaces unavailable"));
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("max |secure - plaintext| / max(1, |plaintext|) = "), out);
        assertTrue(out.lines().filter(l -> l.matches("\\d\\s+\\d\\s+\\d\\s+\\d\\s+.*")).count() == 5, "five inference rows: " + out);
    }
}
