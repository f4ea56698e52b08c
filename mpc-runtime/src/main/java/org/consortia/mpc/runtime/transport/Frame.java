package org.consortia.mpc.runtime.transport;

/**
 * One message between nodes. On the wire (see the Netty encoder for the byte layout) it is a length-prefixed
 * header followed by the payload as little-endian longs:
 * <pre>
 * +--------+------------+--------+------+--------+------------------------+
 * | length | session id |  seq   | kind | sender | payload: n x int64 LE  |
 * | int32  |   int64    | int32  | i16  |  i16   |                        |
 * +--------+------------+--------+------+--------+------------------------+
 *   length = 16 + 8n (bytes after the length field)
 * </pre>
 * {@code seq} numbers the frames one sender sends to one receiver within a session, from 0.
 * {@code toString()} prints the header and payload length, never the payload.
 */
public record Frame(long sessionId, int seq, FrameKind kind, int sender, long[] payload) {
    /** Bytes of length prefix and header. */
    public static final int HEADER_BYTES = 4 + 8 + 4 + 2 + 2;

    /** Packs bytes into words: the byte count, then the bytes, 8 per word, little-endian. */
    public static long[] wordsOf(byte[] bytes) {
        long[] w = new long[1 + (bytes.length + 7) / 8];
        w[0] = bytes.length;
        for (int i = 0; i < bytes.length; i++) {
            w[1 + i / 8] |= (bytes[i] & 0xffL) << (8 * (i % 8));
        }
        return w;
    }

    /** Unpacks what {@link #wordsOf} packed; throws {@link IllegalArgumentException} on a malformed payload. */
    public static byte[] bytesOf(long[] w) {
        if (w.length == 0 || w[0] < 0 || w[0] > 8L * (w.length - 1) || w[0] <= 8L * (w.length - 2)) {
            throw new IllegalArgumentException("malformed byte payload of " + w.length + " words");
        }
        byte[] b = new byte[(int) w[0]];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (w[1 + i / 8] >>> (8 * (i % 8)));
        }
        return b;
    }

    /** Bytes this frame occupies on the wire. */
    public long wireBytes() {
        return HEADER_BYTES + 8L * payload.length;
    }

    @Override
    public String toString() {
        return "Frame[session=" + Long.toHexString(sessionId) + ", seq=" + seq + ", kind=" + kind + ", sender=" + sender
                + ", words=" + payload.length + "]";
    }
}
