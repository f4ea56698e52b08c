package org.consortia.mpc.config;

/**
 * How a consortium's sessions compute comparisons (signs, ReLU, max and the splines' interval tests): {@code boolean}
 * circuits on masked bits (any party count, the default), {@code fss} (function secret sharing from the dealer: one
 * online round per comparison, about 2 KB of dealer key per element; two parties and a dealer only, else boolean), or
 * {@code auto}: fss where it applies and the link is far: the node a job is submitted to resolves it by the round trip
 * it measured to the other party and writes the mode into the job's spec (so every member runs the mode the vote saw;
 * a round trip measured at each member would differ, and with it the job's demand); before any measurement, fss where
 * the two parties sit on different hosts.
 */
public enum ComparisonMode implements Worded {
    BOOLEAN("boolean"),
    FSS("fss"),
    AUTO("auto");

    private final String word;

    ComparisonMode(String word) {
        this.word = word;
    }

    /** The word in consortium files. */
    @Override
    public String word() {
        return word;
    }

    /** The mode a word names, or {@code null}. */
    public static ComparisonMode of(String word) {
        return Worded.byWord(values(), word);
    }

    @Override
    public String toString() {
        return word;
    }
}
