package org.consortia.mpc.runtime.session;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.protocols.auth.AuthBackend;
import org.consortia.mpc.protocols.auth.AuthParty;
import org.consortia.mpc.protocols.auth.AuthRecorder;
import org.consortia.mpc.protocols.auth.Tamper;
import org.consortia.mpc.protocols.mpc.MpcBackend;
import org.consortia.mpc.protocols.net.RevealListener;
import org.consortia.mpc.protocols.net.SilentChannel;
import org.consortia.mpc.runtime.JobFailedException;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.Party;
import org.consortia.mpc.runtime.offline.AuthPreprocessing;
import org.consortia.mpc.runtime.offline.AuthStream;
import org.consortia.mpc.runtime.offline.MaterialSource;
import org.consortia.mpc.runtime.offline.Preprocessing;
import org.consortia.mpc.runtime.offline.StreamingSource;
import org.consortia.mpc.sharing.auth.AuthDemand;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.fixed.FixedPoint;

/**
 * One node's part in one job, the same whether the nodes share a JVM or not: demand discovery (a dry run),
 * the offline phase, and the online run of the program. Straight-line blocking code for one (virtual)
 * thread per node per job.
 */
public final class JobRunner {
    private JobRunner() {
    }

    /**
     * Dry-runs the program as node {@code asNode} on a silent channel and returns what it will ask for. A party
     * dry-runs as itself, so its own inputs are read and validated before anything is sent; the dealer dry-runs
     * as node id {@code parties}, which owns no input.
     *
     * <p>Revealed values are zeros in a dry run, so plaintext code after a reveal may fail on them (a singular
     * matrix, say). An exception after the first reveal therefore ends the dry run with the demand recorded so
     * far; if the program needed more, the online phase stops with an error naming the undeclared item. An
     * exception before any reveal (bad input, shape mismatch) is the program's error and is thrown.
     */
    public static Demand discoverDemand(JointProgram<?> program, int asNode, int parties, FixedPoint fp) {
        return discoverDemand(program, asNode, parties, fp, RevealListener.NONE);
    }

    /** As {@link #discoverDemand(JointProgram, int, int, FixedPoint)}, telling {@code reveals} of every opening. */
    public static Demand discoverDemand(JointProgram<?> program, int asNode, int parties, FixedPoint fp,
            RevealListener reveals) {
        return discoverDemand(program, asNode, parties, fp, reveals, Comparisons.BOOLEAN);
    }

    /** As above, with comparisons in {@code comparisons} mode (the parties' online runs must use the same). */
    public static Demand discoverDemand(JointProgram<?> program, int asNode, int parties, FixedPoint fp,
            RevealListener reveals, Comparisons comparisons) {
        DemandRecorder recorder = new DemandRecorder();
        SilentChannel channel = DemandRecorder.channel(asNode, parties);
        PartyContext ctx = new PartyContext(channel, recorder, true, comparisons);
        dryRun(program, new MpcBackend(ctx, fp, reveals), channel);
        return recorder.demand();
    }

    /**
     * Runs {@code program} on {@code backend} (over {@code channel}, silent): an exception before the first reveal, or a
     * {@link Fatal} one, is the program's error and is thrown; any other after a reveal ends the dry run quietly. An
     * interruption (a peer's abort, a stop) is always thrown: the dry run did not end, it was stopped.
     */
    private static void dryRun(JointProgram<?> program, Backend backend, SilentChannel channel) {
        try {
            program.run(new Party(backend));
        } catch (Exception e) {
            if (!channel.revealed() || e instanceof Fatal || Thread.currentThread().isInterrupted()) {
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new JobFailedException("dry run failed: " + e.getMessage(), e);
            }
        }
    }

    /** Runs the offline phase, calls {@code ready} (e.g. a barrier), then the program; returns its result. */
    public static <R> R party(SessionChannel ch, Demand demand, JointProgram<R> program, FixedPoint fp, Ready ready)
            throws Exception {
        return party(ch, demand, program, fp, ready, RevealListener.NONE);
    }

    /** As {@link #party(SessionChannel, Demand, JointProgram, FixedPoint, Ready)}, telling {@code reveals} of every opening. */
    public static <R> R party(SessionChannel ch, Demand demand, JointProgram<R> program, FixedPoint fp, Ready ready,
            RevealListener reveals) throws Exception {
        return party(ch, demand, program, fp, ready, reveals, StreamingSource.DEFAULT_BUDGET_WORDS);
    }

    /**
     * The party's part with at most {@code budgetWords} of correlated randomness prepared at a time: the offline
     * phase prepares the first window, the rest is derived while the program runs (see {@link StreamingSource}).
     */
    public static <R> R party(SessionChannel ch, Demand demand, JointProgram<R> program, FixedPoint fp, Ready ready,
            RevealListener reveals, long budgetWords) throws Exception {
        return party(ch, demand, program, fp, ready, reveals, budgetWords, null);
    }

    /**
     * As above, with the correlated randomness made by the parties themselves when {@code parties} is not null (whose
     * comparisons then run bit by bit, {@link Comparisons#BITS}: the demand must have been discovered so).
     */
    public static <R> R party(SessionChannel ch, Demand demand, JointProgram<R> program, FixedPoint fp, Ready ready,
            RevealListener reveals, long budgetWords, MaterialSource parties) throws Exception {
        return party(ch, demand, program, fp, ready, reveals, budgetWords, parties,
                parties == null ? Comparisons.BOOLEAN : Comparisons.BITS);
    }

    /** As above, with comparisons in {@code comparisons} mode (as the demand was discovered). */
    public static <R> R party(SessionChannel ch, Demand demand, JointProgram<R> program, FixedPoint fp, Ready ready,
            RevealListener reveals, long budgetWords, MaterialSource parties, Comparisons comparisons) throws Exception {
        try (StreamingSource source = Preprocessing.party(ch, demand, budgetWords, parties)) {
            source.awaitWindow();
            Preprocessing.awaitPeersReady(ch, ch.roundTimeout());
            ready.await();
            ch.phase("online");
            ch.meter().startOnline();
            PartyContext ctx = new PartyContext(ch, source, false, comparisons);
            return program.run(new Party(new MpcBackend(ctx, fp, reveals)));
        }
    }

    /**
     * Malicious mode's demand discovery: dry-runs the program on an {@link AuthBackend} over a silent channel (MAC
     * checks skipped, openings zeros) and returns every authenticated item it will ask for, inputs' masks included.
     * Exceptions after the first reveal end the dry run as in {@link #discoverDemand(JointProgram, int, int, FixedPoint)}.
     */
    public static AuthDemand discoverAuthDemand(JointProgram<?> program, int asNode, int parties, FixedPoint fp,
            RevealListener reveals, Comparisons comparisons) {
        AuthRecorder recorder = new AuthRecorder(asNode);
        SilentChannel channel = DemandRecorder.channel(asNode, parties);
        dryRun(program, new AuthBackend(AuthParty.dryRun(channel, recorder, comparisons), fp, reveals), channel);
        return recorder.demand();
    }

    /**
     * A party's part in malicious mode: the offline phase (its dealer seed, the first window of authenticated
     * material), {@code ready}, then the program on an {@link AuthBackend} whose party deviates where {@code tamper}
     * says ({@link Tamper#NONE} but in tests of the checks), comparisons in {@code comparisons} (the demand's mode). A failed MAC check throws
     * {@link org.consortia.mpc.protocols.auth.CheckFailedException} at every honest party before anything is revealed.
     */
    public static <R> R authParty(SessionChannel ch, AuthDemand demand, JointProgram<R> program, FixedPoint fp,
            Ready ready, RevealListener reveals, long budgetWords, Tamper tamper, Comparisons comparisons) throws Exception {
        try (AuthStream source = AuthPreprocessing.party(ch, demand, budgetWords)) {
            source.awaitWindow();
            Preprocessing.awaitPeersReady(ch, ch.roundTimeout());
            ready.await();
            ch.phase("online");
            ch.meter().startOnline();
            return program.run(new Party(new AuthBackend(new AuthParty(ch, source, tamper, comparisons), fp, reveals)));
        }
    }

    /** The dealer's part in malicious mode: seeds, corrections and clear masks for the demand. */
    public static void authDealer(SessionChannel ch, AuthDemand demand) {
        AuthPreprocessing.dealer(ch, demand);
    }

    /** The dealer's part: seeds and corrections for the demand. */
    public static void dealer(SessionChannel ch, Demand demand) {
        Preprocessing.dealer(ch, demand);
    }

    /**
     * Marks an exception that ends a dry run whenever it is thrown, also after a reveal (a refused read or
     * reveal, invalid input): only other exceptions after a reveal are taken as plaintext code choking on the
     * zeros a dry run reveals.
     */
    public interface Fatal {
    }

    /** Called between the offline and the online phase. */
    @FunctionalInterface
    public interface Ready {
        void await() throws Exception;
    }
}
