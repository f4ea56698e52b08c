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

    private final Cipher cipher;
    private final byte[] zeros = new byte[CHUNK_BYTES];
    private final byte[] buf = new byte[CHUNK_BYTES];
    private final LongBuffer words = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    private int available; // words left in buf, at its tail

    public AesPrg(Seed seed, long streamId) {
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            byte[] iv = new byte[16];
            for (int i = 0; i < 8; i++) {
                iv[i] = (byte) (streamId >>> (56 - 8 * i));
            }
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed.key(), "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is not available in this JVM", e);
        }
    }

    /** Fills {@code out[off, off+len)} with pseudo-random words. */
    public void fill(long[] out, int off, int len) {
        int done = 0;
        while (done < len) {
            if (available == 0) {
                refill();
            }
            int n = Math.min(available, len - done);
            words.position(CHUNK_BYTES / 8 - available);
            words.get(out, off + done, n);
            available -= n;
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
        if (available == 0) {
            refill();
        }
        long v = words.get(CHUNK_BYTES / 8 - available);
        available--;
        return v;
    }

    private void refill() {
        try {
            cipher.update(zeros, 0, CHUNK_BYTES, buf, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        available = CHUNK_BYTES / 8;
    }

    @Override
    public String toString() {
        return "AesPrg[AES-128-CTR]";
    }
}
