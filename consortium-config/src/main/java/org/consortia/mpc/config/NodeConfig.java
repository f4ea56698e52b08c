package org.consortia.mpc.config;

import java.nio.file.Path;

/**
 * One organisation's node file: which consortium member it is ({@code identity}: a party's name or the
 * dealer's), its private key and certificate, its data directory, and whether it may run the dealer inside a
 * computing party (insecure; refused unless set), the port of its job API on 127.0.0.1 (0: none) and the file
 * of its API clients (hashed tokens or certificate fingerprints, each with roles), the state directory (job
 * records, audit log) and its policy file.
 */
public record NodeConfig(Path source, ConsortiumConfig consortium, NodeAddress self, Path privateKey, Path certificate,
        Path dataDir, boolean allowInsecureLocalDealer, int apiPort, Path apiClients, Path stateDir, Path policy) {

    public boolean isDealer() {
        return self.id() == consortium.partyCount();
    }

    @Override
    public String toString() {
        return "NodeConfig[" + self + " of " + consortium.name() + "]";
    }
}
