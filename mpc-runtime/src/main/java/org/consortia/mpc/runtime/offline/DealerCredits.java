package org.consortia.mpc.runtime.offline;

import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.transport.FrameKind;

/**
 * The dealer's side of credit-based flow control: at most {@link Preprocessing#CREDIT_WINDOW_WORDS} words sent to a
 * party and not yet acknowledged by its CREDIT frames. A party credits once it has taken a quarter window, so the
 * dealer waits only while at least that much is unacknowledged (below it, a credit may never come: the item goes,
 * and the party holds at most a quarter window plus one item).
 */
final class DealerCredits {
    private final SessionChannel ch;
    private final long[] sent;
    private final long[] credited;

    DealerCredits(SessionChannel ch) {
        this.ch = ch;
        this.sent = new long[ch.parties()];
        this.credited = new long[ch.parties()];
    }

    /** Waits until {@code words} more may go to {@code party}, and counts them as sent. */
    void reserve(int party, long words) {
        long window = Preprocessing.CREDIT_WINDOW_WORDS;
        while (sent[party] - credited[party] >= window / 4 && sent[party] - credited[party] + words > window) {
            credited[party] += ch.receiveFrame(party, FrameKind.CREDIT, 1,
                    ch.roundTimeout().toNanos() * Preprocessing.READY_TIMEOUT_ROUNDS)[0];
        }
        sent[party] += words;
    }

    /** The party side: counts words taken from the dealer and grants a CREDIT for every quarter window of them. */
    static final class Taken {
        private final SessionChannel ch;
        private long taken;

        Taken(SessionChannel ch) {
            this.ch = ch;
        }

        void add(long words) {
            taken += words;
            if (taken >= Preprocessing.CREDIT_WINDOW_WORDS / 4) {
                ch.sendFrame(ch.dealer(), FrameKind.CREDIT, new long[] {taken}); // the dealer may send that much more
                taken = 0;
            }
        }
    }

    @Override
    public String toString() {
        return "DealerCredits[" + sent.length + " parties]";
    }
}
