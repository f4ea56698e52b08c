package org.consortia.mpc.config;

import java.nio.file.Path;

/**
 * One organisation's node file: which consortium member it is ({@code identity}: a party's name or the
 * dealer's), its private key and certificate, its data directory, and whether it may run the dealer inside a
 * computing party (insecure; refused unless set), the port of its job API on 127.0.0.1 (0: none) and the file
 * of its API clients (hashed tokens or certificate fingerprints, each with roles), the state directory (job
 * records, audit log), its policy file, the JVM heap limit the launcher ({@code scripts/mpc-node}) sets
 * ({@code maxHeap}, e.g. {@code 2g}; {@code null}: the JVM's default) and the memory a job's micro-batches are
 * sized for ({@code jobMemory}, e.g. {@code 512m}), the address its peer transport binds ({@code listen}; by
 * default the host the consortium file advertises for it) and the address its job API binds ({@code apiBind};
 * loopback by default), and its declared {@code datasets} (name to source and columns; a name not declared is a
 * CSV file of that name in the data directory).
 */
public record NodeConfig(Path source, ConsortiumConfig consortium, NodeAddress self, Path privateKey, Path certificate,
        Path dataDir, boolean allowInsecureLocalDealer, int apiPort, Path apiClients, Path stateDir, Path policy,
        String maxHeap, long jobMemoryBytes, String listen, String apiBind, java.util.Map<String, DatasetSpec> datasets) {
    /** The default memory a job's micro-batches are sized for ({@code jobMemory} in the node file). */
    public static final long DEFAULT_JOB_MEMORY_BYTES = 512L << 20;
    /** The job API's default bind address. */
    public static final String LOOPBACK = "127.0.0.1";

    public NodeConfig {
        listen = listen == null ? self.host() : listen;
        apiBind = apiBind == null ? LOOPBACK : apiBind;
        datasets = datasets == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(datasets));
    }

    /** The node file without declared datasets (every dataset a CSV file in the data directory). */
    public NodeConfig(Path source, ConsortiumConfig consortium, NodeAddress self, Path privateKey, Path certificate,
            Path dataDir, boolean allowInsecureLocalDealer, int apiPort, Path apiClients, Path stateDir, Path policy,
            String maxHeap, long jobMemoryBytes, String listen, String apiBind) {
        this(source, consortium, self, privateKey, certificate, dataDir, allowInsecureLocalDealer, apiPort, apiClients,
                stateDir, policy, maxHeap, jobMemoryBytes, listen, apiBind, null);
    }

    /** The node file of the earlier shape: listening where it is advertised, the API on loopback. */
    public NodeConfig(Path source, ConsortiumConfig consortium, NodeAddress self, Path privateKey, Path certificate,
            Path dataDir, boolean allowInsecureLocalDealer, int apiPort, Path apiClients, Path stateDir, Path policy,
            String maxHeap, long jobMemoryBytes) {
        this(source, consortium, self, privateKey, certificate, dataDir, allowInsecureLocalDealer, apiPort, apiClients,
                stateDir, policy, maxHeap, jobMemoryBytes, null, null, null);
    }


    /** {@code maxHeap} in bytes, or -1 when unset. */
    public long maxHeapBytes() {
        if (maxHeap == null) {
            return -1;
        }
        long n = Long.parseLong(maxHeap.substring(0, maxHeap.length() - 1));
        return Character.toLowerCase(maxHeap.charAt(maxHeap.length() - 1)) == 'g' ? n << 30 : n << 20;
    }

    /** This node's id in the consortium. */
    public int selfId() {
        return self.id();
    }

    /** The name of node {@code id} in the consortium. */
    public String nodeName(int id) {
        return consortium.node(id).name();
    }

    public boolean isDealer() {
        return self.id() == consortium.partyCount();
    }

    @Override
    public String toString() {
        return "NodeConfig[" + self + " of " + consortium.name() + "]";
    }
}
