package org.consortia.mpc.runtime.link;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Cost;

/**
 * Private set intersection among 2 to 16 members by commutative Diffie-Hellman blinding on Curve25519 (X25519's ladder
 * on the hashed keys as u-coordinates; the curve and its twist are both prime-order-subgroup safe):
 * <pre>
 *   member i: its hashed keys H, blinded with its secret a_i, shuffled (it alone keeps the order)
 *   n - 1 hops round the ring: each member blinds the set it receives with its own secret and passes it on, so every
 *   set ends blinded by every member's secret, H^(a_0 ... a_n-1), at the member before its origin
 *   the leader (member 0) receives every fully blinded set, intersects them, and tells each member which of its
 *   positions are common, in one order for all (INTERSECTION), or every member only how many (CARDINALITY)
 * </pre>
 * A blinded key reveals nothing without every secret (decisional Diffie-Hellman); the members see only pseudorandom
 * points of sets whose sizes are public. The leader sees the fully blinded sets, so it learns, for three members or
 * more, how large each pair's overlap is (never which keys) and, in CARDINALITY mode, which of its own rows are common.
 * Keys must be unique within a member (a duplicate is refused at its member, naming neither the key nor its row).
 */
public final class EcdhLinkage {
    /** What the linkage tells the members. */
    public enum Mode { INTERSECTION, CARDINALITY }

    /** Bytes of a point, and words. */
    static final int POINT = 32;
    static final int WORDS = POINT / 8;

    private EcdhLinkage() {
    }

    /**
     * This member's outcome: for its own rows whether each is common, and its common rows in the order every member
     * shares ({@code rows[j]} of each member holds the same key), both {@code null} in CARDINALITY mode; and the size of
     * the intersection.
     */
    public record Outcome(boolean[] common, long cardinality, int[] rows) {
        @Override
        public String toString() {
            return "Linkage.Outcome[private]";
        }
    }

    /**
     * Runs the linkage at this member of a session.
     *
     * @param mine   this member's canonical keys (see {@link LinkKeys}); read at this member only
     * @param counts every member's key count (public: the rows each declares)
     */
    public static Outcome link(Backend be, String[] mine, int[] counts, Mode mode, SecureRandom random) {
        int n = be.parties();
        int self = be.party();
        if (counts.length != n) {
            throw new IllegalArgumentException("linkage: " + counts.length + " key counts for " + n + " members");
        }
        if (self >= n) { // the dealer's dry run as an observer: the linkage asks for no correlated randomness
            return new Outcome(null, 0, null);
        }
        boolean dry = be.dryRun();
        int m = counts[self];
        if (!dry && (mine == null || mine.length != m)) {
            throw new IllegalArgumentException("linkage: this member declares " + m + " keys, holds "
                    + (mine == null ? "none" : mine.length));
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        int[] order = shuffle(m, random); // position p holds own row order[p]
        byte[] current = new byte[m * POINT];
        if (!dry) {
            Set<String> seen = new HashSet<>();
            for (int p = 0; p < m; p++) {
                String k = mine[order[p]];
                if (!seen.add(k)) {
                    throw new IllegalArgumentException("linkage: a key occurs twice in this member's rows (keys must be unique)");
                }
            }
            byte[] out = current;
            java.util.stream.IntStream.range(0, m).parallel()
                    .forEach(p -> X25519.scalarMult(secret, 0, LinkKeys.hash(mine[order[p]]), 0, out, p * POINT));
        }
        int next = (self + 1) % n;
        int prev = (self + n - 1) % n;
        for (int hop = 1; hop < n; hop++) {
            be.send(next, words(current));
            int origin = ((self - hop) % n + n) % n;
            byte[] in = bytes(be.receive(prev, counts[origin] * WORDS));
            current = new byte[in.length];
            if (!dry) {
                byte[] out = current;
                java.util.stream.IntStream.range(0, counts[origin]).parallel() // a scalar multiplication per key, on every core
                        .forEach(p -> X25519.scalarMult(secret, 0, in, p * POINT, out, p * POINT));
            }
        }
        int held = (self + 1) % n; // the origin of the fully blinded set this member holds now
        int[] positions; // this member's positions of the common keys, in the common order (sorted fully blinded points)
        long cardinality;
        if (self == 0) {
            byte[][] full = new byte[n][];
            full[held] = current;
            for (int i = 1; i < n; i++) {
                int origin = (i + 1) % n;
                full[origin] = bytes(be.receive(i, counts[origin] * WORDS));
            }
            int[][] common = dry ? new int[n][0] : intersect(full, counts);
            cardinality = common[0].length;
            for (int i = 1; i < n; i++) {
                be.send(i, new long[] {cardinality});
                if (mode == Mode.INTERSECTION) {
                    be.send(i, java.util.Arrays.stream(common[i]).asLongStream().toArray());
                }
            }
            positions = common[0];
        } else {
            be.send(0, words(current));
            cardinality = be.receive(0, 1)[0];
            if (cardinality < 0 || cardinality > m) {
                throw new IllegalStateException("linkage: the leader reports " + cardinality + " common keys of this member's "
                        + m);
            }
            positions = mode == Mode.INTERSECTION ? java.util.Arrays.stream(be.receive(0, (int) cardinality))
                    .mapToInt(v -> (int) v).toArray() : null;
        }
        if (mode == Mode.CARDINALITY || positions == null) {
            return new Outcome(null, cardinality, null);
        }
        boolean[] common = new boolean[m];
        int[] rows = new int[positions.length];
        for (int j = 0; j < positions.length; j++) {
            if (positions[j] < 0 || positions[j] >= m) {
                throw new IllegalStateException("linkage: the leader names a position outside this member's keys");
            }
            rows[j] = order[positions[j]];
            common[rows[j]] = true;
        }
        return new Outcome(common, cardinality, rows);
    }

    /**
     * For each member, the positions in its fully blinded set of the keys every member holds, in one order for all: the
     * blinded points sorted (pseudorandom, so the order says nothing of the keys).
     */
    private static int[][] intersect(byte[][] full, int[] counts) {
        int n = full.length;
        Map<ByteBuffer, Integer> seenIn = new HashMap<>();
        List<Map<ByteBuffer, Integer>> where = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<ByteBuffer, Integer> at = new HashMap<>();
            for (int p = 0; p < counts[i]; p++) {
                ByteBuffer key = ByteBuffer.wrap(full[i], p * POINT, POINT).slice();
                if (at.putIfAbsent(key, p) == null) {
                    seenIn.merge(key, 1, Integer::sum);
                }
            }
            where.add(at);
        }
        List<ByteBuffer> common = new ArrayList<>();
        seenIn.forEach((k, c) -> {
            if (c == n) {
                common.add(k);
            }
        });
        common.sort(ByteBuffer::compareTo);
        int[][] out = new int[n][common.size()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < common.size(); j++) {
                out[i][j] = where.get(i).get(common.get(j));
            }
        }
        return out;
    }

    /**
     * What one member sends in all (an upper bound, the leader's): its blinded set round the ring through n - 1 hops of
     * every set, the fully blinded sets to the leader, the answers. Rounds: n - 1 hops, then 2.
     */
    public static Cost cost(int[] counts, Mode mode) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        long answers = 0;
        for (int c : counts) {
            answers += mode == Mode.INTERSECTION ? c + 1 : 1;
        }
        return new Cost(counts.length + 2, total * WORDS * (counts.length - 1) + answers);
    }

    private static int[] shuffle(int m, SecureRandom random) {
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        for (int i = m - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static long[] words(byte[] b) {
        long[] out = new long[b.length / 8];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    private static byte[] bytes(long[] w) {
        byte[] out = new byte[w.length * 8];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(w);
        return out;
    }

    /** The plaintext reference: which of each member's keys occur at every member. */
    public static List<boolean[]> reference(List<String[]> keys) {
        Map<String, Integer> count = new HashMap<>();
        for (String[] k : keys) {
            new HashSet<>(List.of(k)).forEach(x -> count.merge(x, 1, Integer::sum));
        }
        List<boolean[]> out = new ArrayList<>();
        for (String[] k : keys) {
            boolean[] c = new boolean[k.length];
            for (int i = 0; i < k.length; i++) {
                c[i] = count.get(k[i]) == keys.size();
            }
            out.add(c);
        }
        return out;
    }
}
