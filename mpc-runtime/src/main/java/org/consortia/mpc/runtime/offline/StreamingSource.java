package org.consortia.mpc.runtime.offline;

import java.util.ArrayDeque;

import org.consortia.mpc.protocols.net.CorrelatedSource;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.sharing.MpcException;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.dealer.Derivation;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * A party's correlated randomness, derived in program order by a background preparer within a budget of words,
 * and handed out in program order. Party 0 receives each item's correction from the dealer as the preparer
 * reaches it, and every party an item's shared words (comparison keys); the dealer's stream is held back by the
 * transport's backpressure meanwhile. So a job's material is never all in memory at once: the offline phase prepares
 * the first window (all of it, for a job within the budget), and the rest is derived while the online phase computes,
 * overlapping the two.
 *
 * <p>A request that differs from the declared item, or one past the end of the declared demand, is an error
 * naming the item (the program's randomness use depended on data the dry run could not see).
 */
public final class StreamingSource implements CorrelatedSource, AutoCloseable {
    /** The default budget of prepared material, in words (256 MiB). */
    public static final long DEFAULT_BUDGET_WORDS = 1L << 25;

    /**
     * The first window when the parties make the material themselves (8 MiB): oblivious transfer is slower than the
     * dealer's seeds, so the online phase starts once this much is ready and overlaps the rest, instead of waiting
     * for a whole budget to fill within the offline deadline.
     */
    public static final long PARTY_MADE_FIRST_WINDOW_WORDS = 1L << 20;

    /** The material was not ready in time: a timeout, not a fault of this party's input. */
    public static final class NotReady extends MpcException {
        private static final long serialVersionUID = 1L;

        public NotReady(String message) {
            super(message);
        }
    }

    private final Demand demand;
    private final ArrayDeque<long[]> masks;
    private final ArrayDeque<Demand.InputItem> declaredInputs;
    private final PreparedQueue<Material> prepared;
    private final MaterialSource maker;
    private long nextIndex;
    private long nextInput;

    StreamingSource(SessionChannel ch, Demand demand, Seed seed, ArrayDeque<long[]> inputMasks, long budgetWords,
            long waitNanos) {
        this(ch, demand, dealerMaterial(ch, seed), inputMasks, budgetWords, waitNanos, budgetWords);
    }

    /**
     * As the dealer-fed source, with the items made by {@code maker} (the parties themselves, say); the first window
     * is ready once {@code windowWords} are prepared (or the budget is full, or the demand done).
     */
    StreamingSource(SessionChannel ch, Demand demand, MaterialSource maker, ArrayDeque<long[]> inputMasks, long budgetWords,
            long waitNanos, long windowWords) {
        this.demand = demand;
        this.masks = inputMasks;
        this.declaredInputs = new ArrayDeque<>(demand.inputs());
        this.maker = maker;
        this.prepared = new PreparedQueue<>(demand.items().size(), budgetWords, windowWords, waitNanos, StreamingSource::words,
                Material::request);
        prepared.start("preparer-" + Long.toHexString(ch.sessionId()) + "-" + ch.self(), this::prepare);
    }

    /**
     * The dealer's items: the seed's derivation, with party 0 receiving each item's correction as it reaches it and
     * granting the dealer CREDIT to send more.
     */
    private static MaterialSource dealerMaterial(SessionChannel ch, Seed seed) {
        int self = ch.self();
        DealerCredits.Taken taken = new DealerCredits.Taken(ch);
        return (r, index) -> {
            long[] correction = self == 0 ? Preprocessing.receiveFromDealer(ch, r, r.correctionWords(), true) : null;
            long[] shared = r.sharedWords() > 0 ? Preprocessing.receiveFromDealer(ch, r, r.sharedWords(), false) : null;
            taken.add((correction == null ? 0 : correction.length) + (shared == null ? 0 : shared.length));
            return Derivation.derive(self, seed, index, r, correction, shared);
        };
    }

    private void prepare() throws Exception {
        long index = 0;
        if (!demand.items().isEmpty()) { // a job that multiplies nothing sets nothing up (no base OTs)
            maker.start();
        }
        for (Request r : demand.items()) {
            prepared.put(maker.make(r, index++));
        }
    }

    /** Waits until the first window of material is prepared (all of it, for a job within the budget). */
    public void awaitWindow() throws InterruptedException {
        prepared.awaitWindow();
    }

    @Override
    public long[] inputMask(int owner, int len) {
        Demand.InputItem declared = declaredInputs.poll();
        long index = nextInput++;
        Demand.InputItem asked = new Demand.InputItem(owner, len);
        if (declared == null || !declared.equals(asked)) {
            throw new MpcException("input " + index + " (" + asked + ") does not match the declared demand ("
                    + (declared == null ? "no more inputs" : declared) + ")");
        }
        return masks.poll();
    }

    @Override
    public Material next(Request request) {
        return prepared.take(nextIndex++, request);
    }

    /** A material item's words (what the budget counts). */
    private static long words(Material m) {
        return switch (m) {
            case Material.TripleShare t -> (long) t.a().length + t.b().length + t.c().length;
            case Material.TruncShare t -> (long) t.r().length + t.rHigh().length + t.rMsb().length;
            case Material.TruncMatShare t -> (long) t.r().length + t.rHigh().length + t.rMsb().length + t.a().length
                    + t.aHigh().length + t.aMsb().length;
            case Material.AndShare t -> (long) t.a().length + t.b().length + t.c().length;
            case Material.MaskShare t -> (long) t.arithmetic().length + t.bits().length;
            case Material.CodeMaskShare t -> (long) t.arithmetic().length + t.bits().length + t.codes().length
                    + t.productBits().length + t.productBit().length + t.maskTimesBit().length;
            case Material.BitShare t -> (long) t.arithmetic().length + t.packed().length;
            case Material.SignMaskShare t -> (long) t.r().length + t.rMsbPow().length + t.rPow().length + t.rHi().length
                    + t.roots().length;
            case Material.SignKeyShare t -> t.shared().length;
        };
    }

    /** Stops the preparer (the session is over), waits a moment for it to end, and closes its maker if it is closeable. */
    @Override
    public void close() {
        prepared.close();
        if (maker instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new MpcException("closing the source of correlated randomness failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "StreamingSource[" + demand.size() + " items, " + prepared.size() + " prepared]";
    }
}
