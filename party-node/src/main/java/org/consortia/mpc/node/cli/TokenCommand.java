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

    @Override
    public Integer call() {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        System.out.println(token);
        System.err.println("give the token above to " + client + "; add this line under 'clients:' in the node's API clients file:");
        System.err.println("  - {name: " + client + ", roles: [" + roles.replace(",", ", ") + "], tokenSha256: "
                + HexFormat.of().formatHex(ApiClients.sha256(token)) + "}");
        return 0;
    }
}
