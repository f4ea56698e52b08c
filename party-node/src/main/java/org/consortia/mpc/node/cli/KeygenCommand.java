package org.consortia.mpc.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.consortia.mpc.runtime.tls.Pki;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Makes a consortium CA and a key and certificate per member. */
@Command(name = "keygen", description = "Create a consortium CA and a key and certificate for every member.")
public class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--members", required = true, split = ",", description = "member names (parties and dealer)")
    List<String> members;

    @Option(names = "--consortium", defaultValue = "consortium", description = "consortium name, for the CA's CN")
    String consortium;

    @Option(names = "--days", defaultValue = "365", description = "validity in days (default 365)")
    int days;

    @Override
    public Integer call() throws Exception {
        if (days < 1) {
            System.err.println("--days: found " + days + ", expected at least 1");
            return 2;
        }
        Files.createDirectories(out);
        Duration validity = Duration.ofDays(days);
        Pki.Credential ca = Pki.newCa(consortium, validity);
        Pki.writeCertificate(ca.certificate(), out.resolve("ca.crt"));
        Pki.writePrivateKey(ca.keys().getPrivate(), out.resolve("ca.key"));
        for (String m : members) {
            Pki.Credential c = Pki.issue(ca, m, validity);
            Pki.writeCertificate(c.certificate(), out.resolve(m + ".crt"));
            Pki.writePrivateKey(c.keys().getPrivate(), out.resolve(m + ".key"));
        }
        System.out.println("wrote ca.crt, ca.key and a .crt/.key pair for " + String.join(", ", members) + " to " + out
                + " (valid " + days + " days; keep ca.key offline)");
        return 0;
    }
}
