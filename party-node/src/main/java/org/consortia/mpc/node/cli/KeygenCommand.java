package org.consortia.mpc.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.consortia.mpc.runtime.tls.Pki;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A member's key, made where the member keeps it: {@code keygen --member NAME} writes NAME.key (readable by the owner
 * only) and NAME.csr, a certificate signing request for the consortium CA's operator ({@code ca sign}). For demos
 * only, {@code keygen --members a,b,c} makes a CA and every member's key in one place.
 */
@Command(name = "keygen", description = {"Create this member's private key and a certificate signing request (--member).",
    "Demos only: --members makes a CA and every member's key in one place (whoever runs it holds every key)."})
public class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = ".", description = "output directory (default: the current one)")
    Path out;

    @Option(names = "--member", description = "this member's name (the CN the consortium file lists)")
    String member;

    @Option(names = "--host", split = ",", description = "with --member: host names or IP addresses this member's node "
            + "(and its API) is reached at, asked for in the request so that clients can check the server's name")
    List<String> hosts = new java.util.ArrayList<>();

    @Option(names = "--members", split = ",", description = "demos only: every member's name (parties and dealer)")
    List<String> members;

    @Option(names = "--consortium", defaultValue = "consortium", description = "demos only: consortium name, for the CA's CN")
    String consortium;

    @Option(names = "--days", defaultValue = "365", description = "demos only: validity in days (default 365)")
    int days;

    @Override
    public Integer call() throws Exception {
        if ((member == null) == (members == null)) {
            System.err.println("keygen: give --member NAME (this member's key and request) or, for a demo, --members a,b,c");
            return ExitCodes.USAGE;
        }
        Files.createDirectories(out);
        if (member != null) {
            if (!member.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                System.err.println("keygen: --member \"" + member + "\": expected letters, digits, '.', '_' or '-'");
                return ExitCodes.USAGE;
            }
            Path key = out.resolve(member + ".key");
            if (Files.exists(key)) {
                System.err.println("keygen: " + key + " exists; move it away first (a new key needs a new certificate)");
                return ExitCodes.USAGE;
            }
            KeyPair kp = Pki.newKeyPair();
            String request;
            try {
                request = Pki.certificateRequestPem(kp, member, hosts);
            } catch (IllegalArgumentException e) {
                System.err.println("keygen: --host " + e.getMessage());
                return ExitCodes.USAGE;
            }
            Pki.writePrivateKey(kp.getPrivate(), key);
            Files.writeString(out.resolve(member + ".csr"), request);
            System.out.println("wrote " + key + " (private: it never leaves this machine) and " + out.resolve(member + ".csr")
                    + " (send it to the consortium CA's operator: mpc-node ca sign " + member + ".csr --member " + member
                    + (hosts.isEmpty() ? "" : " --host " + String.join(",", hosts)) + "); key fingerprint "
                    + Pki.keyFingerprint(kp.getPublic()));
            return ExitCodes.OK;
        }
        if (!CaCommand.validDays("keygen", days)) {
            return ExitCodes.USAGE;
        }
        Duration validity = Duration.ofDays(days);
        Pki.Credential ca = Pki.newCa(consortium, validity);
        Pki.writeCertificate(ca.certificate(), out.resolve("ca.crt"));
        Pki.writePrivateKey(ca.keys().getPrivate(), out.resolve("ca.key"));
        for (String m : members) {
            Pki.Credential c = Pki.issue(ca, m, validity);
            Pki.writeCertificate(c.certificate(), out.resolve(m + ".crt"));
            Pki.writePrivateKey(c.keys().getPrivate(), out.resolve(m + ".key"));
        }
        System.out.println("DEMO ONLY: wrote ca.crt, ca.key and a .crt/.key pair for " + String.join(", ", members) + " to " + out
                + " (valid " + days + " days); in a real consortium each member runs 'keygen --member NAME' itself");
        return ExitCodes.OK;
    }
}
