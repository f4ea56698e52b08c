package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.consortia.mpc.node.cli.MpcNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** keygen, check-config and the run command's refusal paths, in-process. */
class CliTest {
    /** Runs the CLI in-process: {exit code, stdout, stderr}. */
    static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            code = new CommandLine(new MpcNode()).execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private static void consortium(Path dir) throws Exception {
        assertEquals("0", run("keygen", "--out", dir.resolve("certs").toString(), "--members", "a,b,dealer")[0]);
        Files.writeString(dir.resolve("consortium.yaml"), """
                name: t
                ca: certs/ca.crt
                parties:
                  - {id: 0, name: a, host: 127.0.0.1, port: 1}
                  - {id: 1, name: b, host: 127.0.0.1, port: 2}
                dealer: {name: dealer, host: 127.0.0.1, port: 3}
                """);
        for (String m : new String[] {"a", "b", "dealer"}) {
            Files.writeString(dir.resolve(m + ".yaml"), "consortium: consortium.yaml\nidentity: " + m + "\nkey: certs/" + m
                    + ".key\ncertificate: certs/" + m + ".crt\n");
        }
    }

    @Test
    void keygenThenCheckConfigReportsEveryPeer(@TempDir Path dir) throws Exception {
        consortium(dir);
        String[] r = run("check-config", "--config", dir.resolve("a.yaml").toString());
        assertEquals("1", r[0], "peers are down, so the check fails");
        assertTrue(r[1].contains("ok   configuration: a (node 0, 127.0.0.1:1) of consortium t"), r[1]);
        assertTrue(r[1].contains("ok   key and certificate: CN=a, signed by the consortium CA, valid 36"), r[1]);
        assertTrue(r[1].contains("FAIL b at 127.0.0.1:2: not reachable"), r[1]);
        assertTrue(r[1].contains("FAIL dealer at 127.0.0.1:3: not reachable"), r[1]);
        assertEquals("0", run("check-config", "--no-peers", "--config", dir.resolve("a.yaml").toString())[0]);
    }

    @Test
    void certificateOfAnotherMemberIsCaught(@TempDir Path dir) throws Exception {
        consortium(dir);
        Files.writeString(dir.resolve("a.yaml"), "consortium: consortium.yaml\nidentity: a\nkey: certs/b.key\ncertificate: certs/b.crt\n");
        String[] r = run("check-config", "--no-peers", "--config", dir.resolve("a.yaml").toString());
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("names CN=b, expected CN=a"), r[1]);
    }

    @Test
    void configErrorsNameFileAndFieldAndRolesAreChecked(@TempDir Path dir) throws Exception {
        consortium(dir);
        Files.writeString(dir.resolve("bad.yaml"), "consortium: consortium.yaml\nidentity: a\nkey: certs/a.key\n");
        String[] r = run("run", "--config", dir.resolve("bad.yaml").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("bad.yaml: certificate: found nothing (the key is missing), expected a non-empty string"), r[2]);
        r = run("dealer", "--config", dir.resolve("a.yaml").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("identity: found a, expected the dealer"), r[2]);
        r = run("run", "--config", dir.resolve("a.yaml").toString(), "--local-dealer", dir.resolve("dealer.yaml").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("allowInsecureLocalDealer: found false, expected true"), r[2]);
    }
}
