package org.consortia.mpc.config;

import java.nio.file.Path;

/**
 * One node of the consortium (a party or the dealer): its node id (parties 0..n-1, the dealer n), the name
 * its certificate must carry as CN, where it listens, and optionally its pinned certificate.
 */
public record NodeAddress(int id, String name, String host, int port, Path certificate) {
    @Override
    public String toString() {
        return name + " (node " + id + ", " + host + ":" + port + ")";
    }
}
