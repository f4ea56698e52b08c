package org.consortia.mpc.sharing.dealer;

import java.util.List;

/** The correlated randomness a computation declares before its online phase, in program order. */
public record Demand(List<Request> items) {
    public Demand {
        items = List.copyOf(items);
    }

    /** Total words the dealer sends (to party 0) for this demand. */
    public long correctionWords() {
        long w = 0;
        for (Request r : items) {
            w += r.correctionWords();
        }
        return w;
    }

    public int size() {
        return items.size();
    }

    @Override
    public String toString() {
        return "Demand[" + items.size() + " items, " + correctionWords() + " correction words]";
    }
}
