package org.consortia.mpc.node.cli;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import org.consortia.mpc.node.api.ApiClients;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Makes a bearer token for an API client and prints the line its node's clients file needs. */
@Command(name = "token", description = "Create a random API bearer token; print it, and the clients-file entry holding only "
        + "its SHA-256.")
public class TokenCommand implements Callable<Integer> {
    @Option(names = "--client", defaultValue = "coordinator", description = "the client's name (default: coordinator)")
    String client;

    @Option(names = "--roles", defaultValue = "submitter,reader", description = "roles: submitter, reader, auditor, admin "
            + "(default: submitter,reader)")
    String roles;

    @Option(names = "--out", description = "write the token to this file (created 0600, never overwritten) instead of "
            + "printing it, for a clients-file entry with tokenFile (as the shipped conf/clients.yaml's 'ops')")
    java.nio.file.Path out;

    @Override
    public Integer call() {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        if (out != null) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Files.createFile(out, java.nio.file.attribute.PosixFilePermissions
                        .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))), token + "\n");
            } catch (java.nio.file.FileAlreadyExistsException e) {
                System.err.println("token: " + out + " exists already; remove it first (a token file is never overwritten)");
                return ExitCodes.USAGE;
            } catch (java.io.IOException | UnsupportedOperationException e) {
                System.err.println("token: cannot write " + out + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
            System.err.println("wrote the token for " + client + " to " + out + " (0600); its line in the node's API clients file:");
            System.err.println("  - {name: " + client + ", roles: [" + roles.replace(",", ", ") + "], tokenFile: "
                    + out.getFileName() + "}");
            return 0;
        }
        System.out.println(token);
        System.err.println("give the token above to " + client + "; add this line under 'clients:' in the node's API clients file:");
        System.err.println("  - {name: " + client + ", roles: [" + roles.replace(",", ", ") + "], tokenSha256: "
                + HexFormat.of().formatHex(ApiClients.sha256(token)) + "}");
        return 0;
    }
}
