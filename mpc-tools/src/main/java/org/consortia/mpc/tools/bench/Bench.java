package org.consortia.mpc.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.consortia.mpc.config.ComparisonMode;
import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.netty.LinkEmulation;
import org.consortia.mpc.runtime.netty.TlsCluster;
import org.consortia.mpc.runtime.session.ComparisonChoice;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.sharing.AdditiveSharing;
import org.consortia.mpc.sharing.fixed.FixedPoint;

/**
 * The benchmark driver behind {@code scripts/bench.sh}: one JSON object per line on stdout with the keys
 * DESIGN.md fixes (op, parties, transport, shape, reps, online_ms, offline_ms, bytes_per_party, rounds,
 * max_abs_error, roofline_ms) plus plaintext_ms, the two ratios and the dealer's bytes; a table on stderr.
 *
 * <pre>Bench [--ops mul,matmul128,...] [--parties 2,3] [--transport local|tcp|process] [--reps N] [--tls auto|jdk|openssl]</pre>
 * The tcp transport runs every node's Netty transport in this JVM over real mutual-TLS sockets on 127.0.0.1; the
 * process transport runs each party and the dealer in its own JVM ({@link BenchWorker}), as deployed, and adds
 * {@code peak_rss_mb} (the largest peak resident set of any of them).
 */
public final class Bench {
    static final List<String> ALL_OPS = List.of("mul", "matmul128", "matmul256", "relu", "sigmoid", "gelu", "maxpool", "argmax",
            "lenet1", "lenet64", "digits1", "mlp1", "linreg_infer", "secure_sum", "linreg_train", "program_linreg", "logreg_train");
    /** Dealer-free Beaver triples by oblivious transfer ({@link OtTripleBench}): 1M with 2 parties, 300k with 3, else 100k. */
    static final String OT_TRIPLES = "ot_triples";

    /**
     * Job-sized ops (a second to a minute per run: ResNet-18 on 1 and 16 CIFAR-shaped images, MobileNetV2 and
     * SqueezeNet 1.1 on one 3x64x64 image, the 2-layer transformer on one sequence of 32): only when named.
     */
    static final List<String> JOB_OPS = List.of(OT_TRIPLES, "lenet10k", "linreg1m", "sum10m", "resnet18", "resnet18x16", "mobilenetv2",
            "squeezenet", "transformer", "rf100", "link_ecdh", "link_oprf", "link_secret",
            "query_bank_insurer", "gbdt_train");

    private Bench() {
    }

    public static void main(String[] args) {
        List<String> ops = ALL_OPS;
        List<Integer> parties = List.of(2, 3);
        List<String> transports = List.of("local", "tcp");
        int reps = 10;
        String tls = "auto";
        String offline = "dealer";
        String security = "semi-honest";
        String emulateRtt = "20ms";
        String emulateBandwidth = "1gbit";
        int warmup = -1; // the default: ProcessBench.DEFAULT_WARMUP for kernels between processes
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            try { // a bad value: one line, not a stack trace
                switch (a) {
                    case "--ops" -> ops = List.of(need(a, v).split(","));
                    case "--parties" -> parties = java.util.Arrays.stream(need(a, v).split(",")).map(Integer::parseInt).toList();
                    case "--transport" -> transports = List.of(need(a, v).split(","));
                    case "--reps" -> {
                        reps = Integer.parseInt(need(a, v));
                        if (reps < 1) {
                            throw new IllegalArgumentException("--reps: a count of measured runs, at least 1");
                        }
                    }
                    case "--tls" -> tls = need(a, v);
                    case "--offline" -> {
                        offline = need(a, v);
                        if (!offline.equals("dealer") && !offline.equals("ot")) {
                            throw new IllegalArgumentException("--offline: dealer or ot");
                        }
                    }
                    case "--security" -> {
                        security = need(a, v);
                        if (SecurityMode.of(security) == null) {
                            throw new IllegalArgumentException("--security: semi-honest or malicious");
                        }
                    }
                    case "--comparisons" -> { // every cluster and consortium file of this run takes it
                        String mode = need(a, v);
                        if (ComparisonMode.of(mode) == null
                                || mode.equals(ComparisonMode.AUTO.word())) {
                            throw new IllegalArgumentException("--comparisons: boolean or fss");
                        }
                        System.setProperty(LocalCluster.COMPARISONS_PROPERTY, mode);
                    }
                    case "--wan" -> {
                        transports = List.of("tcp", "wan");
                        i--; // no value
                    }
                    case "--warmup" -> {
                        String w = need(a, v);
                        warmup = w.equals("auto") ? -1 : Integer.parseInt(w);
                        if (warmup < -1 || (warmup == -1 && !w.equals("auto"))) {
                            throw new IllegalArgumentException("--warmup: auto, or a count of runs, at least 0");
                        }
                    }
                    case "--emulate-rtt" -> emulateRtt = need(a, v);
                    case "--emulate-bandwidth" -> emulateBandwidth = need(a, v);
                    case "-h", "--help" -> {
                        System.err.println("usage: bench.sh [--ops a,b] [--parties 2,3] [--transport local|tcp|process|wan] [--wan] [--emulate-rtt 20ms]"
                                + " [--emulate-bandwidth 1gbit] [--reps N] [--warmup auto|N] [--tls auto|jdk|openssl] [--offline dealer|ot] [--comparisons boolean|fss] [--security semi-honest|malicious]\n"
                                + "--warmup N: unmeasured runs before the measured ones with --transport process (default "
                                + "auto for kernels: at least 30 runs, on to 200 runs or 60 s, enough for fresh JVMs' JIT to"
                                + " settle, as deployed nodes are warm; 1 for job-sized ops)\n"
                                + "--wan: every op over tcp (LAN) and over links emulating --emulate-rtt and --emulate-bandwidth\n"
                                + "--offline ot: correlated randomness by oblivious transfer among the parties, no dealer (over "
                                + "any transport; with process, no dealer process runs)\n"
                                + "--security malicious: each op in both modes, side by side (" + String.join(", ", MaliciousBench.OPS)
                                + " so far; over local or tcp)\nops: "
                                + String.join(", ", ALL_OPS) + "\njob-sized ops (named only): " + String.join(", ", JOB_OPS));
                        return;
                    }
                    default -> {
                        System.err.println("unknown option " + a + " (try --help)");
                        System.exit(2);
                    }
                }
            } catch (IllegalArgumentException e) {
                String m = String.valueOf(e.getMessage());
                System.err.println("bench: " + (m.startsWith(a) ? m : a + ": " + m) + " (try --help)");
                System.exit(2);
            }
            i++;
        }
        FixedPoint fp = new FixedPoint(ProtocolParameters.DEFAULT_FRACTIONAL_BITS);
        System.err.printf(Locale.ROOT, "%-10s %3s %-9s %10s %10s %10s %12s %6s %10s %9s%n", "op", "n", "transport",
                "online_ms", "offline_ms", "roofline", "bytes/party", "rounds", "max_err", "x_plain");
        for (String transport : transports) {
            if (!List.of("local", "tcp", "process", "wan").contains(transport)) {
                System.err.println("unknown transport '" + transport + "': expected local, tcp, process or wan");
                System.exit(2);
            }
            for (String opName : ops) {
                if (opName.equals(OT_TRIPLES)) { // the OT generator alone: triples per second and bytes per triple
                    for (int n : parties) {
                        try {
                            OtTripleBench.run(n, n == 2 ? 1_000_000 : n == 3 ? 300_000 : 100_000, 1 << 15,
                                    transport.equals("process") ? "process" : "memory");
                        } catch (Exception e) {
                            throw new IllegalStateException("ot_triples benchmark failed: " + e.getMessage(), e);
                        }
                    }
                    continue;
                }
                if (security.equals("malicious") && (!MaliciousBench.OPS.contains(opName) || offline.equals("ot"))) {
                    System.err.println("--security malicious: ops " + String.join(", ", MaliciousBench.OPS) + " with the "
                            + "dealer so far, not " + opName + " (" + offline + ")");
                    System.exit(2);
                }
                BenchOp op = BenchOp.of(opName, fp);
                int opReps = Math.min(reps, op.extent().maxReps());
                double plainMs = plaintextMillis(op, opReps);
                for (int n : parties) {
                    if (transport.equals("process")) {
                        try (LocalCluster probe = cluster("tcp", n, tls, op.fractionalBits(), null)) {
                            LinkProbe link = LinkProbe.measure(probe);
                            ProcessBench.run(op, n, opReps, warmup, link, plainMs, offline.equals("ot"), false);
                            if (security.equals("malicious")) {
                                ProcessBench.run(op, n, opReps, warmup, link, plainMs, false, true);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException("process benchmark of " + op.name() + " failed: " + e.getMessage(), e);
                        }
                        continue;
                    }
                    LinkEmulation wan = transport.equals("wan") ? LinkEmulation.parse(emulateRtt, emulateBandwidth) : null;
                    try (LocalCluster cluster = offline.equals("ot") ? cluster(transport, n, tls, op.fractionalBits(), wan).otOffline()
                            : cluster(transport, n, tls, op.fractionalBits(), wan)) {
                        LinkProbe link = LinkProbe.measure(cluster);
                        System.err.printf(Locale.ROOT, "# %s, %d parties: rtt %.4f ms, bandwidth %.0f MB/s%n", transport, n,
                                link.rttMillis(), link.bytesPerMilli() / 1e3);
                        runOne(cluster, op, n, transport, opReps, link, plainMs);
                        if (security.equals("malicious")) {
                            runOne(cluster.malicious(), op, n, transport, opReps, link, plainMs);
                        }
                    }
                }
            }
        }
    }

    /** The in-memory cluster ("local"), or a TLS cluster over loopback, its links emulating {@code wan} if not null. */
    private static LocalCluster cluster(String transport, int n, String tls, int fractionalBits, LinkEmulation wan) {
        ProtocolParameters params = ProtocolParameters.defaults().withFractionalBits(fractionalBits);
        if (transport.equals("local")) {
            return new LocalCluster(n, params);
        }
        try {
            return TlsCluster.start(n, params, TlsMaterial.provider(tls), ConsortiumConfig.DEFAULT_MAX_FRAME_BYTES,
                    wan);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start the TLS cluster: " + e.getMessage(), e);
        }
    }

    private static String need(String opt, String v) {
        if (v == null) {
            System.err.println(opt + " needs a value");
            System.exit(2);
        }
        return v;
    }

    private static double plaintextMillis(BenchOp op, int reps) {
        boolean job = op.extent().items() > 0;
        for (int i = 0; i < (job ? 1 : 3); i++) {
            op.plaintext().run();
        }
        double[] t = new double[job ? Math.max(reps, 3) : Math.max(reps, 5)];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            op.plaintext().run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        return LinkProbe.median(t);
    }

    private static void runOne(LocalCluster cluster, BenchOp op, int n, String transport, int reps,
            LinkProbe link, double plainMs) {
        int warmup = op.extent().items() > 0 ? 1 : Math.max(2, reps / 3);
        JointProgram<long[]> program = MaliciousBench.program(op);
        for (int i = 0; i < warmup; i++) {
            cluster.run(program);
        }
        double[] online = new double[reps];
        double[] offline = new double[reps];
        long bytes = 0;
        long rounds = 0;
        long dealerBytes = 0;
        Quality quality = new Quality(Double.NaN, "");
        for (int i = 0; i < reps; i++) {
            ClusterRun<long[]> run = cluster.run(program);
            online[i] = run.onlineMillis();
            offline[i] = run.offlineMillis();
            bytes = run.maxOnlineBytesSent();
            rounds = run.rounds();
            dealerBytes = run.dealerBytes();
            if (i == 0) {
                long[] z = AdditiveSharing.reconstruct(run.results().toArray(long[][]::new));
                quality = quality(op, n, java.util.Arrays.copyOf(z, Math.min(z.length, op.extent().checkedOutputs())));
            }
        }
        double onlineMs = LinkProbe.median(online);
        double offlineMs = LinkProbe.median(offline);
        // a round in which every party sends and then waits costs one one-way delay: rounds x RTT/2 is the latency floor
        String wan = transport.equals("wan") ? String.format(Locale.ROOT, ",\"rounds_x_half_rtt_ms\":%.1f",
                rounds * link.rttMillis() / 2) : "";
        String ot = cluster.lastOtBytesPerParty() > 0 ? ",\"offline\":\"ot\",\"offline_bytes_per_party\":"
                + cluster.lastOtBytesPerParty() : "";
        report(op, n, transport, reps, onlineMs, offlineMs, bytes, rounds, quality.maxAbsError(), link, plainMs,
                quality.extra() + throughput(op, onlineMs, offlineMs) + wan + ",\"dealer_bytes\":" + dealerBytes + ot
                        + ",\"comparisons\":\"" + ComparisonChoice.word(cluster.comparisons()) + "\""
                        + (cluster.isMalicious() ? MaliciousBench.MARK : ""));
    }

    /** The largest error of the checked outputs and, for label outputs, {@code ,"agreement":A}. */
    record Quality(double maxAbsError, String extra) {
    }

    /**
     * The largest error over the checked outputs {@code z} (ring values at the op's scale) and, for ops whose outputs
     * are labels, the share equal to the exact labels.
     */
    static Quality quality(BenchOp op, int parties, long[] z) {
        double[] exact = op.exact().apply(parties);
        double maxErr = 0;
        int equal = 0;
        for (int j = 0; j < z.length; j++) {
            double err = Math.abs(Math.scalb((double) z[j], -op.fractionalBits()) - exact[j]);
            maxErr = Math.max(maxErr, err);
            equal += err < 0.5 ? 1 : 0;
        }
        return new Quality(maxErr, op.extent().labels() && z.length > 0
                ? String.format(Locale.ROOT, ",\"agreement\":%.5f", (double) equal / z.length) : "");
    }

    /** For job-sized ops: {@code ,"items_per_s":X} end to end (offline + online). */
    static String throughput(BenchOp op, double onlineMs, double offlineMs) {
        long items = op.extent().items();
        return items == 0 ? "" : String.format(Locale.ROOT, ",\"items_per_s\":%.1f", items / ((onlineMs + offlineMs) / 1e3));
    }

    /** One result: the JSON line DESIGN.md fixes (plus {@code extra}, e.g. {@code ,"peak_rss_mb":N}) and the table row. */
    static void report(BenchOp op, int n, String transport, int reps, double onlineMs, double offlineMs, long bytes, long rounds,
            double maxErr, LinkProbe link, double plainMs, String extra) {
        double roofline = rounds * link.rttMillis() + bytes / link.bytesPerMilli() + plainMs;
        System.out.println(String.format(Locale.ROOT,
                "{\"op\":\"%s\",\"parties\":%d,\"transport\":\"%s\",\"shape\":\"%s\",\"reps\":%d,\"online_ms\":%.3f,"
                        + "\"offline_ms\":%.3f,\"bytes_per_party\":%d,\"rounds\":%d,\"max_abs_error\":%.3g,\"roofline_ms\":%.3f,"
                        + "\"plaintext_ms\":%.3f,\"online_over_plaintext\":%.2f,\"online_over_roofline\":%.2f%s}",
                op.name(), n, transport, op.shape(), reps, onlineMs, offlineMs, bytes, rounds, maxErr, roofline, plainMs,
                onlineMs / plainMs, onlineMs / roofline, extra));
        System.out.flush();
        System.err.printf(Locale.ROOT, "%-10s %3d %-9s %10.3f %10.3f %10.3f %12d %6d %10.3g %9.2f%s%n", op.name(), n,
                transport, onlineMs, offlineMs, roofline, bytes, rounds, maxErr, onlineMs / plainMs, extra);
    }
}
