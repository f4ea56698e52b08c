package org.consortia.mpc.config;

/** A setting whose values are the words of consortium files, policies and job specs (the modes' enums). */
public interface Worded {
    /** The word in files and specs. */
    String word();

    /** The value among {@code values} that {@code word} names, or {@code null}. */
    static <E extends Worded> E byWord(E[] values, String word) {
        for (E v : values) {
            if (v.word().equals(word)) {
                return v;
            }
        }
        return null;
    }
}
