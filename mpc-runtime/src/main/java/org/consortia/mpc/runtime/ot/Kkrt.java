package org.consortia.mpc.runtime.ot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A batched oblivious pseudorandom function (Kolesnikov, Kumaresan, Rosulek, Trieu, CCS 2016): the IKNP extension with
 * a 512-bit pseudorandom code instead of the repetition code. The receiver has m inputs (16 bytes each, one per bin) and
 * learns F(j, x_j) for each; the sender learns nothing of them, and can evaluate F(j, y) for any bin j and any y. Roles
 * of the 512 base OTs are reversed (the receiver sends, the sender chooses 512 random bits s); the receiver sends the
 * 512 columns of m bits u^i = G(k0_i) xor G(k1_i) xor C(x)^i (G: AES-128 in counter mode), the sender keeps
 * q^i = G(k_{s_i}) xor s_i u^i, whose row j is t_j xor (C(x_j) and s). C is AES-128 under a fresh key the sender draws
 * and sends first, applied to the input with a block index in its last byte, 4 blocks: 512 bits.
 * F(j, x) is the first 8 bytes of SHA-256(j, row): 64 bits (a false match between two different inputs in one bin has
 * probability 2^-64). Semi-honest. Bytes: the receiver sends 64 m bytes (plus the base OTs' points), the sender 16.
 * Memory at either end: the m rows of the extension (64 m bytes) and one group of 64 columns at a time.
 */
public final class Kkrt {
    /** The code's width in bits. */
    public static final int WIDTH = 512;
    private static final int WORDS = WIDTH / 64;

    private Kkrt() {
    }

    /** The sender's side after the extension: evaluates F at any bin and input. */
    public static final class Sender {
        private final long[] rows; // m rows of WORDS words
        private final long[] s;
        private final byte[] codeKey;

        Sender(long[] rows, long[] s, byte[] codeKey) {
            this.rows = rows;
            this.s = s;
            this.codeKey = codeKey;
        }

        /** F(bin, x) for the inputs {@code xs} (16 bytes each, flat) at bins {@code bins}, on every core. */
        public long[] eval(int[] bins, byte[] xs) {
            int n = bins.length;
            long[] out = new long[n];
            int chunk = 4096;
            java.util.stream.IntStream.range(0, (n + chunk - 1) / chunk).parallel().forEach(c -> {
                int from = c * chunk;
                int to = Math.min(n, from + chunk);
                long[] code = code(codeKey, xs, from, to);
                MessageDigest sha = sha();
                long[] row = new long[WORDS];
                for (int i = from; i < to; i++) {
                    int j = bins[i];
                    for (int w = 0; w < WORDS; w++) {
                        row[w] = rows[j * WORDS + w] ^ (code[(i - from) * WORDS + w] & s[w]);
                    }
                    out[i] = hash(sha, j, row);
                }
            });
            return out;
        }
    }

    /**
     * The receiver's side: F(j, x_j) for its m inputs (16 bytes each, flat; m a multiple of 64). Memory: the m rows of
     * the extension (64 m bytes) and one group of 64 columns at a time.
     */
    public static long[] receive(OtLink link, byte[] inputs, SecureRandom random) {
        int m = inputs.length / 16;
        if (m % 64 != 0 || inputs.length != 16 * m) {
            throw new IllegalArgumentException("KKRT: " + inputs.length + " input bytes, not 16 for each of a multiple of 64 "
                    + "inputs");
        }
        byte[] codeKey = Bits.unwords(link.receive(Bits.wordsFor(16)));
        if (codeKey.length != 16) {
            throw link.malformed("a code key of " + codeKey.length + " bytes");
        }
        byte[][][] keys = BaseOt.send(link, WIDTH, random);
        int words = m / 64;
        long[] rows = new long[m * WORDS];
        for (int b = 0; b < WIDTH / 128; b++) { // one AES block of the code: two groups of 64 columns
            long[] block = codeBlock(codeKey, inputs, b); // m x 2 words
            for (int half = 0; half < 2; half++) {
                int w = 2 * b + half;
                long[][] codeCols = columnsOf(block, half, m);
                long[][] t0 = new long[64][];
                long[] u = new long[64 * words];
                java.util.stream.IntStream.range(0, 64).parallel().forEach(c -> {
                    int i = 64 * w + c;
                    t0[c] = prg(keys[i][0], words);
                    long[] t1 = prg(keys[i][1], words);
                    for (int x = 0; x < words; x++) {
                        u[c * words + x] = t0[c][x] ^ t1[x] ^ codeCols[c][x];
                    }
                });
                link.send(u);
                intoRows(t0, rows, w, m);
            }
        }
        long[] out = new long[m];
        java.util.stream.IntStream.range(0, (m + 4095) / 4096).parallel().forEach(c -> {
            MessageDigest sha = sha();
            long[] row = new long[WORDS];
            for (int j = c * 4096; j < Math.min(m, (c + 1) * 4096); j++) {
                System.arraycopy(rows, j * WORDS, row, 0, WORDS);
                out[j] = hash(sha, j, row);
            }
        });
        return out;
    }

    /** The sender's side for a receiver with {@code m} inputs. Memory: the m rows (64 m bytes) and one group of columns. */
    public static Sender send(OtLink link, int m, SecureRandom random) {
        if (m % 64 != 0) {
            throw new IllegalArgumentException("KKRT: " + m + " inputs, not a multiple of 64");
        }
        byte[] codeKey = new byte[16];
        random.nextBytes(codeKey);
        link.send(Bits.words(codeKey));
        boolean[] choice = new boolean[WIDTH];
        long[] s = new long[WORDS];
        for (int i = 0; i < WIDTH; i++) {
            choice[i] = random.nextBoolean();
            if (choice[i]) {
                s[i / 64] |= 1L << (i % 64);
            }
        }
        byte[][] keys = BaseOt.receive(link, choice, random);
        int words = m / 64;
        long[] rows = new long[m * WORDS];
        for (int w = 0; w < WORDS; w++) {
            long[] u = link.receive(64 * words);
            long[][] q = new long[64][];
            int base = 64 * w;
            java.util.stream.IntStream.range(0, 64).parallel().forEach(c -> {
                int i = base + c;
                q[c] = prg(keys[i], words);
                if (choice[i]) {
                    for (int x = 0; x < words; x++) {
                        q[c][x] ^= u[c * words + x];
                    }
                }
            });
            intoRows(q, rows, w, m);
        }
        return new Sender(rows, s, codeKey);
    }

    /** Bytes the receiver sends for m inputs (the base OTs' points aside). */
    public static long receiverBytes(int m) {
        return (long) WIDTH * m / 8;
    }

    /** The code words of inputs {@code from..to-1} (flat, 16 bytes each): WORDS words each (bit k of word w: bit 64 w + k). */
    static long[] code(byte[] key, byte[] xs, int from, int to) {
        int n = to - from;
        long[] out = new long[n * WORDS];
        for (int b = 0; b < WIDTH / 128; b++) {
            long[] block = aes(key, xs, from, to, b);
            for (int i = 0; i < n; i++) {
                out[i * WORDS + 2 * b] = block[2 * i];
                out[i * WORDS + 2 * b + 1] = block[2 * i + 1];
            }
        }
        return out;
    }

    /** AES block {@code b} of every input's code: 2 words per input. */
    static long[] codeBlock(byte[] key, byte[] xs, int b) {
        return aes(key, xs, 0, xs.length / 16, b);
    }

    private static long[] aes(byte[] key, byte[] xs, int from, int to, int b) {
        int n = to - from;
        byte[] in = java.util.Arrays.copyOfRange(xs, from * 16, to * 16);
        for (int i = 0; i < n; i++) {
            in[i * 16 + 15] ^= (byte) (0x40 | b);
        }
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            byte[] out = aes.doFinal(in);
            long[] w = new long[2 * n];
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(w);
            return w;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** G(key): {@code words} words of AES-128 in counter mode under the 16-byte key. */
    static long[] prg(byte[] key, int words) {
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 0, 16, "AES"), new IvParameterSpec(new byte[16]));
            byte[] out = aes.doFinal(new byte[words * 8]);
            long[] w = new long[words];
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(w);
            return w;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Word {@code half} of each of m rows (2 words a row in {@code block}) as 64 columns of m bits. */
    static long[][] columnsOf(long[] block, int half, int m) {
        long[][] cols = new long[64][m / 64];
        long[] t = new long[64];
        for (int rb = 0; rb < m / 64; rb++) {
            for (int r = 0; r < 64; r++) {
                t[r] = block[2 * (rb * 64 + r) + half];
            }
            Bits.transpose64(t, 0);
            for (int c = 0; c < 64; c++) {
                cols[c][rb] = t[c];
            }
        }
        return cols;
    }

    /** 64 columns of m bits into word {@code w} of the m rows. */
    static void intoRows(long[][] cols, long[] rows, int w, int m) {
        java.util.stream.IntStream.range(0, m / 64).parallel().forEach(rb -> {
            long[] t = new long[64];
            for (int c = 0; c < 64; c++) {
                t[c] = cols[c][rb];
            }
            Bits.transpose64(t, 0);
            for (int r = 0; r < 64; r++) {
                rows[(rb * 64 + r) * WORDS + w] = t[r];
            }
        });
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long hash(MessageDigest sha, int j, long[] row) {
        ByteBuffer b = ByteBuffer.allocate(4 + WIDTH / 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(j);
        for (long w : row) {
            b.putLong(w);
        }
        byte[] d = sha.digest(b.array());
        return ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
