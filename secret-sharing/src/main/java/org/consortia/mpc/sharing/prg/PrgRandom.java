package org.consortia.mpc.sharing.prg;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A {@link SecureRandom} that draws from AES-128-CTR ({@link AesPrg}) keyed once by 16 bytes of another
 * {@code SecureRandom}: for code that takes a {@code SecureRandom} and draws words by the million (correlated
 * randomness made by oblivious transfer). The platform's default ({@code NativePRNG}) mixes every call with a read of
 * {@code /dev/urandom}: a system call per few words, which was a third of the OT offline phase's time. Draws are
 * synchronized (several links' threads may share one); {@link #setSeed} adds nothing to the key (the entropy came
 * from the seeding source); {@code toString()} never prints the key.
 */
public final class PrgRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final transient AesPrg prg;

    private PrgRandom(AesPrg prg) {
        super(new Spi(prg), null);
        this.prg = prg;
    }

    /** A stream keyed by 16 bytes of {@code entropy}. */
    public static PrgRandom seededBy(SecureRandom entropy) {
        byte[] key = new byte[Seed.BYTES];
        entropy.nextBytes(key);
        return new PrgRandom(new AesPrg(Seed.of(key), 0));
    }

    /** One word of the stream (every draw takes whole words, under the stream's lock). */
    private long word() {
        synchronized (prg) {
            return prg.nextLong();
        }
    }

    @Override
    public long nextLong() {
        return word();
    }

    @Override
    public int nextInt() {
        return (int) word();
    }

    @Override
    public boolean nextBoolean() {
        return word() < 0;
    }

    @Override
    public String toString() {
        return "PrgRandom[AES-128-CTR]";
    }

    /**
     * {@link SecureRandom#nextBytes}, {@code generateSeed} and Random's own draws ({@code nextInt(bound)},
     * {@code nextDouble()} ..., through {@code next(bits)}): the same stream, eight bytes per word.
     */
    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient AesPrg prg;

        Spi(AesPrg prg) {
            this.prg = prg;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // the key came from the seeding source; a supplement adds nothing a caller relies on
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            synchronized (prg) {
                for (int at = 0; at < bytes.length; at += 8) {
                    long w = prg.nextLong();
                    for (int b = 0; b < 8 && at + b < bytes.length; b++) {
                        bytes[at + b] = (byte) (w >>> (8 * b));
                    }
                }
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] out = new byte[numBytes];
            engineNextBytes(out);
            return out;
        }
    }
}
