package org.consortia.mpc.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.consortia.mpc.config.ConfigLoader;
import org.consortia.mpc.config.NodeAddress;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.netty.TlsCluster;
import org.consortia.mpc.runtime.session.ComparisonChoice;
import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.sharing.ring.RingMatmul;

/**
 * {@code bench.sh --transport process}: each party and the dealer in its own JVM ({@link BenchWorker}) over
 * mutual TLS on 127.0.0.1. A session's online and offline times are the slowest party's; medians over the reps;
 * {@code max_abs_error} over the op's checked outputs, reconstructed from the
 * parties' printed shares; {@code peak_rss_mb} the largest peak resident set of any node process.
 */
final class ProcessBench {
    /** The worker JVMs' collector unless {@code -Dmpc.bench.gc} names another: G1, as {@code bin/mpc-node} runs. */
    static final String NODE_GC = "-XX:+UseG1GC";
    private static final Pattern NUM = Pattern.compile("\"(\\w+)\":(-?[0-9.eE+-]+)");
    private static final Pattern SHARES = Pattern.compile("\"shares\":\\[([^\\]]*)\\]");

    private ProcessBench() {
    }

    /**
     * A consortium of {@code n} parties on 127.0.0.1 in a new directory: consortium.yaml, ca.crt and node-ID.key/.crt;
     * with {@code ot}, {@code protocol.offline: ot} and no dealer; with {@code malicious}, {@code protocol.security: malicious}.
     */
    static Path consortium(int n, int fractionalBits, boolean ot, boolean malicious) throws IOException {
        TlsCluster.Plan plan = TlsCluster.plan(n, ProtocolParameters.defaults().withFractionalBits(fractionalBits));
        Path dir = plan.dir();
        StringBuilder yaml = new StringBuilder("name: bench\nca: ca.crt\nparties:\n");
        for (int i = 0; i < (ot ? n : n + 1); i++) {
            NodeAddress a = plan.config().node(i);
            Pki.writeCertificate(plan.credentials().get(i).certificate(), dir.resolve("node-" + i + ".crt"));
            Pki.writePrivateKey(plan.credentials().get(i).keys().getPrivate(), dir.resolve("node-" + i + ".key"));
            if (i < n) {
                yaml.append("  - {id: ").append(i).append(", name: ").append(a.name()).append(", host: 127.0.0.1, port: ")
                        .append(a.port()).append("}\n");
            }
        }
        NodeAddress d = plan.config().dealer();
        if (!ot) {
            yaml.append("dealer: {name: ").append(d.name()).append(", host: 127.0.0.1, port: ").append(d.port()).append("}\n");
        }
        yaml.append("protocol: {fractionalBits: ").append(fractionalBits).append(", offline: ")
                .append(ot ? "ot" : "dealer").append(", comparisons: ")
                .append(ComparisonChoice.word(LocalCluster.comparisonsByDefault()))
                .append(malicious ? ", security: malicious" : "").append("}\n")
                .append("timeouts: {connect: 60s, round: 120s, idle: 60s}\n");
        Files.writeString(dir.resolve("consortium.yaml"), yaml);
        return dir;
    }

    /**
     * Unmeasured runs of a kernel before the measured ones, by default: {@code auto}, at least 30 and on to 200 runs or
     * 60 seconds ({@link BenchWorker}), since fresh JVMs' JIT needs more than 30 runs of a small kernel ({@code --warmup}
     * sets a count).
     */
    static final String DEFAULT_WARMUP = "auto";

    /**
     * @param warmupRuns unmeasured runs first, or -1 for the default ({@link #DEFAULT_WARMUP} for kernels, 1 for job-sized
     *     ops)
     * @param ot whether the parties make their correlated randomness by oblivious transfer: then the consortium has no
     *     dealer and no dealer process runs
     * @param malicious whether the nodes run the op in malicious mode (the consortium file says so)
     */
    static void run(BenchOp op, int n, int reps, int warmupRuns, LinkProbe link, double plainMs, boolean ot,
            boolean malicious) throws Exception {
        int nodes = ot ? n : n + 1;
        Path dir = consortium(n, op.fractionalBits(), ot, malicious);
        // the mode the workers run in: resolved from the file they read, as they resolve it
        Comparisons comparisons = ComparisonChoice.of(ConfigLoader.consortium(dir.resolve("consortium.yaml")));
        // every node is a fresh JVM: the JIT needs many sessions to settle (relu 100k: 61 ms after 5, 37 ms after 30),
        // where a deployed node is warm; a job-sized op warms it in one
        String warmup = warmupRuns >= 0 ? String.valueOf(warmupRuns) : op.extent().items() > 0 ? "1" : DEFAULT_WARMUP;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        List<List<String>> out = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) { // stdout to a file each: no node blocks on a pipe nobody reads yet
                // the collector deployed nodes run (conf/jvm.options): under ParallelGC a malicious product of 10^6
                // elements spent most of its time copying its 16 MiB arrays between survivor spaces
                List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + System.getProperty("mpc.bench.heap", "1536m"),
                        System.getProperty("mpc.bench.gc", NODE_GC)));
                cmd.addAll(RingMatmul.VECTOR_JVM_OPTIONS);
                for (String k : System.getProperties().stringPropertyNames()) { // the op's sizes (mpc.bench.link.keys, ...)
                    if (k.startsWith("mpc.bench.") && !k.startsWith("mpc.bench.jvmArgs.") && !k.equals("mpc.bench.heap")
                            && !k.equals("mpc.bench.gc")) {
                        cmd.add("-D" + k + "=" + System.getProperty(k));
                    }
                }
                String extra = System.getProperty("mpc.bench.jvmArgs." + i); // e.g. a profiler for one node
                if (extra != null && !extra.isBlank()) {
                    cmd.addAll(List.of(extra.trim().split("\\s+")));
                }
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchWorker.class.getName(), dir.toString(),
                        String.valueOf(i), op.name(), warmup, String.valueOf(reps)));
                procs.add(new ProcessBuilder(cmd)
                        .redirectOutput(dir.resolve("node-" + i + ".out").toFile())
                        .redirectError(dir.resolve("node-" + i + ".log").toFile()).start());
            }
            for (int i = 0; i < nodes; i++) {
                Process p = procs.get(i);
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IOException("node process " + i + " failed; see " + dir);
                }
                out.add(Files.readAllLines(dir.resolve("node-" + i + ".out")));
            }
        } finally {
            procs.forEach(Process::destroyForcibly);
        }
        double[] online = new double[reps];
        double[] offline = new double[reps];
        long otBytes = 0;
        long bytes = 0;
        long rounds = 0;
        long rss = 0;
        long[] sum = null;
        for (List<String> lines : out) {
            int rep = 0;
            for (String line : lines) {
                java.util.Map<String, Double> v = new java.util.HashMap<>();
                Matcher m = NUM.matcher(line);
                while (m.find()) {
                    v.put(m.group(1), Double.parseDouble(m.group(2)));
                }
                if (v.containsKey("peak_rss_mb")) {
                    rss = Math.max(rss, v.get("peak_rss_mb").longValue());
                    continue;
                }
                if (!v.containsKey("online_ms")) {
                    continue; // a line of a profiler's (JFR's "Started recording ..."), not of the worker
                }
                online[rep] = Math.max(online[rep], v.get("online_ms"));
                offline[rep] = Math.max(offline[rep], v.get("offline_ms"));
                bytes = Math.max(bytes, v.get("bytes").longValue());
                otBytes = Math.max(otBytes, v.getOrDefault("ot_bytes", 0.0).longValue());
                rounds = Math.max(rounds, v.get("rounds").longValue());
                Matcher s = SHARES.matcher(line);
                if (s.find() && !s.group(1).isEmpty()) {
                    String[] w = s.group(1).split(",");
                    if (sum == null) {
                        sum = new long[w.length];
                    }
                    for (int j = 0; j < w.length; j++) {
                        sum[j] += Long.parseLong(w[j]);
                    }
                }
                rep++;
            }
        }
        Bench.Quality q = sum == null ? new Bench.Quality(Double.NaN, "") : Bench.quality(op, n, sum);
        double onlineMs = LinkProbe.median(online);
        double offlineMs = LinkProbe.median(offline);
        Bench.report(op, n, "process", reps, onlineMs, offlineMs, bytes, rounds, q.maxAbsError(), link, plainMs,
                q.extra() + Bench.throughput(op, onlineMs, offlineMs) + ",\"peak_rss_mb\":" + rss
                        + (ot ? ",\"offline\":\"ot\",\"offline_bytes_per_party\":" + otBytes : "")
                        + ",\"comparisons\":\"" + ComparisonChoice.word(comparisons) + "\""
                        + (malicious ? MaliciousBench.MARK : ""));
    }
}
