package org.consortia.mpc.runtime.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Private set intersection by Diffie-Hellman blinding against the plaintext intersection, for 2, 3 and 5 members:
 * partial overlaps, empty, disjoint and identical sets, both modes; a duplicated key is refused at its member; the
 * declared cost bounds the bytes and rounds measured.
 */
class EcdhLinkageTest {
    static final long SEED = 5_2026L;

    /** Member k's keys: a shared pool's first {@code common} keys, then its own. */
    static List<String[]> sets(int parties, int common, int own, SplittableRandom rnd) {
        List<String[]> out = new ArrayList<>();
        for (int k = 0; k < parties; k++) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < common; i++) {
                keys.add(LinkKeys.canonical(1000.0 + i));
            }
            int extra = own + rnd.nextInt(3);
            for (int i = 0; i < extra; i++) {
                keys.add(LinkKeys.canonical("Member " + k + " patient " + i)); // never at another member
            }
            java.util.Collections.shuffle(keys, new java.util.Random(rnd.nextLong())); // test data order only
            out.add(keys.toArray(new String[0]));
        }
        return out;
    }

    /** A linkage protocol under test ({@link EcdhLinkage#link}, {@link OprfLinkage#link}). */
    @FunctionalInterface
    interface Linker {
        EcdhLinkage.Outcome link(Backend be, String[] mine, int[] counts, EcdhLinkage.Mode mode,
                SecureRandom random);
    }

    /** A protocol's declared cost for the members' key counts. */
    @FunctionalInterface
    interface DeclaredCost {
        Cost of(int[] counts, EcdhLinkage.Mode mode);
    }

    static List<EcdhLinkage.Outcome> run(List<String[]> keys, EcdhLinkage.Mode mode) {
        return run(keys, mode, EcdhLinkage::link, EcdhLinkage::cost);
    }

    /** Every member's outcome of {@code linker} on {@code keys}; the rounds and bytes measured within the declared cost. */
    static List<EcdhLinkage.Outcome> run(List<String[]> keys, EcdhLinkage.Mode mode, Linker linker, DeclaredCost declared) {
        int n = keys.size();
        int[] counts = keys.stream().mapToInt(k -> k.length).toArray();
        try (LocalCluster c = new LocalCluster(n)) {
            var run = c.run(p -> linker.link(p.backend(), keys.get(p.id()), counts, mode, new SecureRandom()));
            var cost = declared.of(counts, mode);
            assertTrue(run.rounds() <= cost.rounds(), run.rounds() + " rounds, " + cost.rounds() + " declared");
            assertTrue(run.maxOnlineBytesSent() <= cost.bytesSent(n, 32), run.maxOnlineBytesSent() + " bytes, "
                    + cost.bytesSent(n, 32) + " declared");
            List<EcdhLinkage.Outcome> out = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                out.add(run.result(k));
            }
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void theIntersectionIsThePlaintextOne(int parties) {
        System.out.println("EcdhLinkageTest seed " + SEED);
        SplittableRandom rnd = new SplittableRandom(SEED + parties);
        for (int[] shape : new int[][] {{40, 25}, {0, 10}, {30, 0}}) { // partial, disjoint, identical
            List<String[]> keys = sets(parties, shape[0], shape[1], rnd);
            List<boolean[]> expected = EcdhLinkage.reference(keys);
            List<EcdhLinkage.Outcome> got = run(keys, EcdhLinkage.Mode.INTERSECTION);
            for (int k = 0; k < parties; k++) {
                assertArrayEquals(expected.get(k), got.get(k).common(), "member " + k + ", " + shape[0] + " common");
                assertEquals(shape[0], got.get(k).cardinality());
                for (int j = 0; j < shape[0]; j++) { // one order for all: the j-th common row holds the same key everywhere
                    assertEquals(keys.get(0)[got.get(0).rows()[j]], keys.get(k)[got.get(k).rows()[j]], "common row " + j);
                }
            }
            List<EcdhLinkage.Outcome> card = run(keys, EcdhLinkage.Mode.CARDINALITY);
            for (int k = 0; k < parties; k++) {
                assertNull(card.get(k).common(), "cardinality only");
                assertEquals(shape[0], card.get(k).cardinality());
            }
        }
    }

    @Test
    void anEmptySetAndADuplicatedKey() {
        List<String[]> keys = List.of(new String[0], new String[] {"1", "2"}, new String[] {"2", "3"});
        List<EcdhLinkage.Outcome> got = run(keys, EcdhLinkage.Mode.INTERSECTION);
        assertEquals(0, got.get(1).cardinality());
        assertArrayEquals(new boolean[] {false, false}, got.get(2).common());
        List<String[]> dup = List.of(new String[] {"1", "1"}, new String[] {"1", "2"});
        var e = assertThrows(RuntimeException.class, () -> run(dup, EcdhLinkage.Mode.INTERSECTION));
        assertTrue(String.valueOf(e.getMessage()).contains("a key occurs twice in this member's rows")
                || String.valueOf(e.getCause()).contains("a key occurs twice"), String.valueOf(e));
    }

    /**
     * A canary: member 1's keys that no one else holds ("CANARY-..."), their canonical text and their hashes never appear
     * in any message any member sends or receives (the bytes of every send and receive, through a recording backend), and
     * the other members' outcomes name only their own rows; 3 members, both modes.
     */
    @Test
    void nonMatchingKeysNeverLeaveTheirMember() {
        assertNoCanaryOnWire(EcdhLinkage::link, EcdhLinkage.Mode.values());
    }

    /**
     * Runs {@code linker} among 3 members, member 1 holding two keys no one else holds, in each of {@code modes}: their
     * text, canonical text and hash bytes (the first word, and the bytes that pick the OPRF's bins) are in no message.
     */
    static void assertNoCanaryOnWire(Linker linker, EcdhLinkage.Mode... modes) {
        List<String[]> keys = List.of(new String[] {"a1", "shared-1", "shared-2"},
                new String[] {"shared-2", "CANARY-1", "shared-1", "CANARY-2"}, new String[] {"shared-1", "b9", "shared-2"});
        List<byte[]> canaries = new ArrayList<>();
        for (String c : new String[] {"CANARY-1", "CANARY-2"}) {
            canaries.add(c.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            canaries.add(LinkKeys.canonical(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] h = LinkKeys.hash(LinkKeys.canonical(c));
            canaries.add(java.util.Arrays.copyOf(h, 8)); // any 8 bytes of the hash would do: its first word
            canaries.add(java.util.Arrays.copyOfRange(h, 16, 24)); // the bytes an OPRF's bins come from
        }
        int[] counts = keys.stream().mapToInt(k -> k.length).toArray();
        for (EcdhLinkage.Mode mode : modes) {
            java.util.Queue<long[]> wire = new java.util.concurrent.ConcurrentLinkedQueue<>();
            try (LocalCluster c = new LocalCluster(3)) {
                var run = c.run(p -> linker.link(recording(p.backend(), wire), keys.get(p.id()), counts, mode,
                        new SecureRandom()));
                assertEquals(2, run.result(0).cardinality());
                assertEquals(2, run.result(1).cardinality());
                if (mode == EcdhLinkage.Mode.INTERSECTION) {
                    assertEquals(3, run.result(0).common().length, "member 0 learns about its own 3 rows only");
                }
            }
            assertTrue(wire.size() > 0);
            for (long[] words : wire) {
                byte[] b = new byte[words.length * 8];
                java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(words);
                byte[] be = new byte[words.length * 8];
                java.nio.ByteBuffer.wrap(be).asLongBuffer().put(words);
                for (byte[] canary : canaries) {
                    assertTrue(indexOf(b, canary) < 0 && indexOf(be, canary) < 0, mode + ": a canary's bytes are on the wire");
                }
            }
        }
    }

    /** The backend, with every send and receive copied to {@code wire}. */
    private static Backend recording(Backend be, java.util.Queue<long[]> wire) {
        return (Backend) java.lang.reflect.Proxy.newProxyInstance(EcdhLinkageTest.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, m, args) -> {
                    try {
                        if (m.getName().equals("send")) {
                            wire.add(((long[]) args[1]).clone());
                        }
                        Object out = m.invoke(be, args);
                        if (m.getName().equals("receive")) {
                            wire.add(((long[]) out).clone());
                        }
                        return out;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void canonicalKeys() {
        assertEquals("7", LinkKeys.canonical(7.0));
        assertEquals("7.25", LinkKeys.canonical(7.25));
        assertEquals("müller", LinkKeys.canonical("  Mu\u0308ller "));
        assertEquals(LinkKeys.canonical("Müller"), LinkKeys.canonical("mu\u0308ller"));
    }
}
