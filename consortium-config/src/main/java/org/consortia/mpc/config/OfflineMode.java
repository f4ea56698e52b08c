package org.consortia.mpc.config;

/**
 * Where a session's correlated randomness (triples, truncation pairs, random bits) comes from: the dealer node, which
 * must collude with no party (fastest, the default), or the parties themselves by oblivious transfer, trusting no third
 * party (any n - 1 of n parties may collude; more traffic and time offline). Declared weakest first: ot is stronger
 * than the dealer.
 */
public enum OfflineMode implements Worded {
    DEALER("dealer"),
    OT("ot");

    /**
     * The most parties that make their correlated randomness by oblivious transfer: a session's link from party s to
     * party r is its sub-session 16 s + r, and a session has 255 sub-sessions (the top byte of its id).
     */
    public static final int OT_MAX_PARTIES = 16;

    private final String word;

    OfflineMode(String word) {
        this.word = word;
    }

    /** The word in consortium files and job parameters. */
    @Override
    public String word() {
        return word;
    }

    /** Whether this mode trusts more than {@code other} does (the dealer is weaker than ot). */
    public boolean weakerThan(OfflineMode other) {
        return compareTo(other) < 0;
    }

    /** The mode a word names, or {@code null}. */
    public static OfflineMode of(String word) {
        return Worded.byWord(values(), word);
    }

    @Override
    public String toString() {
        return word;
    }
}
