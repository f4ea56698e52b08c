package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.consortia.mpc.node.cli.MpcNode;
import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.runtime.tls.TlsMaterial;
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
            code = MpcNode.commandLine().execute(args);
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

    /** check-config opens every declared dataset (without reading rows): a missing column and a database that is down. */
    @Test
    void checkConfigProbesTheDeclaredDatasets(@TempDir Path dir) throws Exception {
        consortium(dir);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/visits.csv"), "id;visits\n1;2\n");
        Files.writeString(dir.resolve("data/ok.csv"), "id,visits\n1,2\n");
        Files.writeString(dir.resolve("pw"), "x\n");
        Files.writeString(dir.resolve("a.yaml"), "consortium: consortium.yaml\nidentity: a\nkey: certs/a.key\n"
                + "certificate: certs/a.crt\ndataDir: data\ndatasets:\n"
                + "  ok: {source: csv, path: ok.csv, columns: {id: string, visits: number}}\n"
                + "  visits: {source: csv, path: visits.csv, delimiter: \";\", columns: {id: string, age: number}}\n"
                + "  crm: {source: jdbc, url: \"jdbc:postgresql://127.0.0.1:1/crm\", table: customers, user: u, passwordFile: pw,"
                + " columns: {id: string}}\n");
        String[] r = run("check-config", "--no-peers", "--config", dir.resolve("a.yaml").toString());
        assertEquals("0", r[0], "a source may come later: warnings only");
        assertTrue(r[1].contains("ok   dataset ok"), r[1]);
        assertTrue(r[1].contains("WARN dataset visits: " + dir.resolve("a.yaml") + ": datasets.visits: the CSV file lacks the "
                + "declared column 'age'"), r[1]);
        assertTrue(r[1].contains("WARN dataset crm: " + dir.resolve("a.yaml") + ": datasets.crm: the database table cannot be "
                + "opened ("), r[1]);
        assertTrue(!r[1].contains("x\n") && !r[1].contains("password="), "never the password");
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

    /**
     * Keys stay with their owners: a member makes its key and a request, the CA's operator (who never sees the key)
     * signs it; the key is readable by its owner only; the request's signature is checked.
     */
    @Test
    void memberKeygenAndCaSignNeverMoveAPrivateKey(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca");
        Path member = dir.resolve("member");
        assertEquals("0", run("ca", "init", "--name", "demo", "--out", ca.toString())[0]);
        String[] k = run("keygen", "--member", "org-a", "--out", member.toString());
        assertEquals("0", k[0], k[2]);
        assertTrue(Files.isRegularFile(member.resolve("org-a.key")) && Files.isRegularFile(member.resolve("org-a.csr")));
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(member.resolve("org-a.key")));
        try (var files = Files.list(member)) {
            assertEquals(2, files.count(), "keygen --member writes the key and the request, nothing else");
        }
        Files.copy(member.resolve("org-a.csr"), ca.resolve("org-a.csr")); // only the request travels
        String[] other = run("ca", "sign", ca.resolve("org-a.csr").toString(), "--member", "org-b", "--ca-dir", ca.toString());
        assertEquals("2", other[0], "a request for org-a is not signed as org-b: " + other[1] + other[2]);
        assertEquals("0", run("keygen", "--member", "ca", "--out", dir.resolve("evil").toString())[0]);
        Files.copy(dir.resolve("evil/ca.csr"), ca.resolve("evil.csr"));
        String[] asCa = run("ca", "sign", ca.resolve("evil.csr").toString(), "--member", "ca", "--ca-dir", ca.toString());
        assertEquals("2", asCa[0], "'ca' is no member name, even when the request names it: " + asCa[2]);
        assertTrue(asCa[2].contains("not a member name"), asCa[2]);
        // host names in a request are certified only as the operator confirms them
        assertEquals("0", run("keygen", "--member", "org-h", "--host", "org-h.example.net,10.1.2.3", "--out",
                dir.resolve("h").toString())[0]);
        Files.copy(dir.resolve("h/org-h.csr"), ca.resolve("org-h.csr"));
        String[] unconfirmed = run("ca", "sign", ca.resolve("org-h.csr").toString(), "--member", "org-h", "--ca-dir", ca.toString());
        assertEquals("2", unconfirmed[0], unconfirmed[1] + unconfirmed[2]);
        assertTrue(unconfirmed[2].contains("[10.1.2.3, org-h.example.net]"), unconfirmed[2]);
        String[] confirmed = run("ca", "sign", ca.resolve("org-h.csr").toString(), "--member", "org-h", "--host",
                "org-h.example.net,10.1.2.3", "--ca-dir", ca.toString());
        assertEquals("0", confirmed[0], confirmed[2]);
        String sans = Pki.readCertificate(ca.resolve("org-h.crt")).getSubjectAlternativeNames().toString();
        assertTrue(sans.contains("org-h.example.net") && sans.contains("10.1.2.3"), sans);
        String caCrt = Files.readString(ca.resolve("ca.crt"));
        String[] s = run("ca", "sign", ca.resolve("org-a.csr").toString(), "--member", "org-a", "--ca-dir", ca.toString());
        assertEquals("0", s[0], s[2]);
        assertTrue(s[1].contains("key fingerprint " + Pki.keyFingerprint(
                Pki.readCertificate(ca.resolve("org-a.crt")).getPublicKey())), s[1]);
        assertTrue(k[1].contains(s[1].substring(s[1].indexOf("key fingerprint ") + 16, s[1].indexOf("key fingerprint ") + 80)),
                "the member and the CA operator see the same fingerprint: " + k[1]);
        assertEquals("2", run("ca", "sign", ca.resolve("org-a.csr").toString(), "--member", "org-a", "--ca-dir",
                ca.toString())[0], "an existing certificate is never overwritten");
        assertEquals(caCrt, Files.readString(ca.resolve("ca.crt")));
        var tls = TlsMaterial.load(member.resolve("org-a.key"), ca.resolve("org-a.crt"),
                ca.resolve("ca.crt"));
        assertEquals("org-a", Pki.commonName(tls.certificate()));
        assertTrue(Pki.keyMatches(tls.key(), tls.certificate()));
        tls.certificate().verify(Pki.readCertificate(ca.resolve("ca.crt")).getPublicKey());
        // a tampered request is refused, with exit code 2 and one line
        String csr = Files.readString(ca.resolve("org-a.csr"));
        Files.writeString(ca.resolve("bad.csr"), csr.substring(0, 150) + (csr.charAt(150) == 'A' ? "BBBB" : "AAAA") + csr.substring(154));
        String[] bad = run("ca", "sign", ca.resolve("bad.csr").toString(), "--member", "org-a", "--ca-dir", ca.toString());
        assertEquals("2", bad[0], bad[1] + bad[2]);
        assertEquals(1, bad[2].strip().lines().count(), bad[2]);
        assertEquals("2", run("keygen", "--member", "org-a", "--out", member.toString())[0], "an existing key is never overwritten");
    }

    /** An RSA key in PKCS#1 form (-----BEGIN RSA PRIVATE KEY-----) is read as well. */
    @Test
    void rsaKeysInPkcs1FormAreRead(@TempDir Path dir) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair kp = g.generateKeyPair();
        try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(dir.resolve("rsa.key")))) {
            w.writeObject(kp);
        }
        assertTrue(Files.readString(dir.resolve("rsa.key")).contains("BEGIN RSA PRIVATE KEY"));
        assertEquals(kp.getPrivate(), Pki.readPrivateKey(dir.resolve("rsa.key")));
        Files.writeString(dir.resolve("junk.key"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> Pki.readPrivateKey(dir.resolve("junk.key")));
        assertTrue(e.getMessage().contains("not a PEM private key"), e.getMessage());
    }

    /**
     * check-config catches what run refuses (issue 27): a policy key that does not exist, a clients file naming a token
     * file no step made, a state directory that cannot be made; a missing data directory is a warning for both. The
     * shipped first-install step (token --out) makes the token file the shipped clients file names, 0600, never
     * overwritten; the shipped dealer file passes as the dealer's.
     */
    @Test
    void checkConfigCatchesWhatRunRefuses(@TempDir Path dir) throws Exception {
        consortium(dir);
        String base = "consortium: consortium.yaml\nidentity: a\nkey: certs/a.key\ncertificate: certs/a.crt\n";
        Files.writeString(dir.resolve("policy.yaml"), "analyses: any\ndatasets:\n  - {name: x, minrows: 5}\n");
        Files.writeString(dir.resolve("p.yaml"), base + "policy: policy.yaml\ndataDir: data\n");
        Files.createDirectories(dir.resolve("data"));
        String[] check = run("check-config", "--no-peers", "--config", dir.resolve("p.yaml").toString());
        String[] start = run("run", "--config", dir.resolve("p.yaml").toString());
        assertEquals("1", check[0], check[1]);
        assertTrue(check[1].contains("FAIL policy: ") && check[1].contains("minrows"), check[1]);
        assertEquals("2", start[0], start[2]);
        assertTrue(start[2].contains("minrows"), start[2]);

        Files.writeString(dir.resolve("clients.yaml"), "clients:\n  - {name: ops, roles: [admin], tokenFile: ops.token}\n");
        Files.writeString(dir.resolve("c.yaml"), base + "apiPort: 1\napiClients: clients.yaml\ndataDir: data\n");
        check = run("check-config", "--no-peers", "--config", dir.resolve("c.yaml").toString());
        start = run("run", "--config", dir.resolve("c.yaml").toString());
        assertEquals("1", check[0], check[1]);
        assertTrue(check[1].contains("FAIL API clients: ") && check[1].contains("ops.token"), check[1]);
        assertEquals("2", start[0], start[2]);
        assertTrue(start[2].contains("ops.token"), start[2]);
        // the first-install step the README gives makes it pass
        String[] token = run("token", "--client", "ops", "--roles", "admin", "--out", dir.resolve("ops.token").toString());
        assertEquals("0", token[0], token[2]);
        assertTrue(token[2].contains("tokenFile: ops.token"), token[2]);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("ops.token"))));
        assertEquals("2", run("token", "--client", "ops", "--out", dir.resolve("ops.token").toString())[0], "never overwritten");
        check = run("check-config", "--no-peers", "--config", dir.resolve("c.yaml").toString());
        assertEquals("0", check[0], check[1]);
        assertTrue(check[1].contains("ok   API clients"), check[1]);

        Files.writeString(dir.resolve("blocker"), "a file where the state directory's parent should be");
        Files.writeString(dir.resolve("s.yaml"), base + "stateDir: blocker/state\ndataDir: nowhere\n");
        check = run("check-config", "--no-peers", "--config", dir.resolve("s.yaml").toString());
        start = run("run", "--config", dir.resolve("s.yaml").toString());
        assertEquals("1", check[0], check[1]);
        assertTrue(check[1].contains("FAIL state directory: ") && check[1].contains("stateDir"), check[1]);
        assertTrue(check[1].contains("WARN data directory: ") && check[1].contains("dataDir"), check[1]);
        assertEquals("2", start[0], start[2]);
        assertTrue(start[2].contains("stateDir"), start[2]);

        // the shipped dealer file, with this consortium's names, passes as the dealer's
        String dealer = Files.readString(Path.of("src/dist/conf/dealer.yaml")).replace("key: dealer.key", "key: certs/dealer.key")
                .replace("certificate: dealer.crt", "certificate: certs/dealer.crt");
        Files.writeString(dir.resolve("dealer-shipped.yaml"), dealer);
        check = run("check-config", "--no-peers", "--config", dir.resolve("dealer-shipped.yaml").toString());
        assertEquals("0", check[0], check[1]);
    }
}
