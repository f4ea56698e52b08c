package org.consortia.mpc.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.consortia.mpc.runtime.tls.Pki;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The consortium CA operator's commands: {@code ca init} and {@code ca sign REQUEST}; no member's key passes here. */
@Command(name = "ca", description = "The consortium CA: create it (init) and sign members' certificate requests (sign).",
        subcommands = {CaCommand.Init.class, CaCommand.Sign.class})
public final class CaCommand {
    private CaCommand() {
    }

    /** A validity of at least one day; otherwise one line naming the command and the option. */
    static boolean validDays(String command, int days) {
        if (days < 1) {
            System.err.println(command + ": --days: found " + days + ", expected at least 1");
            return false;
        }
        return true;
    }

    @Command(name = "init", description = "Create the consortium CA: ca.key (keep it offline) and ca.crt (give it to every member).")
    public static class Init implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "the consortium's name (the CA's CN is 'NAME CA')")
        String name;

        @Option(names = "--out", defaultValue = ".", description = "output directory (default: the current one)")
        Path out;

        @Option(names = "--days", defaultValue = "1825", description = "validity in days (default 1825)")
        int days;

        @Override
        public Integer call() throws Exception {
            if (!validDays("ca init", days)) {
                return ExitCodes.USAGE;
            }
            Files.createDirectories(out);
            if (Files.exists(out.resolve("ca.key"))) {
                System.err.println("ca init: " + out.resolve("ca.key") + " exists; a consortium has one CA");
                return ExitCodes.USAGE;
            }
            Pki.Credential ca = Pki.newCa(name, Duration.ofDays(days));
            Pki.writePrivateKey(ca.keys().getPrivate(), out.resolve("ca.key"));
            Pki.writeCertificate(ca.certificate(), out.resolve("ca.crt"));
            System.out.println("wrote " + out.resolve("ca.key") + " (keep it offline) and " + out.resolve("ca.crt"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "sign", description = "Sign a member's certificate request (made by 'keygen --member NAME').")
    public static class Sign implements Callable<Integer> {
        @Parameters(index = "0", description = "the request (NAME.csr)")
        Path request;

        @Option(names = "--member", required = true, description = "the member the request must name (its CN): "
                + "checked, so that a request cannot claim another member's name")
        String member;

        @Option(names = "--ca-dir", defaultValue = ".", description = "the directory of ca.key and ca.crt (default: the current one)")
        Path caDir;

        @Option(names = "--out", description = "the certificate to write (default: NAME.crt next to the request)")
        Path out;

        @Option(names = "--days", defaultValue = "365", description = "validity in days (default 365)")
        int days;

        @Option(names = "--host", split = ",", description = "the host names and addresses the request asks for, as the "
                + "operator has confirmed them with the member (the request's must be exactly these)")
        java.util.List<String> hosts = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (!validDays("ca sign", days)) {
                return ExitCodes.USAGE;
            }
            if (member.equalsIgnoreCase("ca") || !member.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                System.err.println("ca sign: --member \"" + member + "\": not a member name (letters, digits, . _ -; not 'ca')");
                return ExitCodes.USAGE;
            }
            X509Certificate cert;
            try {
                X509Certificate caCert = Pki.readCertificate(caDir.resolve("ca.crt"));
                Pki.Credential ca = new Pki.Credential(new java.security.KeyPair(caCert.getPublicKey(),
                        Pki.readPrivateKey(caDir.resolve("ca.key"))), caCert);
                cert = Pki.signRequest(ca, request, Duration.ofDays(days), hosts);
            } catch (java.nio.file.NoSuchFileException e) {
                System.err.println("ca sign: no such file: " + e.getFile());
                return ExitCodes.USAGE;
            } catch (java.io.IOException e) {
                System.err.println("ca sign: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            String name = Pki.commonName(cert);
            if (!name.equals(member)) {
                System.err.println("ca sign: " + request + " names \"" + name + "\", not the member \"" + member + "\"; refused");
                return ExitCodes.USAGE;
            }
            Path target = out != null ? out : request.toAbsolutePath().resolveSibling(member + ".crt");
            if (java.nio.file.Files.exists(target)) {
                System.err.println("ca sign: " + target + " exists; move it away first (nothing is overwritten)");
                return ExitCodes.USAGE;
            }
            Pki.writeCertificate(cert, target);
            System.out.println("signed " + name + ": wrote " + target + " (serial " + cert.getSerialNumber().toString(16)
                    + ", valid until " + cert.getNotAfter().toInstant() + "); key fingerprint " + Pki.keyFingerprint(cert.getPublicKey())
                    + " (compare it with the member's, out of band, before sending the certificate back with ca.crt)");
            return ExitCodes.OK;
        }
    }
}
