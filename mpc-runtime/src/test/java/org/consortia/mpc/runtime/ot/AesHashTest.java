package org.consortia.mpc.runtime.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import org.consortia.mpc.runtime.TestSeeds;
import org.junit.jupiter.api.Test;

/**
 * The OT extension's correlation-robust hash against its definition computed here in one cipher call over the whole
 * batch: H(i, x) = pi(x xor i) xor x xor i, low 64 bits, for every row of batches around the hash's chunk of 1,024
 * blocks, with a tweak offset and a mask. A wrong tweak would still give matching OTs on both sides (both would hash
 * alike), so only a reference catches it.
 */
class AesHashTest {
    @Test
    void everyRowIsItsHashUnderItsOwnTweak() throws Exception {
        SplittableRandom r = TestSeeds.random("AesHashTest.rows");
        Cipher pi = Cipher.getInstance("AES/ECB/NoPadding");
        pi.init(Cipher.ENCRYPT_MODE, new SecretKeySpec("consortia-mpc-ot".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "AES"));
        AesHash hash = new AesHash();
        for (int n : new int[] {0, 1, 1023, 1024, 1025, 2500}) {
            long[] blocks = new long[2 * n];
            for (int j = 0; j < blocks.length; j++) {
                blocks[j] = r.nextLong();
            }
            long mask0 = r.nextLong();
            long mask1 = r.nextLong();
            long first = r.nextLong() >>> 8;
            ByteBuffer in = ByteBuffer.allocate(16 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < n; k++) {
                in.putLong(blocks[2 * k] ^ mask0 ^ (first + k)).putLong(blocks[2 * k + 1] ^ mask1);
            }
            ByteBuffer out = ByteBuffer.wrap(n == 0 ? new byte[0] : pi.doFinal(in.array())).order(ByteOrder.LITTLE_ENDIAN);
            long[] want = new long[n];
            for (int k = 0; k < n; k++) {
                want[k] = out.getLong(16 * k) ^ in.getLong(16 * k);
            }
            assertArrayEquals(want, hash.hash(blocks, mask0, mask1, first), n + " rows");
        }
    }
}
