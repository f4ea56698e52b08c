package org.consortia.mpc.runtime.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OPRF linkage (KKRT on the OT extension) against the plaintext intersection, for 2, 3 and 5 members: partial
 * overlaps, empty, disjoint and identical sets, both modes, one shared order; a duplicated key is refused at its member;
 * the declared cost bounds the bytes and rounds measured; a member's non-matching keys never on the wire.
 */
class OprfLinkageIT {
    static List<EcdhLinkage.Outcome> run(List<String[]> keys, EcdhLinkage.Mode mode) {
        return EcdhLinkageTest.run(keys, mode, OprfLinkage::link, OprfLinkage::cost);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void theIntersectionIsThePlaintextOne(int parties) {
        System.out.println("OprfLinkageIT seed " + EcdhLinkageTest.SEED);
        SplittableRandom rnd = new SplittableRandom(EcdhLinkageTest.SEED + parties);
        // partial, disjoint, identical (2 and 3 members), and (2 members) larger; every run pays its 512 base OTs per pair (about 0.5 s)
        int[][] shapes = switch (parties) {
            case 2 -> new int[][] {{40, 25}, {0, 10}, {30, 0}, {700, 300}};
            case 3 -> new int[][] {{40, 25}, {0, 10}, {30, 0}};
            default -> new int[][] {{40, 25}};
        };
        for (int[] shape : shapes) {
            List<String[]> keys = EcdhLinkageTest.sets(parties, shape[0], shape[1], rnd);
            List<boolean[]> expected = EcdhLinkage.reference(keys);
            List<EcdhLinkage.Outcome> got = run(keys, EcdhLinkage.Mode.INTERSECTION);
            for (int k = 0; k < parties; k++) {
                assertArrayEquals(expected.get(k), got.get(k).common(), "member " + k + ", " + shape[0] + " common");
                assertEquals(shape[0], got.get(k).cardinality());
                for (int j = 0; j < shape[0]; j++) { // one order for all: the j-th common row holds the same key everywhere
                    assertEquals(keys.get(0)[got.get(0).rows()[j]], keys.get(k)[got.get(k).rows()[j]], "common row " + j);
                }
            }
            if (shape[0] != 40) {
                continue;
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
        List<String[]> one = List.of(new String[] {"2", "3"}, new String[0]);
        assertEquals(0, run(one, EcdhLinkage.Mode.INTERSECTION).get(0).cardinality());
        List<String[]> dup = List.of(new String[] {"1", "2"}, new String[] {"1", "1"});
        var e = assertThrows(RuntimeException.class, () -> run(dup, EcdhLinkage.Mode.INTERSECTION));
        assertTrue(String.valueOf(e.getMessage()).contains("a key occurs twice in this member's rows")
                || String.valueOf(e.getCause()).contains("a key occurs twice"), String.valueOf(e));
    }

    /** As for the ECDH linkage: member 1's keys no one else holds, their text and hashes never on the wire (3 members). */
    @Test
    void nonMatchingKeysNeverLeaveTheirMember() {
        EcdhLinkageTest.assertNoCanaryOnWire(OprfLinkage::link, EcdhLinkage.Mode.INTERSECTION);
    }
}
