package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.consortia.mpc.node.ChildProcess.Result;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution ({@code target/mpc-node-VERSION.tar.gz}, built by 'package' before this integration test
 * runs) unpacked into an empty directory, as an operator would: its launcher answers --help (with the exit codes),
 * makes the member's key and request (the CA's operator signs it; the key never leaves the installation), checks
 * the member's configuration against a running consortium, and runs its node, which joins the others (started from
 * the build) and completes a job; its log lines carry timestamps and the job's id from conf/logback.xml.
 */
class DistributionIT {
    @Test
    void theArchiveUnpackedIntoAnEmptyDirectoryRunsAMembersNode(@TempDir Path dir) throws Exception {
        Path archive = Path.of(System.getProperty("mpc.dist", "target/mpc-node.tar.gz"));
        assertTrue(Files.isRegularFile(archive), "no distribution at " + archive + " (run 'mvn verify', which packages it)");
        Path install = Files.createDirectories(dir.resolve("install"));
        assertEquals(0, run(install, List.of("tar", "-xzf", archive.toString(), "-C", install.toString())).code());
        Path home;
        try (Stream<Path> s = Files.list(install)) {
            List<Path> top = s.toList();
            assertEquals(1, top.size(), "one top-level directory: " + top);
            home = top.get(0);
        }
        assertTrue(home.getFileName().toString().startsWith("mpc-node-"), home.toString());
        for (String f : new String[] {"bin/mpc-node", "lib/party-node.jar", "conf/consortium.yaml", "conf/node.yaml",
            "conf/policy.yaml", "conf/clients.yaml", "conf/logback.xml", "conf/logback-json.xml", "conf/jvm.options", "conf/mpc-node.service",
            "LICENSE", "NOTICE"}) {
            assertTrue(Files.isRegularFile(home.resolve(f)), "the distribution lacks " + f);
        }
        Path launcher = home.resolve("bin/mpc-node");
        assertTrue(Files.isExecutable(launcher), "bin/mpc-node is not executable");

        Result help = run(dir, List.of(launcher.toString(), "--help"));
        assertEquals(0, help.code(), help.output());
        assertTrue(help.output().contains("Exit codes"), help.output());
        Result runHelp = run(dir, List.of(launcher.toString(), "run", "--help"));
        assertEquals(0, runHelp.code(), runHelp.output());
        assertTrue(runHelp.output().contains("--config"), runHelp.output());

        try (LocalConsortium c = new LocalConsortium(Files.createDirectories(dir.resolve("consortium")), 2, "10s")) {
            // the new member's key never leaves its installation: keygen --member there, the CA's operator signs the request
            Result keygen = run(home, List.of(launcher.toString(), "keygen", "--member", "org-0", "--out", "conf"));
            assertEquals(0, keygen.code(), keygen.output());
            Path caDir = Files.createDirectories(dir.resolve("ca-operator"));
            org.consortia.mpc.runtime.tls.Pki.writePrivateKey(c.ca.keys().getPrivate(), caDir.resolve("ca.key"));
            org.consortia.mpc.runtime.tls.Pki.writeCertificate(c.ca.certificate(), caDir.resolve("ca.crt"));
            Files.copy(home.resolve("conf/org-0.csr"), caDir.resolve("org-0.csr"));
            Result sign = run(caDir, List.of(launcher.toString(), "ca", "sign", "org-0.csr", "--member", "org-0", "--ca-dir",
                    caDir.toString()));
            assertEquals(0, sign.code(), sign.output());
            Files.copy(caDir.resolve("org-0.crt"), home.resolve("conf/org-0.crt"));
            Path nodeFile = dir.resolve("consortium/org-0.yaml");
            Files.writeString(nodeFile, Files.readString(nodeFile)
                    .replace("key: org-0.key", "key: " + home.resolve("conf/org-0.key"))
                    .replace("certificate: org-0.crt", "certificate: " + home.resolve("conf/org-0.crt")));
            assertTrue(Files.readString(nodeFile).contains(home.resolve("conf/org-0.key").toString()), Files.readString(nodeFile));
            c.start(1);
            c.start(2); // the dealer
            Result check;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            do { // until org-1 and the dealer listen
                check = run(dir, List.of(launcher.toString(), "check-config", "--config",
                        dir.resolve("consortium/org-0.yaml").toString()));
            } while (check.code() != 0 && System.nanoTime() < deadline && sleep());
            System.out.println("DistributionIT: check-config from the distribution:\n" + check.output());
            assertEquals(0, check.code(), check.output());
            c.startWith(0, launcher);
            c.awaitMesh(0, Duration.ofSeconds(60));
            String id = c.submit(0, NodeProcessFaultIT.matmulLoop(4, 3));
            JsonObject rec = c.awaitJob(0, id, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", rec.getString("state"), rec.encode());
            String log = Files.readString(dir.resolve("consortium/org-0.log"));
            assertTrue(log.lines().anyMatch(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*\\[INFO\\].*")),
                    "no timestamped log line:\n" + log);
            assertTrue(log.lines().anyMatch(l -> l.contains("{job=") && l.contains(" succeeded in ")),
                    "no line naming its job in an MDC field:\n" + log);
        }
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(500);
        return true;
    }

    private static Result run(Path cwd, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return ChildProcess.run(pb, Duration.ofSeconds(60));
    }
}
