package org.consortia.mpc.runtime.link;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.runtime.ot.Kkrt;
import org.consortia.mpc.runtime.ot.OtLink;

/**
 * Private set intersection among 2 to 16 members by an oblivious PRF on the OT extension (KKRT, {@link Kkrt}): the
 * leader (member 0) places its keys into 1.27 n0 bins by cuckoo hashing (3 hash functions under a seed it draws), and
 * for each other member k runs the batched OPRF as its receiver: it learns F(bin, key) for its key in each bin, member k
 * learns nothing. Member k evaluates F at each of its keys' 3 possible bins, in an order it alone knows (shuffled), and
 * sends the 3 lists: the leader finds which of its keys member k holds, and at which of k's positions. Then, as
 * {@link EcdhLinkage} does, it tells each member the positions of the keys every member holds, in one shuffled order for
 * all (INTERSECTION), or only how many (CARDINALITY). Same outcome as the ECDH linkage; what it reveals beyond: the
 * leader learns, for three members or more, which of its own keys each other member holds (pairwise), and in either mode
 * which of its own rows are common. Costs per other member: the leader sends 64 bytes per bin (1.27 n0 bins), the member
 * 24 bytes per key, plus 512 base OTs; a false match has probability about 3 n0 nk 2^-64. Keys must be unique within a
 * member.
 */
public final class OprfLinkage {
    /** Bins per leader key. */
    static final double LOAD = 1.27;
    static final int HASHES = 3;
    private static final int MAX_KICKS = 2000;

    private OprfLinkage() {
    }

    /**
     * Runs the linkage at this member of a session.
     *
     * @param mine   this member's canonical keys (see {@link LinkKeys}); read at this member only
     * @param counts every member's key count (public: the rows each declares)
     */
    public static EcdhLinkage.Outcome link(Backend be, String[] mine, int[] counts, EcdhLinkage.Mode mode, SecureRandom random) {
        int n = be.parties();
        int self = be.party();
        if (counts.length != n) {
            throw new IllegalArgumentException("linkage: " + counts.length + " key counts for " + n + " members");
        }
        if (self >= n || be.dryRun()) { // the dealer's dry run, or a trace: no correlated randomness, nothing to count
            return new EcdhLinkage.Outcome(null, 0, null);
        }
        int m = counts[self];
        if (mine == null || mine.length != m) {
            throw new IllegalArgumentException("linkage: this member declares " + m + " keys, holds "
                    + (mine == null ? "none" : mine.length));
        }
        byte[][] hashed = new byte[m][];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < m; i++) {
            if (!seen.add(mine[i])) {
                throw new IllegalArgumentException("linkage: a key occurs twice in this member's rows (keys must be unique)");
            }
            hashed[i] = LinkKeys.hash(mine[i]);
        }
        return self == 0 ? leader(be, hashed, counts, mode, random) : member(be, hashed, counts, mode, random);
    }

    private static EcdhLinkage.Outcome leader(Backend be, byte[][] keys, int[] counts, EcdhLinkage.Mode mode, SecureRandom random) {
        int n = be.parties();
        int n0 = keys.length;
        int bins = bins(n0);
        long seed = 0;
        int[] table = null; // bin -> key index (-1: empty)
        int[] via = null; // bin -> the hash function that placed it
        for (int attempt = 0; table == null && attempt < 32; attempt++) {
            seed = random.nextLong();
            table = new int[bins];
            via = new int[bins];
            if (!cuckoo(keys, seed, table, via, random)) {
                table = null;
            }
        }
        if (table == null) {
            throw new IllegalStateException("linkage: cuckoo hashing failed 32 times (cannot happen but by a broken random source)");
        }
        byte[] inputs = new byte[16 * bins];
        byte[] dummy = new byte[16];
        for (int j = 0; j < bins; j++) {
            if (table[j] < 0) {
                random.nextBytes(dummy);
                System.arraycopy(dummy, 0, inputs, 16 * j, 16);
            } else {
                System.arraycopy(input(keys[table[j]], via[j]), 0, inputs, 16 * j, 16);
            }
        }
        int[][] matchIn = new int[n][];
        for (int k = 1; k < n; k++) {
            be.send(k, new long[] {seed, bins});
            long[] f = Kkrt.receive(link(be, k), inputs, random);
            int[] match = new int[n0];
            java.util.Arrays.fill(match, -1);
            for (int h = 0; h < HASHES; h++) { // one list at a time: a position per value, looked up by the bins h filled
                long[] list = be.receive(k, counts[k]);
                LongIntMap at = new LongIntMap(counts[k]);
                for (int p = 0; p < counts[k]; p++) {
                    at.put(list[p], p);
                }
                for (int j = 0; j < bins; j++) {
                    if (table[j] >= 0 && via[j] == h) {
                        match[table[j]] = at.get(f[j]);
                    }
                }
            }
            matchIn[k] = match;
        }
        List<Integer> common = new ArrayList<>();
        for (int i = 0; i < n0; i++) {
            boolean all = true;
            for (int k = 1; k < n && all; k++) {
                all = matchIn[k][i] >= 0;
            }
            if (all) {
                common.add(i);
            }
        }
        java.util.Collections.shuffle(common, random); // the one order every member shares says nothing of the leader's rows
        for (int k = 1; k < n; k++) {
            be.send(k, new long[] {common.size()});
            if (mode == EcdhLinkage.Mode.INTERSECTION) {
                long[] pos = new long[common.size()];
                for (int j = 0; j < pos.length; j++) {
                    pos[j] = matchIn[k][common.get(j)];
                }
                be.send(k, pos);
            }
        }
        if (mode == EcdhLinkage.Mode.CARDINALITY) {
            return new EcdhLinkage.Outcome(null, common.size(), null);
        }
        boolean[] isCommon = new boolean[n0];
        int[] rows = new int[common.size()];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = common.get(j);
            isCommon[rows[j]] = true;
        }
        return new EcdhLinkage.Outcome(isCommon, rows.length, rows);
    }

    private static EcdhLinkage.Outcome member(Backend be, byte[][] keys, int[] counts, EcdhLinkage.Mode mode, SecureRandom random) {
        int mk = keys.length;
        long[] hello = be.receive(0, 2);
        long seed = hello[0];
        if (hello[1] != bins(counts[0])) {
            throw new IllegalStateException("linkage: the leader announces " + hello[1] + " bins for its " + counts[0] + " keys");
        }
        int bins = (int) hello[1];
        Kkrt.Sender sender = Kkrt.send(link(be, 0), bins, random);
        int[] order = new int[mk]; // position p holds own row order[p]
        for (int i = 0; i < mk; i++) {
            order[i] = i;
        }
        for (int i = mk - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] where = new int[mk];
        byte[] xs = new byte[16 * mk];
        for (int h = 0; h < HASHES; h++) { // one list per hash function, each in the shuffled order
            for (int p = 0; p < mk; p++) {
                byte[] key = keys[order[p]];
                where[p] = bin(key, h, seed, bins);
                System.arraycopy(input(key, h), 0, xs, 16 * p, 16);
            }
            be.send(0, sender.eval(where, xs));
        }
        long cardinality = be.receive(0, 1)[0];
        if (cardinality < 0 || cardinality > mk) {
            throw new IllegalStateException("linkage: the leader reports " + cardinality + " common keys of this member's " + mk);
        }
        if (mode == EcdhLinkage.Mode.CARDINALITY) {
            return new EcdhLinkage.Outcome(null, cardinality, null);
        }
        long[] pos = be.receive(0, (int) cardinality);
        boolean[] common = new boolean[mk];
        int[] rows = new int[pos.length];
        for (int j = 0; j < pos.length; j++) {
            if (pos[j] < 0 || pos[j] >= mk || common[order[(int) pos[j]]]) {
                throw new IllegalStateException("linkage: the leader names a position outside this member's keys, or twice");
            }
            rows[j] = order[(int) pos[j]];
            common[rows[j]] = true;
        }
        return new EcdhLinkage.Outcome(common, cardinality, rows);
    }

    /** Cuckoo hashing of every key into {@code table} (3 choices, random-walk eviction); false when a walk is too long. */
    private static boolean cuckoo(byte[][] keys, long seed, int[] table, int[] via, SecureRandom random) {
        java.util.Arrays.fill(table, -1);
        int bins = table.length;
        for (int i = 0; i < keys.length; i++) {
            int item = i;
            int from = -1;
            boolean placed = false;
            for (int kick = 0; kick < MAX_KICKS && !placed; kick++) {
                for (int h = 0; h < HASHES; h++) {
                    int b = bin(keys[item], h, seed, bins);
                    if (table[b] < 0) {
                        table[b] = item;
                        via[b] = h;
                        placed = true;
                        break;
                    }
                }
                if (!placed) {
                    int h = random.nextInt(HASHES);
                    int b = bin(keys[item], h, seed, bins);
                    if (b == from) {
                        h = (h + 1) % HASHES;
                        b = bin(keys[item], h, seed, bins);
                    }
                    int out = table[b];
                    table[b] = item;
                    via[b] = h;
                    item = out;
                    from = b;
                }
            }
            if (!placed) {
                return false;
            }
        }
        return true;
    }

    /** Bins for {@code n0} leader keys: 1.27 n0, at least 64, a multiple of 64. */
    static int bins(int n0) {
        long b = Math.max(64, (long) Math.ceil(LOAD * n0) + 1);
        return (int) ((b + 63) / 64 * 64);
    }

    /** Bin of hash function h (0..2) of a hashed key under the leader's seed. */
    static int bin(byte[] key, int h, long seed, int bins) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (key[16 + ((h * 5 + i) % 16)] & 0xff);
        }
        v ^= seed + 0x9E3779B97F4A7C15L * (h + 1);
        v = (v ^ (v >>> 30)) * 0xBF58476D1CE4E5B9L;
        v = (v ^ (v >>> 27)) * 0x94D049BB133111EBL;
        v ^= v >>> 31;
        return (int) Math.floorMod(v, (long) bins);
    }

    /** The OPRF input of a key placed by hash function h: its first 16 hash bytes, tagged with h. */
    static byte[] input(byte[] key, int h) {
        byte[] x = java.util.Arrays.copyOf(key, 16);
        x[14] ^= (byte) (h + 1);
        return x;
    }

    /**
     * What one member sends in all (an upper bound: the leader's, or a member's): per other member the announced bins,
     * the extension's 512 columns of the bins' bits, the 512 base OTs' points, the answers; a member its 3 lists.
     */
    public static Cost cost(int[] counts, EcdhLinkage.Mode mode) {
        int n = counts.length;
        long leader = 0;
        long member = 0;
        int bins = bins(counts[0]);
        for (int k = 1; k < n; k++) {
            leader += 2 + Kkrt.receiverBytes(bins) / 8 + 8 + 1 + (mode == EcdhLinkage.Mode.INTERSECTION ? counts[k] : 0);
            member = Math.max(member, 3 + Kkrt.WIDTH * 6L + (long) HASHES * counts[k]);
        }
        return new Cost(14 * (n - 1) + 2, Math.max(leader, member));
    }

    /** The session's link to {@code peer} as an OT link. */
    private static OtLink link(Backend be, int peer) {
        return new OtLink() {
            private long sent;

            @Override
            public void send(long[] message) {
                sent += 8L * message.length;
                be.send(peer, message);
            }

            @Override
            public long[] receive(int words) {
                return be.receive(peer, words);
            }

            @Override
            public RuntimeException malformed(String what) {
                return new IllegalStateException("linkage: member " + peer + " sent " + what);
            }

            @Override
            public long bytesSent() {
                return sent;
            }
        };
    }

    /** Distinct 64-bit values to positions (-1: absent), open addressing: 12 bytes a slot, no boxing. */
    static final class LongIntMap {
        private final long[] keys;
        private final int[] values;
        private final boolean[] used;
        private final int mask;

        LongIntMap(int n) {
            int cap = Integer.highestOneBit(Math.max(4, 2 * n - 1)) << 1;
            keys = new long[cap];
            values = new int[cap];
            used = new boolean[cap];
            mask = cap - 1;
        }

        void put(long k, int v) {
            int i = slot(k);
            while (used[i] && keys[i] != k) {
                i = (i + 1) & mask;
            }
            used[i] = true;
            keys[i] = k;
            values[i] = v;
        }

        int get(long k) {
            int i = slot(k);
            while (used[i]) {
                if (keys[i] == k) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
            return -1;
        }

        private int slot(long k) {
            long h = k * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 40) & mask;
        }
    }
}
