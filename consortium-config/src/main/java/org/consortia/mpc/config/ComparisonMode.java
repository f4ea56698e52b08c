package org.consortia.mpc.config;

/**
 * How a consortium's sessions compute comparisons (signs, ReLU, max and the splines' interval tests): {@code boolean}
 * circuits on masked bits (any party count, the default), {@code fss} (function secret sharing from the dealer: one
 * online round per comparison, about 2 KB of dealer key per element; two parties and a dealer only, else boolean), or
 * {@code auto}: fss where it applies and the two parties sit on different hosts (every member resolves the same mode
 * from the same file: a measured round trip would differ between members, and with it the job's demand).
 */
public enum ComparisonMode {
    BOOLEAN("boolean"),
    FSS("fss"),
    AUTO("auto");

    private final String word;

    ComparisonMode(String word) {
        this.word = word;
    }

    /** The word in consortium files. */
    public String word() {
        return word;
    }

    /** The mode a word names, or {@code null}. */
    public static ComparisonMode of(String word) {
        for (ComparisonMode m : values()) {
            if (m.word.equals(word)) {
                return m;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return word;
    }
}
