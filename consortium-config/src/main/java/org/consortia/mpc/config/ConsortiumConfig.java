package org.consortia.mpc.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The consortium file, validated: its parties (ids 0..n-1 in order), the dealer (node id n; {@code null} in a
 * consortium whose parties make their own correlated randomness, {@code offline: ot}), the CA that signs every
 * member's certificate, protocol defaults, timeouts and the maximum frame size.
 */
public record ConsortiumConfig(Path source, String name, Path caCertificate, List<NodeAddress> parties,
        NodeAddress dealer, ProtocolParameters protocol, Timeouts timeouts, int maxFrameBytes,
        java.util.Set<java.math.BigInteger> revokedSerials) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;
    public static final int MIN_PARTIES = 2;
    public static final int MAX_PARTIES = 16;

    public ConsortiumConfig {
        parties = List.copyOf(parties);
        revokedSerials = revokedSerials == null ? java.util.Set.of() : java.util.Set.copyOf(revokedSerials);
    }

    /** A consortium without revoked certificates. */
    public ConsortiumConfig(Path source, String name, Path caCertificate, List<NodeAddress> parties, NodeAddress dealer,
            ProtocolParameters protocol, Timeouts timeouts, int maxFrameBytes) {
        this(source, name, caCertificate, parties, dealer, protocol, timeouts, maxFrameBytes, null);
    }

    /** The computing members' names, in party order. */
    public List<String> memberNames() {
        return parties.stream().map(NodeAddress::name).toList();
    }

    public int partyCount() {
        return parties.size();
    }

    /** Whether the consortium has a dealer node (id n). */
    public boolean hasDealer() {
        return dealer != null;
    }

    /** Node ids 0..n-1 are the parties, then the dealer (id n) if there is one. */
    public int nodeCount() {
        return parties.size() + (dealer == null ? 0 : 1);
    }

    public NodeAddress node(int id) {
        return id == parties.size() && dealer != null ? dealer : parties.get(id);
    }

    /** The node whose certificate names {@code name}, or {@code null}. */
    public NodeAddress nodeNamed(String name) {
        if (dealer != null && dealer.name().equals(name)) {
            return dealer;
        }
        return parties.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }
}
