package org.consortia.mpc.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.consortia.mpc.config.ConfigLoader;
import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.auth.Tamper;
import org.consortia.mpc.protocols.net.RevealListener;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.netty.NettyTransport;
import org.consortia.mpc.runtime.offline.OtSession;
import org.consortia.mpc.runtime.offline.StreamingSource;
import org.consortia.mpc.runtime.session.ComparisonChoice;
import org.consortia.mpc.runtime.session.JobRunner;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.sharing.auth.AuthDemand;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.fixed.FixedPoint;

/**
 * One node of {@code bench.sh --transport process}: a party or the dealer in its own JVM, over mutual TLS on
 * 127.0.0.1, as deployed (with {@code protocol.offline: ot} the parties make their correlated randomness by oblivious
 * transfer and there is no dealer). It runs the op's warm-up and measured sessions in lock-step with the other nodes
 * (session ids agreed by their order) and prints one JSON line per measured session, then its peak resident set:
 * <pre>BenchWorker DIR ID OP WARMUP REPS</pre>
 * DIR holds consortium.yaml, ca.crt and node-ID.key/.crt, written by {@link Bench}. WARMUP is a count of runs, or
 * {@code auto}: at least {@link #AUTO_MIN} runs, then on until {@link #AUTO_RUNS} runs or {@link #AUTO_SECONDS} seconds
 * of them; node 0 decides after each run and tells every node. Fresh JVMs need it: relu of 100,000 took 32.5 ms after
 * 30 runs, 20.1 after 100 and 17.9 after 300 (the first 30 took 9.6 s); a test that stopped once node 0's online time
 * had stopped falling by 5% per 15 runs stopped after 33 to 72 runs, too early.
 */
public final class BenchWorker {
    private BenchWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int id = Integer.parseInt(args[1]);
        String opName = args[2];
        boolean auto = args[3].equals("auto");
        int warm = auto ? -1 : Integer.parseInt(args[3]); // the first measured run, once known
        int reps = Integer.parseInt(args[4]);
        ConsortiumConfig c = ConfigLoader.consortium(dir.resolve("consortium.yaml"));
        int parties = c.partyCount();
        boolean ot = c.protocol().offline() == OfflineMode.OT; // then no dealer process
        int nodes = ot ? parties : parties + 1;
        BenchOp op = BenchOp.of(opName, new FixedPoint(c.protocol().fractionalBits()));
        Comparisons comparisons = ComparisonChoice.of(c);
        FixedPoint fp = new FixedPoint(op.fractionalBits());
        TlsMaterial tls = TlsMaterial.load(dir.resolve("node-" + id + ".key"), dir.resolve("node-" + id + ".crt"),
                dir.resolve("ca.crt"));
        try (NettyTransport t = NettyTransport.start(c, id, tls, TlsMaterial.provider("auto"))) {
            if (!t.awaitAllConnected(Duration.ofSeconds(60))) {
                throw new IllegalStateException("node " + id + " did not connect to every node");
            }
            boolean malicious = c.protocol().security() == SecurityMode.MALICIOUS;
            JointProgram<long[]> program = MaliciousBench.program(op);
            long warmStart = System.nanoTime(); // after start-up and connecting: the budget is the runs'
            for (int rep = 0; warm < 0 || rep < warm + reps; rep++) {
                long[] ready = null;
                SessionChannel ch = new SessionChannel(t, 0x6265_6E63_6800_0000L + rep, parties, c.timeouts().round());
                long t0 = System.nanoTime();
                long[] online = new long[1];
                Demand demand = malicious ? null : JobRunner.discoverDemand(program, id, parties, fp,
                        RevealListener.NONE, comparisons);
                AuthDemand auth = malicious ? JobRunner.discoverAuthDemand(program, id, parties, fp,
                        RevealListener.NONE, comparisons) : null;
                long[] result = null;
                OtSession links = null;
                if (malicious && id == parties) {
                    JobRunner.authDealer(ch, auth);
                    ready = ch.receiveFrameAfterCredits(0, FrameKind.READY, TimeUnit.MINUTES.toNanos(30));
                } else if (malicious) {
                    result = JobRunner.authParty(ch, auth, program, fp, () -> online[0] = System.nanoTime(),
                            RevealListener.NONE,
                            StreamingSource.DEFAULT_BUDGET_WORDS,
                            Tamper.NONE, comparisons);
                } else if (ot) {
                    links = new OtSession(ch, new java.security.SecureRandom());
                    result = JobRunner.party(ch, demand, program, fp, () -> online[0] = System.nanoTime(),
                            RevealListener.NONE,
                            StreamingSource.DEFAULT_BUDGET_WORDS, links, comparisons);
                } else if (id == parties) {
                    JobRunner.dealer(ch, demand);
                    // lock-step: the next session's corrections must not compete for this machine's cores with the
                    // parties' online phase (a deployed dealer has a machine of its own)
                    ready = ch.receiveFrameAfterCredits(0, FrameKind.READY, TimeUnit.MINUTES.toNanos(30));
                } else {
                    result = JobRunner.party(ch, demand, program, fp, () -> online[0] = System.nanoTime(),
                            RevealListener.NONE,
                            StreamingSource.DEFAULT_BUDGET_WORDS, null, comparisons);
                }
                long end = System.nanoTime();
                long bytes = ch.meter().onlineBytesSent();
                long rounds = ch.meter().rounds();
                long otBytes = links == null ? 0 : links.bytesSent();
                boolean warming = warm < 0;
                if (id == 0) { // after the measurement: tells the dealer this session is done, and while warming up every
                    // node whether this was the last warm-up run
                    boolean last = warming && rep + 1 >= AUTO_MIN
                            && (rep + 1 >= AUTO_RUNS || System.nanoTime() - warmStart >= TimeUnit.SECONDS.toNanos(AUTO_SECONDS));
                    long[] word = warming ? new long[] {last ? 1 : 0} : new long[0];
                    for (int p = 1; p < nodes; p++) {
                        if (warming || p == parties) {
                            ch.sendFrame(p, FrameKind.READY, word);
                        }
                    }
                    if (last) {
                        warm = rep + 1;
                        System.err.printf(Locale.ROOT, "node 0: %d warm-up runs in %.1f s%n", warm,
                                (System.nanoTime() - warmStart) / 1e9);
                    }
                } else {
                    if (warming && id < parties) {
                        ready = ch.receiveFrameAfterCredits(0, FrameKind.READY, TimeUnit.MINUTES.toNanos(30));
                    }
                    if (warming && ready != null && ready.length == 1 && ready[0] == 1) {
                        warm = rep + 1;
                    }
                }
                ch.close();
                if (!warming && rep >= warm && id < parties) {
                    StringBuilder shares = new StringBuilder();
                    if (rep == warm && result != null) {
                        for (int j = 0; j < Math.min(op.extent().checkedOutputs(), result.length); j++) {
                            shares.append(j == 0 ? "" : ",").append(result[j]);
                        }
                    }
                    System.out.println(String.format(Locale.ROOT, "{\"node\":%d,\"online_ms\":%.3f,\"offline_ms\":%.3f,"
                            + "\"bytes\":%d,\"rounds\":%d,\"ot_bytes\":%d,\"shares\":[%s]}", id, (end - online[0]) / 1e6,
                            (online[0] - t0) / 1e6, bytes, rounds, otBytes, shares));
                }
            }
            if (id == 0 && !ot) { // the last READY must reach the dealer before this transport closes
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (t.connected(parties) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            System.out.println("{\"node\":" + id + ",\"peak_rss_mb\":" + peakRssMb() + "}");
            System.out.flush();
        }
    }

    /** Warm-up runs at least, with {@code auto}. */
    static final int AUTO_MIN = 30;
    /** Warm-up runs that {@code auto} aims at. */
    static final int AUTO_RUNS = 200;
    /** Seconds of warm-up runs after which {@code auto} stops short of {@link #AUTO_RUNS} (once {@link #AUTO_MIN} are done). */
    static final int AUTO_SECONDS = 60;

    /** This process's peak resident set (VmHWM), in MiB; -1 where /proc is missing. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
