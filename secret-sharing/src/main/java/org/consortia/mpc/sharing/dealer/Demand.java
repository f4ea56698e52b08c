package org.consortia.mpc.sharing.dealer;

import java.util.List;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * What a computation declares before its online phase, in program order: the dealer items of correlated
 * randomness it will consume, and the inputs it will take (whose masks come from pairwise seeds).
 */
public record Demand(List<Request> items, List<InputItem> inputs) {
    /**
     * The version of the order in which the parties' streams and party 0's corrections lay out the items (2: comparison
     * masks with their chunk codes), hashed into the {@link #digest()}: a dealer and parties of different versions
     * disagree at the demand check, before any item is made, not in a wrong result.
     */
    static final int LAYOUT = 2;

    /** One secret input: its owner and number of values. */
    public record InputItem(int owner, int size) {
        public InputItem {
            MpcArgumentException.checkNonNegative(size, "input size");
        }
    }

    public Demand {
        items = List.copyOf(items);
        inputs = List.copyOf(inputs);
    }

    /** Total words the dealer sends (to party 0) for this demand. */
    public long correctionWords() {
        long w = 0;
        for (Request r : items) {
            w += r.correctionWords();
        }
        return w;
    }

    /**
     * A digest of the whole demand, so that the dealer and every party can check they agree on it. Items are hashed by
     * their text (a record's {@code toString()} names every component): a record's {@code hashCode()} is not the same
     * in every JVM once a component is an enum (whose hash is its identity).
     */
    public long digest() {
        long h = (0x9E3779B97F4A7C15L ^ LAYOUT) * 0xBF58476D1CE4E5B9L;
        for (Request r : items) {
            h = (h ^ r.toString().hashCode()) * 0xBF58476D1CE4E5B9L;
        }
        for (InputItem i : inputs) {
            h = (h ^ i.hashCode()) * 0x94D049BB133111EBL;
        }
        return h ^ (h >>> 29);
    }

    public int size() {
        return items.size();
    }

    @Override
    public String toString() {
        return "Demand[" + items.size() + " items, " + correctionWords() + " correction words, " + inputs.size() + " inputs]";
    }
}
