package org.consortia.mpc.protocols.net;

/**
 * Told of every value a program opens (a reveal, not the masked openings inside protocols), before it is
 * opened. A runtime uses it to trace what a job reveals and to refuse a reveal the job did not declare: an
 * exception thrown here stops the opening before anything is sent.
 */
@FunctionalInterface
public interface RevealListener {
    /** The receiver of an opening to every party. */
    int ALL = -1;

    /** A listener that allows everything. */
    RevealListener NONE = (receiver, elements) -> { };

    /** {@code elements} values are about to be opened to {@code receiver} ({@link #ALL} for every party). */
    void revealing(int receiver, int elements);
}
