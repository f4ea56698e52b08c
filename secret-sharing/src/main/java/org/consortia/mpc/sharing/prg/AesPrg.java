package org.consortia.mpc.sharing.prg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cryptographic PRG: AES-128 in counter mode (JCA, hardware-accelerated by the JVM's AES intrinsics)
 * keyed by a {@link Seed}. A stream is identified by {@code (seed, streamId)}: the IV is the stream id in its
 * high 64 bits and a block counter in its low 64 bits, so two parties holding the same seed derive the same
 * words for the same stream, independently of any other stream. Not thread-safe; one instance per stream.
 */
public final class AesPrg {
    private static final int CHUNK_BYTES = 1 << 16;
    /** The least keystream made at once (a whole number of AES blocks). */
    private static final int MIN_REFILL_BYTES = 256;

    /** Counter mode encrypts zeros: one read-only input for every stream. */
    private static final byte[] ZEROS = new byte[CHUNK_BYTES];

    private final Cipher cipher;
    private byte[] buf = new byte[0]; // grown to what reads need, at most a chunk: a small item allocates little
    private LongBuffer words = LongBuffer.allocate(0);
    private int limit; // words of keystream in buf
    private int pos; // the next unused one

    /** Each thread's stream for {@link #scratch} (a cipher instance costs microseconds; keying one, a fraction). */
    private static final ThreadLocal<AesPrg> SCRATCH = ThreadLocal.withInitial(() -> new AesPrg(cipher()));

    public AesPrg(Seed seed, long streamId) {
        this(cipher());
        key(seed, streamId);
    }

    private AesPrg(Cipher cipher) {
        this.cipher = cipher;
    }

    /**
     * This thread's reusable stream, keyed to {@code (seed, streamId)}: the same words as {@code new AesPrg(seed,
     * streamId)} without a new cipher, valid until this thread's next call (for derivations that read one stream, then
     * the next: one per item of correlated randomness).
     */
    public static AesPrg scratch(Seed seed, long streamId) {
        AesPrg p = SCRATCH.get();
        p.key(seed, streamId);
        return p;
    }

    private static Cipher cipher() {
        try {
            return Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is not available in this JVM", e);
        }
    }

    private void key(Seed seed, long streamId) {
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (streamId >>> (56 - 8 * i));
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed.key(), "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is not available in this JVM", e);
        }
        limit = 0;
        pos = 0;
    }

    /** Fills {@code out[off, off+len)} with pseudo-random words. */
    public void fill(long[] out, int off, int len) {
        int done = 0;
        while (done < len) {
            if (pos == limit) {
                refill(len - done);
            }
            int n = Math.min(limit - pos, len - done);
            words.position(pos);
            words.get(out, off + done, n);
            pos += n;
            done += n;
        }
    }

    public void fill(long[] out) {
        fill(out, 0, out.length);
    }

    public long[] next(int n) {
        long[] out = new long[n];
        fill(out, 0, n);
        return out;
    }

    public long nextLong() {
        if (pos == limit) {
            refill(1);
        }
        return words.get(pos++);
    }

    /**
     * The next keystream, as much as {@code wanted} words need (whole blocks, at least {@link #MIN_REFILL_BYTES}, at most
     * a chunk): counter mode's stream does not depend on how it is cut, and a small item no longer pays for a whole
     * chunk of AES it never reads.
     */
    private void refill(int wanted) {
        int bytes = (int) Math.min(CHUNK_BYTES, Math.max(MIN_REFILL_BYTES, ((long) wanted * 8 + 15) & ~15L));
        if (buf.length < bytes) {
            buf = new byte[bytes];
            words = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        }
        try {
            cipher.update(ZEROS, 0, bytes, buf, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        limit = bytes / 8;
        pos = 0;
    }

    @Override
    public String toString() {
        return "AesPrg[AES-128-CTR]";
    }
}
