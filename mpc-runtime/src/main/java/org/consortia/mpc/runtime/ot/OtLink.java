package org.consortia.mpc.runtime.ot;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end of a two-party message link for the OT protocols: ordered messages of 64-bit words to the peer, and the bytes
 * sent. Every receive names the length its protocol step expects, which the receiver always knows (a curve point, the
 * extension matrix of m transfers, the corrections of a count of products): a message of any other length is the
 * peer's protocol error, refused before it is held, so a peer can make this party hold no more than the step needs.
 * {@link #pair()} makes an in-memory pair (tests, the OT benchmark); {@link OtSession} runs links over a session's
 * transport.
 */
public interface OtLink {
    void send(long[] message);

    /** The next message, which must be {@code words} long: any other length is refused with {@link #malformed}. */
    long[] receive(int words);

    /**
     * The error for a message from the peer that the protocol cannot take (a wrong length, a point off the curve): the
     * peer's protocol error, never this party's.
     */
    RuntimeException malformed(String what);

    /** Bytes this end sent so far. */
    long bytesSent();

    /** Two connected in-memory ends. */
    static OtLink[] pair() {
        BlockingQueue<long[]> ab = new LinkedBlockingQueue<>();
        BlockingQueue<long[]> ba = new LinkedBlockingQueue<>();
        return new OtLink[] {new Memory(ab, ba), new Memory(ba, ab)};
    }

    /** An in-memory end: sends to one queue, receives from the other. */
    final class Memory implements OtLink {
        private final BlockingQueue<long[]> out;
        private final BlockingQueue<long[]> in;
        private final AtomicLong sent = new AtomicLong();

        Memory(BlockingQueue<long[]> out, BlockingQueue<long[]> in) {
            this.out = out;
            this.in = in;
        }

        @Override
        public void send(long[] message) {
            sent.addAndGet(8L * message.length);
            out.add(message);
        }

        /** How long a receive waits for the peer before the peer is taken as gone. */
        static final long TIMEOUT_SECONDS = 120;

        @Override
        public long[] receive(int words) {
            try {
                long[] m = in.poll(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                if (m == null) {
                    throw new IllegalStateException("the peer sent nothing for " + TIMEOUT_SECONDS + " s (it failed or stopped)");
                }
                if (m.length != words) {
                    throw malformed("a message of " + m.length + " words where this step expects " + words);
                }
                return m;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the peer", e);
            }
        }

        @Override
        public RuntimeException malformed(String what) {
            return new IllegalStateException("the peer sent " + what);
        }

        @Override
        public long bytesSent() {
            return sent.get();
        }
    }
}
