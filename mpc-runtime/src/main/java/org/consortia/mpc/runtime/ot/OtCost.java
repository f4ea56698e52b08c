package org.consortia.mpc.runtime.ot;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * What a demand costs one party when the parties make it by oblivious transfer ({@link OtTriples}), known before
 * anything runs, so that a node can refuse at vote time a job it could not finish: the bytes it sends, the seconds
 * that takes at the generator's measured rate, and its working memory.
 *
 * <p>Bytes per item and peer (the sender's corrections plus the receiver's SoftSpoken extension, 32 bits per OT):
 * a Beaver triple 64 OTs and 2,080 correction bits = 516 bytes; an AND-triple word 64 OTs and 64 bits = 264 bytes;
 * a vector product of length w (an entry of a matrix or convolution triple) 64 OTs per slice of {@link OtTriples#CHUNK}
 * entries and 260 bytes per entry. A daBit is folded in one party at a time: the folding party receives its bit's
 * product from every other party (one OT, 4 bytes each) and the others each send it a 64-bit correction, so the
 * busiest party sends max(8 (n - 1), 4 (n - 1) + 8 (n - 2)) bytes; a truncation pair or a mask with its bits is 64
 * daBits. The estimate is the busiest party's.
 *
 * <p>Working memory: every request is made at most {@link OtTriples#CHUNK} products (or vector entries) at a time per
 * direction and peer, so the OT state is {@link #WORKING_BYTES_PER_DIRECTION} per direction and peer whatever the
 * job; on top of it the largest item's own shares, which the dealer's material needs as well.
 */
public final class OtCost {
    /** Bytes the extension's receiver sends per OT. */
    private static final double OT_BYTES = SoftSpoken.BITS_PER_OT / 8.0;
    /** The OT working set of one direction with one peer while a chunk is made (pads, hashes, corrections). */
    public static final long WORKING_BYTES_PER_DIRECTION = 48L << 20;
    /**
     * Bytes a party sends per second while it makes material by OT, as measured here (1,000,000 triples, 516 MB per
     * party, in 8.0 to 8.4 s between two node processes over TLS): the rate the time estimate assumes.
     */
    public static final long BYTES_PER_SECOND = 60L << 20;

    private OtCost() {
    }

    /**
     * A demand's cost to one party among {@code parties}.
     *
     * @param bytesSent    what the party sends to make the demand's items
     * @param seconds      the items' work at {@link #BYTES_PER_SECOND} ({@link #work}: their bytes, or a triple's bytes per
     *                     transfer where an item's transfers carry fewer)
     * @param workingBytes the OT working set plus the largest item's shares
     */
    public record Estimate(long bytesSent, double seconds, long workingBytes) {
    }

    public static Estimate of(Demand demand, int parties) {
        int peers = Math.max(1, parties - 1);
        double bytes = 0;
        double work = 0;
        long largestItem = 0;
        for (Request r : demand.items()) {
            bytes += sent(r, parties);
            work += work(r, parties);
            largestItem = Math.max(largestItem, itemBytes(r));
        }
        long sent = bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
        long working = 2L * peers * WORKING_BYTES_PER_DIRECTION + largestItem;
        return new Estimate(sent, work / BYTES_PER_SECOND, working);
    }

    /** A Beaver triple's bytes per transfer: what the time rate was measured on. */
    private static final double TRIPLE_BYTES_PER_OT = (64 * OT_BYTES + Gilboa.BITS_PER_PRODUCT / 8.0) / 64;

    /**
     * A request's work in the units of {@link #BYTES_PER_SECOND}: its bytes, except where its transfers carry fewer bytes
     * than a triple's do (AND triples: 64 transfers and a 64-bit correction; daBits: one transfer per peer and bit), whose
     * time is the extension's AES and hashing, not the bytes: those are billed a triple's bytes per transfer (a
     * measurement in one JVM: 2^18 AND-triple words took as long as 2^18 triples, with half the bytes).
     */
    static double work(Request r, int n) {
        int peers = Math.max(1, n - 1);
        if (r instanceof Request.AndTriple t) {
            return 64 * TRIPLE_BYTES_PER_OT * t.words() * peers;
        }
        double bits = daBits(r);
        return bits > 0 ? Math.max(TRIPLE_BYTES_PER_OT * peers, daBitBytes(n)) * bits : sent(r, n);
    }

    /** Bytes the busiest of {@code n} parties sends for one request. */
    static double sent(Request r, int n) {
        int peers = Math.max(1, n - 1);
        return switch (r) {
            case Request.Triple t -> (64 * OT_BYTES + Gilboa.BITS_PER_PRODUCT / 8.0) * t.size() * peers;
            case Request.AndTriple t -> (64 * OT_BYTES + 8) * t.words() * peers;
            case Request.RandomBits t -> daBitBytes(n) * daBits(t);
            case Request.TruncPair t -> daBitBytes(n) * daBits(t);
            case Request.MaskWithBits t -> daBitBytes(n) * daBits(t);
            case Request.MatrixTriple t -> vectors((double) t.k() * t.n(), t.m()) * peers;
            case Request.ConvTriple t -> vectors((double) t.conv().f() * t.conv().c() * t.conv().k() * t.conv().k(),
                    (long) t.conv().n() * t.conv().oh() * t.conv().ow()) * peers;
            case Request.TruncMatTriple t -> throw needsDealer(t);
            case Request.SignMask t -> throw needsDealer(t);
            case Request.MaskWithCodes t -> throw needsDealer(t);
            case Request.SignKey t -> throw needsDealer(t);
        };
    }

    /**
     * The bytes the busiest of {@code n} parties sends per daBit: the party folding its bits receives one OT from every
     * other party and sends 8 bytes in every other fold; the first party only sends (8 bytes to each folding party).
     */
    private static double daBitBytes(int n) {
        int peers = Math.max(1, n - 1);
        return Math.max(8.0 * peers, OT_BYTES * peers + 8.0 * Math.max(0, n - 2));
    }

    /** The daBits a request is made of (random bits in whole words of OTs; 64 per truncation pair or mask), else 0. */
    private static double daBits(Request r) {
        return switch (r) {
            case Request.RandomBits t -> Math.ceil(t.size() / 64.0) * 64;
            case Request.TruncPair t -> 64.0 * t.size();
            case Request.MaskWithBits t -> 64.0 * t.size();
            default -> 0;
        };
    }

    /** Vector products: 64 OTs per slice, 260 bytes per entry, and each call's corrections padded to a word. */
    private static double vectors(double entries, long w) {
        double slices = Math.ceil((double) w / OtTriples.CHUNK);
        double calls = w > OtTriples.CHUNK ? entries * slices : Math.ceil(entries / Math.max(1, OtTriples.CHUNK / w));
        return entries * (slices * 64 * OT_BYTES + Gilboa.BITS_PER_PRODUCT / 8.0 * w) + 8 * calls;
    }

    /** The item's shares at one party (three arrays of its size, as the dealer's). */
    static long itemBytes(Request r) {
        return switch (r) {
            case Request.Triple t -> 24L * t.size();
            case Request.AndTriple t -> 24L * t.words();
            case Request.RandomBits t -> 8L * t.size() + t.size() / 8;
            case Request.TruncPair t -> 24L * t.size();
            case Request.MaskWithBits t -> 16L * t.size();
            case Request.MatrixTriple t -> 8L * ((long) t.m() * t.k() + (long) t.k() * t.n() + 2L * t.m() * t.n());
            case Request.ConvTriple t -> 8L * (t.conv().inputSize() + (long) t.conv().weightSize()
                    + 2L * t.conv().outSize() + (long) t.conv().c() * t.conv().k() * t.conv().k() * t.conv().n()
                    * t.conv().oh() * t.conv().ow() * 2);
            case Request.TruncMatTriple t -> throw needsDealer(t);
            case Request.SignMask t -> throw needsDealer(t);
            case Request.MaskWithCodes t -> throw needsDealer(t);
            case Request.SignKey t -> throw needsDealer(t);
        };
    }

    /**
     * Function-secret-sharing keys, and the fused material that mode's kernels take, come from a dealer only: the
     * parties do not make them by oblivious transfer.
     */
    public static MpcArgumentException needsDealer(Request r) {
        if (r instanceof Request.MaskWithCodes) {
            return new MpcArgumentException("comparison masks with chunk codes (" + r + ") come from a dealer: a session "
                    + "without one compares bit by bit (Comparisons.BITS)");
        }
        return new MpcArgumentException("the material of function-secret-sharing mode (" + r + ") comes from a dealer: "
                + "without one, run comparisons: boolean");
    }
}
