package org.consortia.mpc.runtime.transport;

/** What a frame carries. The code is the 16-bit kind field of the wire header. */
public enum FrameKind {
    /** Online protocol data between parties. */
    DATA(1),
    /** Dealer to party: the party's 128-bit dealer seed. */
    DEALER_SEED(2),
    /** Party to party: a pairwise seed for zero-message inputs. */
    PAIR_SEED(3),
    /** Dealer to party 0: correction words for one item (possibly in several chunks). */
    CORRECTION(4),
    /** A node gave up on the session; the payload is a code (e.g. {@code INPUT_INVALID:1}), as packed bytes. */
    ABORT(5),
    /** Keeps an idle connection alive; never routed to a session. */
    HEARTBEAT(6),
    /** Node-to-node control messages (job start), on session 0. */
    CONTROL(7),
    /** Party to party: my offline phase is done; sent to every peer before the online phase. */
    READY(8),
    /** Party to party: I have started this session; every party expects it within the round timeout. */
    HELLO(9),
    /**
     * One part of a message larger than a frame may be: the parts of a message are sent in order as PART frames
     * and its last part carries the message's own kind, so the frame limit bounds a frame, never a message.
     */
    PART(10),
    /**
     * Party 0 to the dealer: how many more correction words it can take (one word). The dealer keeps at most
     * {@code Preprocessing.CREDIT_WINDOW_WORDS} words unacknowledged, so its stream never fills party 0's mailbox.
     */
    CREDIT(11),
    /**
     * Party to party, when the parties make their own correlated randomness: the digest of this party's demand (one
     * word), which every peer compares with its own before any item is made.
     */
    DIGEST(12);

    private final int code;

    FrameKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FrameKind of(int code) {
        for (FrameKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
