package org.consortia.mpc.sharing.auth;

import java.util.List;

/**
 * Every item of authenticated correlated randomness a malicious-mode program asks for, in program order (its inputs'
 * masks included: an input is a {@link AuthRequest.Known} item). The dealer and every party discover it by a dry run
 * and compare {@link #digest()}s before any item is made. {@code toString()} prints sizes only.
 */
public record AuthDemand(List<AuthRequest> items) {
    /**
     * The version of the order in which the parties' streams and party 0's corrections lay out the items (2: comparison
     * masks in blocks, shared triples; 3: FSS comparison bits under binary MACs, spline masks), hashed into the {@link #digest()}: a dealer and parties of different versions
     * disagree at the demand check, before any item is made, not at a MAC check that would blame a party.
     */
    static final int LAYOUT = 3;

    public AuthDemand {
        items = List.copyOf(items);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof AuthRequest.InputTriple t && !namesAnInputMask(items, i, t)) {
                throw new org.consortia.mpc.sharing.MpcArgumentException("item " + i + ": an input's triple names item "
                        + (i - t.back()) + ", which is not an input's mask with elements " + t.offset() + ".."
                        + (t.offset() + t.rightSize()));
            }
            if (items.get(i) instanceof AuthRequest.SplineKey q && !names(items, i - q.back(), q.mask())) {
                throw new org.consortia.mpc.sharing.MpcArgumentException("item " + i + ": comparison keys name an item"
                        + " that is not their mask");
            }
            if (items.get(i) instanceof AuthRequest.InputPair t && (!holds(items, i - t.leftBack(), t.leftOffset(), t.size())
                    || !holds(items, i - t.rightBack(), t.rightOffset(), t.size()))) {
                throw new org.consortia.mpc.sharing.MpcArgumentException("item " + i + ": a product of inputs names items "
                        + (i - t.leftBack()) + " and " + (i - t.rightBack()) + ", which are not inputs' masks with elements "
                        + t.leftOffset() + ".." + (t.leftOffset() + t.size()) + " and " + t.rightOffset() + ".."
                        + (t.rightOffset() + t.size()));
            }
        }
    }

    /**
     * Whether the item {@code t.back()} before item {@code i} is the mask of an input that t's B can be: of B's size,
     * or for an elementwise triple, holding its elements [offset, offset + size).
     */
    private static boolean namesAnInputMask(List<AuthRequest> items, int i, AuthRequest.InputTriple t) {
        int at = i - t.back();
        if (t.triple() instanceof AuthRequest.Triple) {
            return holds(items, at, t.offset(), t.rightSize());
        }
        return at >= 0 && items.get(at) instanceof AuthRequest.Known k && k.size() == t.rightSize();
    }

    /** Whether item {@code at} is {@code mask} (a comparison key's mask, which the dealer derives again from there). */
    private static boolean names(List<AuthRequest> items, int at, AuthRequest mask) {
        return at >= 0 && items.get(at).equals(mask);
    }

    /** Whether item {@code at} is an input's mask holding elements [offset, offset + size). */
    private static boolean holds(List<AuthRequest> items, int at, int offset, int size) {
        return at >= 0 && items.get(at) instanceof AuthRequest.Known k && (long) offset + size <= k.size();
    }

    /**
     * A digest of the whole demand, so that the dealer and every party can check they agree on it (items by their text,
     * as {@link org.consortia.mpc.sharing.dealer.Demand#digest()} hashes them: the same in every JVM).
     */
    public long digest() {
        long h = (0x6A09E667F3BCC908L ^ LAYOUT) * 0xBF58476D1CE4E5B9L;
        for (AuthRequest r : items) {
            h = (h ^ r.toString().hashCode()) * 0xBF58476D1CE4E5B9L;
        }
        return h ^ (h >>> 29);
    }

    public int size() {
        return items.size();
    }

    /** Words the dealer sends party {@code party} for the whole demand (corrections to party 0, clear masks to owners). */
    public long dealerWords(int party) {
        long w = 0;
        for (AuthRequest r : items) {
            w += (party == 0 ? r.correctionWords() : 0) + r.clearWords(party);
        }
        return w;
    }

    @Override
    public String toString() {
        return "AuthDemand[" + items.size() + " items]";
    }
}
