package org.consortia.mpc.runtime.local;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.auth.Tamper;
import org.consortia.mpc.protocols.net.PeerException;
import org.consortia.mpc.protocols.net.RevealListener;
import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.runtime.JobFailedException;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.Party;
import org.consortia.mpc.runtime.offline.OtSession;
import org.consortia.mpc.runtime.offline.StreamingSource;
import org.consortia.mpc.runtime.ot.BaseOtStore;
import org.consortia.mpc.runtime.session.JobRunner;
import org.consortia.mpc.runtime.session.Meter;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.transport.InMemoryNetwork;
import org.consortia.mpc.runtime.transport.Transport;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthDemand;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.fixed.FixedPoint;

/**
 * Runs N parties and a dealer in one JVM over the in-memory transport, one virtual thread each: the
 * researcher's simulator. Each {@link #run} is one session: the program is dry-run once to discover its
 * demand for correlated randomness, the dealer produces it in bulk, every party derives its shares, and
 * only then does the online phase start. The dealer here is a separate node of the simulation, never part
 * of a computing party.
 */
public final class LocalCluster implements AutoCloseable {
    private long materialBudgetWords = StreamingSource.DEFAULT_BUDGET_WORDS;
    public static final int MAX_PARTIES = 16;
    private static final SecureRandom SESSION_IDS = new SecureRandom();
    /**
     * The simulated parties' base OTs, kept for the JVM's life as a node keeps them across jobs (every cluster's party
     * i is the same simulated member; the handshake of {@link BaseOtStore} runs fresh ones wherever two disagree).
     */
    private static final BaseOtStore[] BASE_OTS = new BaseOtStore[MAX_PARTIES];

    static {
        for (int i = 0; i < MAX_PARTIES; i++) {
            BASE_OTS[i] = new BaseOtStore();
        }
    }

    private final int parties;
    private final FixedPoint fixedPoint;
    private final Duration roundTimeout;
    private final Transport[] endpoints;
    private final AutoCloseable network;
    private final String transportName;

    public LocalCluster(int parties) {
        this(parties, ProtocolParameters.defaults());
    }

    public LocalCluster(int parties, ProtocolParameters params) {
        if (parties < 2 || parties > MAX_PARTIES) {
            throw new MpcArgumentException("parties = " + parties + ": a local cluster runs 2.." + MAX_PARTIES + " parties");
        }
        this.parties = parties;
        this.fixedPoint = new FixedPoint(params.fractionalBits());
        this.roundTimeout = params.roundTimeout();
        this.otOffline = otByDefault(params);
        InMemoryNetwork net = new InMemoryNetwork(parties + 1);
        this.endpoints = new Transport[parties + 1];
        for (int i = 0; i <= parties; i++) {
            endpoints[i] = net.endpoint(i);
        }
        this.network = net;
        this.transportName = "local";
    }

    /**
     * A cluster over given transports (node ids 0..parties-1 parties, {@code parties} the dealer), e.g. Netty
     * transports with real TLS sockets; {@code network} is closed with the cluster.
     */
    public LocalCluster(ProtocolParameters params, Transport[] endpoints, AutoCloseable network, String transportName) {
        int n = endpoints.length - 1;
        if (n < 2 || n > MAX_PARTIES) {
            throw new MpcArgumentException("parties = " + n + ": a cluster runs 2.." + MAX_PARTIES + " parties");
        }
        this.parties = n;
        this.fixedPoint = new FixedPoint(params.fractionalBits());
        this.roundTimeout = params.roundTimeout();
        this.otOffline = otByDefault(params);
        this.endpoints = endpoints.clone();
        this.network = network;
        this.transportName = transportName;
    }

    /** Node {@code id}'s transport (parties 0..n-1, the dealer n). */
    public Transport transport(int id) {
        return endpoints[id];
    }

    /** "local" for the in-memory network, or the name the transports were given. */
    public String transportName() {
        return transportName;
    }

    public int parties() {
        return parties;
    }

    public FixedPoint fixedPoint() {
        return fixedPoint;
    }

    /** Prepares at most {@code words} of correlated randomness per party at a time (the rest streams during online). */
    public LocalCluster materialBudgetWords(long words) {
        this.materialBudgetWords = words;
        return this;
    }

    /** Runs the program on the plaintext reference backend (all inputs must be supplied). */
    public <R> R plaintext(JointProgram<R> program) {
        try {
            return program.run(new Party(new PlainBackend(parties, fixedPoint)));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new JobFailedException("plaintext run failed: " + e.getMessage(), e);
        }
    }

    /** Dry-runs the program (as party 0, on a silent channel) and returns what it asks for. */
    public Demand discoverDemand(JointProgram<?> program) {
        return JobRunner.discoverDemand(program, 0, parties, fixedPoint, RevealListener.NONE,
                comparisons());
    }

    /**
     * The system property that makes every cluster compute comparisons by function secret sharing where it can (two
     * parties and a dealer): {@code -Dmpc.comparisons=fss} runs a test suite in that mode.
     */
    public static final String COMPARISONS_PROPERTY = "mpc.comparisons";

    private Comparisons comparisons = comparisonsByDefault();

    /** The mode {@link #COMPARISONS_PROPERTY} asks clusters (and the benchmark's consortium files) for. */
    public static Comparisons comparisonsByDefault() {
        return "fss".equals(System.getProperty(COMPARISONS_PROPERTY)) ? Comparisons.FSS : Comparisons.BOOLEAN;
    }

    /** Computes comparisons in {@code mode} (function secret sharing needs 2 parties and the dealer). */
    public LocalCluster comparisons(Comparisons mode) {
        this.comparisons = mode;
        return this;
    }

    /** The mode this cluster's runs compute comparisons in: FSS only with 2 parties and the dealer. */
    public Comparisons comparisons() {
        return otOffline ? Comparisons.BITS : comparisons.among(parties);
    }

    /**
     * Makes the correlated randomness among the parties by oblivious transfer over the cluster's transport instead of
     * taking it from the dealer: the dealer takes no part in this cluster's runs.
     */
    public LocalCluster otOffline() {
        this.otOffline = true;
        return this;
    }

    private boolean otOffline;

    /**
     * The system property that makes every cluster make its correlated randomness by oblivious transfer unless its
     * parameters say otherwise ({@code -Dmpc.offline=ot}: how the test suite runs every protocol test in both modes).
     */
    public static final String OFFLINE_PROPERTY = "mpc.offline";

    private static boolean otByDefault(ProtocolParameters params) {
        return params.offline() == OfflineMode.OT || obliviousTransferByDefault();
    }

    /** Whether {@link #OFFLINE_PROPERTY} makes clusters use oblivious transfer (tests scale their loads by it). */
    public static boolean obliviousTransferByDefault() {
        return OfflineMode.OT.word().equals(System.getProperty(OFFLINE_PROPERTY));
    }

    /** Whether this cluster's runs make their correlated randomness by oblivious transfer (no dealer). */
    public boolean obliviousTransfer() {
        return otOffline;
    }

    private volatile long lastOtBytes;

    /** In OT mode, the most bytes one party sent for the last run's correlated randomness (0 with the dealer). */
    public long lastOtBytesPerParty() {
        return lastOtBytes;
    }

    private boolean malicious;
    private Tamper[] tampers;

    /**
     * Runs this cluster's sessions in malicious mode (authenticated shares, MAC checks before every reveal, the dealer's
     * authenticated material); their {@link ClusterRun#demand()} is then null (the items are authenticated ones). The
     * dealer serves them even where {@link #OFFLINE_PROPERTY} makes clusters use oblivious transfer by default (a
     * dealer-free malicious mode does not exist yet; {@link #otOffline()} after this call is refused at the run).
     */
    public LocalCluster malicious() {
        this.malicious = true;
        this.otOffline = false;
        return this;
    }

    /** Whether this cluster runs in malicious mode. */
    public boolean isMalicious() {
        return malicious;
    }

    /** In malicious mode, party {@code party} deviates where {@code tamper} says (tests of the checks). */
    public LocalCluster cheat(int party, Tamper tamper) {
        if (tampers == null) {
            tampers = new Tamper[parties];
            Arrays.fill(tampers, Tamper.NONE);
        }
        tampers[party] = tamper;
        return this;
    }

    /** Runs one session of the program across all parties. */
    public <R> ClusterRun<R> run(JointProgram<R> program) {
        if (malicious && otOffline) {
            throw new MpcArgumentException(ProtocolParameters.MALICIOUS_NEEDS_DEALER);
        }
        long t0 = System.nanoTime();
        Demand demand = malicious ? null : discoverDemand(program);
        AuthDemand auth = malicious ? JobRunner.discoverAuthDemand(program, 0, parties, fixedPoint,
                RevealListener.NONE, comparisons()) : null;
        long sessionId = SESSION_IDS.nextLong();
        AtomicLong onlineStart = new AtomicLong();
        CyclicBarrier ready = new CyclicBarrier(parties, () -> onlineStart.set(System.nanoTime()));
        List<R> results = new ArrayList<>(java.util.Collections.nCopies(parties, null));
        Throwable[] errors = new Throwable[parties + 1];
        long[] ends = new long[parties];
        SessionChannel[] channels = new SessionChannel[parties + 1];
        for (int i = 0; i <= parties; i++) {
            channels[i] = new SessionChannel(endpoints[i], sessionId, parties, roundTimeout);
        }
        OtSession[] ots = null;
        if (otOffline) { // links over the cluster's own transport (in memory or TLS), one sub-session per ordered pair
            ots = new OtSession[parties];
            for (int i = 0; i < parties; i++) {
                ots[i] = new OtSession(channels[i], new SecureRandom(), BASE_OTS[i]);
            }
        }
        OtSession[] otLinks = ots;
        List<Thread> threads = new ArrayList<>();
        if (ots == null) {
            threads.add(Thread.ofVirtual().name("dealer").start(() -> {
                try {
                    if (malicious) {
                        JobRunner.authDealer(channels[parties], auth);
                    } else {
                        JobRunner.dealer(channels[parties], demand);
                    }
                } catch (Throwable e) {
                    errors[parties] = e;
                    channels[parties].abortAll("INTERNAL");
                }
            }));
        }
        for (int i = 0; i < parties; i++) {
            int id = i;
            threads.add(Thread.ofVirtual().name("party-" + i).start(() -> {
                SessionChannel ch = channels[id];
                try {
                    results.set(id, malicious
                            ? JobRunner.authParty(ch, auth, program, fixedPoint, ready::await,
                                    RevealListener.NONE, materialBudgetWords,
                                    tampers == null ? Tamper.NONE : tampers[id], comparisons())
                            : JobRunner.party(ch, demand, program, fixedPoint, ready::await,
                                    RevealListener.NONE, materialBudgetWords,
                                    otLinks == null ? null : otLinks[id], comparisons()));
                    ends[id] = System.nanoTime();
                } catch (Throwable e) {
                    errors[id] = e;
                    ready.reset();
                    ch.abortAll("INTERNAL");
                    ch.close(); // a failed party releases its mailbox at once: no sender waits on it
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobFailedException("interrupted while waiting for the parties", e);
            }
        }
        for (SessionChannel ch : channels) {
            ch.close();
        }
        if (ots != null) {
            long most = 0;
            for (var o : ots) {
                most = Math.max(most, o.bytesSent());
                o.close(); // closed by the party's source already, unless the party failed before it had one
            }
            lastOtBytes = most;
        }
        failIfAny(errors);
        long end = Arrays.stream(ends).max().orElse(onlineStart.get());
        List<Meter> meters = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            meters.add(channels[i].meter());
        }
        return new ClusterRun<>(java.util.Collections.unmodifiableList(results), List.copyOf(meters), channels[parties].meter(), demand,
                onlineStart.get() - t0, end - onlineStart.get());
    }

    /** Reports the first error that is a cause, not a consequence (peers aborting, barriers breaking). */
    private void failIfAny(Throwable[] errors) {
        Throwable first = null;
        int who = -1;
        for (int pass = 0; pass < 3 && first == null; pass++) {
            for (int i = 0; i < errors.length; i++) {
                Throwable e = errors[i];
                boolean consequence = e instanceof BrokenBarrierException || e instanceof PeerException;
                boolean secondary = e instanceof BrokenBarrierException;
                if (e != null && (pass == 0 && !consequence || pass == 1 && !secondary || pass == 2)) {
                    first = e;
                    who = i;
                    break;
                }
            }
        }
        if (first != null) {
            String node = who == parties ? "dealer" : "party " + who;
            throw new JobFailedException("job failed at " + node + ": " + first.getMessage(), first);
        }
    }

    @Override
    public void close() {
        try {
            network.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the cluster's transports failed", e);
        }
    }

    @Override
    public String toString() {
        return "LocalCluster[parties=" + parties + ", " + fixedPoint + "]";
    }
}
