package org.consortia.mpc.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.consortia.mpc.config.ConfigLoader;
import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.runtime.netty.NettyTransport;
import org.consortia.mpc.runtime.offline.OtSession;
import org.consortia.mpc.runtime.offline.Preprocessing;
import org.consortia.mpc.runtime.ot.OtTriples;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.prg.PrgRandom;
import org.consortia.mpc.sharing.ring.RingMatmul;

/**
 * Dealer-free Beaver triples (base OTs, SoftSpoken extension, Gilboa products) among n parties: triples per second and bytes
 * per triple per party, as one JSON line. {@code memory}: every party in this JVM over in-memory links (the generator
 * alone); {@code process}: every party in its own JVM over mutual TLS on 127.0.0.1, through the sessions' OT links
 * ({@link OtSession}), as nodes make them.
 * <pre>OtTripleBench [parties] [triples] [batch] [memory|process]</pre>
 */
public final class OtTripleBench {
    private static final Pattern NUM = Pattern.compile("\"(\\w+)\":(-?[0-9.]+)");

    private OtTripleBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1 << 15;
        run(n, total, batch, args.length > 3 ? args[3] : "memory");
    }

    /** One measurement: {@code total} triples among {@code n} parties, over {@code memory} or {@code process}. */
    static void run(int n, int total, int batch, String transport) throws Exception {
        switch (transport) {
            case "memory" -> inMemory(n, total, batch);
            case "process" -> processes(n, total, batch);
            default -> throw new IllegalArgumentException("transport: memory or process, not " + transport);
        }
    }

    private static void inMemory(int n, int total, int batch) throws Exception {
        SecureRandom[] rs = new SecureRandom[n];
        for (int p = 0; p < n; p++) {
            rs[p] = PrgRandom.seededBy(new SecureRandom()); // as a node's OT session draws
        }
        long t0 = System.nanoTime();
        OtTriples[] parties = OtTriples.inMemory(n, rs);
        long setup = System.nanoTime() - t0;
        all(n, self -> parties[self].triples(Math.min(batch, total), rs[self])); // warm-up
        long before = parties[0].bytesSent();
        long t1 = System.nanoTime();
        all(n, self -> {
            for (int done = 0; done < total; done += batch) {
                parties[self].triples(Math.min(batch, total - done), rs[self]);
            }
            return null;
        });
        double seconds = (System.nanoTime() - t1) / 1e9;
        report(n, "memory", total, batch, seconds, parties[0].bytesSent() - before, setup / 1e6);
        for (OtTriples t : parties) {
            t.close();
        }
    }

    /** Every party in its own JVM ({@link #worker}); the slowest party's time and the most bytes any party sent. */
    private static void processes(int n, int total, int batch) throws Exception {
        Path dir = ProcessBench.consortium(n, 16, true, false);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        double seconds = 0;
        double setupMs = 0;
        long bytes = 0;
        try {
            for (int i = 0; i < n; i++) {
                List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + System.getProperty("mpc.bench.heap", "1536m"),
                        System.getProperty("mpc.bench.gc", ProcessBench.NODE_GC)));
                cmd.addAll(RingMatmul.VECTOR_JVM_OPTIONS);
                String extra = System.getProperty("mpc.bench.jvmArgs." + i); // e.g. a profiler for one node, as ProcessBench
                if (extra != null && !extra.isBlank()) {
                    cmd.addAll(List.of(extra.trim().split("\\s+")));
                }
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OtTripleBench.class.getName() + "$Worker",
                        dir.toString(), String.valueOf(i), String.valueOf(total), String.valueOf(batch)));
                procs.add(new ProcessBuilder(cmd)
                        .redirectOutput(dir.resolve("node-" + i + ".out").toFile())
                        .redirectError(dir.resolve("node-" + i + ".log").toFile()).start());
            }
            for (int i = 0; i < n; i++) {
                Process p = procs.get(i);
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException("node process " + i + " failed; see " + dir);
                }
                for (String line : Files.readAllLines(dir.resolve("node-" + i + ".out"))) {
                    Matcher m = NUM.matcher(line);
                    while (m.find()) {
                        double v = Double.parseDouble(m.group(2));
                        switch (m.group(1)) {
                            case "seconds" -> seconds = Math.max(seconds, v);
                            case "setup_ms" -> setupMs = Math.max(setupMs, v);
                            case "bytes" -> bytes = Math.max(bytes, (long) v);
                            default -> { }
                        }
                    }
                }
            }
        } finally {
            procs.forEach(Process::destroyForcibly);
        }
        report(n, "process", total, batch, seconds, bytes, setupMs);
    }

    private static void report(int n, String transport, int total, int batch, double seconds, long bytes, double setupMs) {
        System.out.printf(Locale.ROOT, "{\"op\":\"ot_triples\",\"parties\":%d,\"transport\":\"%s\",\"triples\":%d,"
                + "\"batch\":%d,\"seconds\":%.3f,\"triples_per_s\":%.0f,\"bytes_per_party\":%d,\"bytes_per_triple\":%.1f,"
                + "\"setup_ms\":%.1f}%n", n, transport, total, batch, seconds, total / seconds, bytes, (double) bytes / total,
                setupMs);
    }

    @FunctionalInterface
    private interface PartyWork {
        Object run(int self) throws Exception;
    }

    private static void all(int n, PartyWork work) throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> fs = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                int self = p;
                fs.add(ex.submit(() -> work.run(self)));
            }
            for (Future<Object> f : fs) {
                f.get();
            }
        }
    }

    /**
     * One party of the process benchmark: {@code Worker DIR ID TRIPLES BATCH}; prints its time for the triples (after a
     * warm-up batch), its base-OT setup and the bytes it sent on its links.
     */
    public static final class Worker {
        private Worker() {
        }

        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            int id = Integer.parseInt(args[1]);
            int total = Integer.parseInt(args[2]);
            int batch = Integer.parseInt(args[3]);
            ConsortiumConfig c = ConfigLoader.consortium(dir.resolve("consortium.yaml"));
            TlsMaterial tls = TlsMaterial.load(dir.resolve("node-" + id + ".key"), dir.resolve("node-" + id + ".crt"),
                    dir.resolve("ca.crt"));
            try (NettyTransport t = NettyTransport.start(c, id, tls, TlsMaterial.provider("auto"))) {
                if (!t.awaitAllConnected(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("node " + id + " did not connect to every node");
                }
                SessionChannel ch = new SessionChannel(t, 0x6f74_7472_6970_6c65L, c.partyCount(), c.timeouts().round());
                try (OtSession ot = new OtSession(ch, new SecureRandom())) {
                    long t0 = System.nanoTime();
                    ot.start();
                    double setupMs = (System.nanoTime() - t0) / 1e6;
                    ot.make(new Request.Triple(Math.min(batch, total)), 0); // warm-up
                    long before = ot.bytesSent();
                    long t1 = System.nanoTime();
                    for (int done = 0; done < total; done += batch) {
                        ot.make(new Request.Triple(Math.min(batch, total - done)), 0);
                    }
                    double seconds = (System.nanoTime() - t1) / 1e9;
                    long bytes = ot.bytesSent() - before;
                    Preprocessing.awaitPeersReady(ch, c.timeouts().round()); // every peer has what it needs before we close
                    System.out.printf(Locale.ROOT, "{\"node\":%d,\"seconds\":%.3f,\"setup_ms\":%.1f,\"bytes\":%d}%n", id, seconds,
                            setupMs, bytes);
                }
                ch.close();
            }
        }
    }
}
