package org.consortia.mpc.analyses.dp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.auth.ZeroCheck;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Binomial noise that no party knows, made inside the computation ({@link BinomialMechanism}): every party inputs
 * {@code count x coins} random bits of its own; each coin is the XOR of all parties' bits (x XOR y = x + y - 2xy on
 * 0/1 integers, a tree of n - 1 secret products), so a coin is uniform as long as one party drew its bits honestly,
 * and no coalition without that party, nor the dealer (which sees only masked values), learns it. The noise value is
 * the number of ones among its coins minus coins / 2: an integer of scale 0, added to a result before it is revealed.
 * Cost: one input of count x coins bits per party and ceil(log2 n) rounds of products.
 */
public final class DpNoise {
    private DpNoise() {
    }

    /** {@code n} uniform bits from {@code rnd}. */
    private static long[] coins(int n, SecureRandom rnd) {
        long[] bits = new long[n];
        byte[] raw = new byte[(n + 7) / 8];
        rnd.nextBytes(raw);
        for (int i = 0; i < n; i++) {
            bits[i] = (raw[i >>> 3] >>> (i & 7)) & 1;
        }
        return bits;
    }

    /**
     * {@code count} centred binomial noise values of {@code coins} coins each, as secret integers (scale 0).
     *
     * @param mine this party's randomness: a {@link SecureRandom} in production; tests pass seeded ones
     */
    public static SecretTensor binomial(Backend be, int count, int coins, SecureRandom mine) {
        if (count < 1 || coins < 2 || coins % 2 != 0 || coins > BinomialMechanism.MAX_COINS
                || (long) count * coins > Integer.MAX_VALUE / 2) {
            throw new MpcArgumentException("binomial noise: " + count + " values of " + coins + " coins (even, 2 to "
                    + BinomialMechanism.MAX_COINS + ")");
        }
        return binomial(be, count, coins, n -> coins(n, mine));
    }

    /** A member's coins: {@code n} values it inputs (0 or 1 when it follows the protocol). */
    @FunctionalInterface
    public interface Coins {
        long[] draw(int n);
    }

    /**
     * As {@link #binomial(Backend, int, int, SecureRandom)}, this party's coins from {@code mine}: the form tests use to
     * play a member that inputs other values than bits.
     */
    public static SecretTensor binomial(Backend be, int count, int coins, Coins mine) {
        int n = count * coins;
        try (var s = be.operation("dp_noise")) {
            List<SecretTensor> level = new ArrayList<>();
            for (int p = 0; p < be.parties(); p++) {
                // each party's own coins; the plaintext reference plays every party and draws each one's
                boolean draws = !be.dryRun() && (p == be.party() || be.readsInputOf(p));
                level.add(be.inputIntegers(p, Shape.of(n), draws ? mine.draw(n) : null));
            }
            if (be.authenticated()) {
                checkBits(be, level);
            }
            while (level.size() > 1) { // pairwise XOR, one round of products per level
                List<SecretTensor> next = new ArrayList<>();
                List<SecretTensor> lefts = new ArrayList<>();
                List<SecretTensor> rights = new ArrayList<>();
                for (int i = 0; i + 1 < level.size(); i += 2) {
                    lefts.add(level.get(i));
                    rights.add(level.get(i + 1));
                }
                SecretTensor[] products = mulAll(lefts, rights);
                for (int i = 0; i < products.length; i++) {
                    next.add(lefts.get(i).add(rights.get(i)).sub(products[i].mul(2L)));
                }
                if (level.size() % 2 == 1) {
                    next.add(level.get(level.size() - 1));
                }
                level = next;
            }
            long[] out = be.ring().sumAxis(level.get(0).share(), count, coins, 1); // the ones among each value's coins
            SecretTensor noise = SecretTensor.fromShare(be, Shape.of(count), out, 0);
            long[] half = new long[count];
            java.util.Arrays.fill(half, -(long) (coins / 2));
            return SecretTensor.fromShare(be, noise.shape(), be.addPublic(noise.share(), half), 0);
        }
    }

    /**
     * On authenticated shares, every member's coins must be bits: one that inputs other integers would give the noise
     * gaps (a coin of -1 makes its XOR with an honest bit 3 b - 1: the noise then moves in steps of 3, and the revealed
     * value's residue tells the sum's). So c - c^2, zero exactly for 0 and 1, is computed for every coin (one round of
     * products for all members) and opened ({@link ZeroCheck}): a nonzero one fails the job as {@code CHECK_FAILED}.
     */
    private static void checkBits(Backend be, List<SecretTensor> coins) {
        SecretTensor[] squares = mulAll(coins, coins);
        for (int p = 0; p < coins.size(); p++) {
            ZeroCheck.opensZeros(be, coins.get(p).sub(squares[p]).share(), "dp_noise: member " + p + "'s coins");
        }
    }

    /** Elementwise products of the pairs in one round. */
    private static SecretTensor[] mulAll(List<SecretTensor> lefts, List<SecretTensor> rights) {
        SecretTensor[] out = new SecretTensor[lefts.size()];
        if (out.length == 1) {
            out[0] = lefts.get(0).mul(rights.get(0));
            return out;
        }
        Backend be = lefts.get(0).backend();
        long[][] xs = new long[out.length][];
        long[][] ys = new long[out.length][];
        Bilinear[] ops = new Bilinear[out.length];
        for (int i = 0; i < out.length; i++) {
            xs[i] = lefts.get(i).share();
            ys[i] = rights.get(i).share();
            ops[i] = Bilinear.elementwise(be.ring().size(xs[i]));
        }
        long[][] zs = be.bilinearAll(xs, ys, ops);
        for (int i = 0; i < out.length; i++) {
            out[i] = SecretTensor.fromShare(be, lefts.get(i).shape(), zs[i], 0);
        }
        return out;
    }
}
