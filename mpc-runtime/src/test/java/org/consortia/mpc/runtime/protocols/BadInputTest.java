package org.consortia.mpc.runtime.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicReference;

import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.Party;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;

/** Bad input raises one documented exception type, names operands and shapes, and never prints values. */
class BadInputTest {
    private static final double SECRET = 12345.678;

    @Test
    void shapeMismatchIsCaughtBeforeAnythingIsSent() {
        try (LocalCluster c = new LocalCluster(2)) {
            var e = assertThrows(MpcArgumentException.class, () -> c.run(p -> p.input(0, Shape.of(2, 3), new double[6])
                    .add(p.input(1, Shape.of(3, 2), new double[6]))));
            assertEquals("add: shape mismatch, left [2, 3] vs right [3, 2]", e.getMessage());
            var m = assertThrows(MpcArgumentException.class, () -> c.run(p -> p.input(0, Shape.of(2, 3), new double[6])
                    .matmul(p.input(1, Shape.of(2, 3), new double[6]))));
            assertEquals("matmul: shapes [2, 3] and [2, 3] do not chain", m.getMessage());
        }
    }

    @Test
    void partyIndexOutOfRange() {
        try (LocalCluster c = new LocalCluster(3)) {
            var e = assertThrows(MpcArgumentException.class, () -> c.run(p -> p.input(3, Shape.of(1), new double[1])));
            assertEquals("input owner = 3 is not a party index; expected 0..2", e.getMessage());
            var r = assertThrows(MpcArgumentException.class,
                    () -> c.run(p -> p.input(0, Shape.of(1), new double[1]).revealTo(-1)));
            assertEquals("result party = -1 is not a party index; expected 0..2", r.getMessage());
        }
    }

    @Test
    void outOfRangeValuesNameTheIndexNotTheValue() {
        try (LocalCluster c = new LocalCluster(2)) {
            var e = assertThrows(MpcArgumentException.class,
                    () -> c.run(p -> p.input(0, Shape.of(3), new double[] {SECRET, Double.NaN, SECRET})));
            assertEquals("fixed-point encode: element 1 is NaN; representable range is (-2^46, 2^46) with 16 fractional bits",
                    e.getMessage());
        }
    }

    @Test
    void mixingSessionsOrScalesIsRefused() {
        AtomicReference<SecretTensor> foreign = new AtomicReference<>();
        try (LocalCluster c = new LocalCluster(2)) {
            c.run(p -> {
                if (p.id() == 0) {
                    foreign.set(p.input(0, Shape.of(2), new double[] {SECRET, SECRET}));
                } else {
                    p.input(0, Shape.of(2), null);
                }
                return null;
            });
            // caught by the dry run, before any share is sent
            var e = assertThrows(MpcArgumentException.class, () -> c.run(p -> p.input(0, Shape.of(2), new double[2]).add(foreign.get())));
            assertEquals("add: operands [2] and [2] belong to different sessions or parties", e.getMessage());
        }
        Party plain = new Party(new PlainBackend(2, new FixedPoint(16)));
        SecretTensor fixed = plain.input(0, Shape.of(2), new double[] {1, 2});
        SecretTensor ints = plain.inputIntegers(0, Shape.of(2), new long[] {1, 2});
        var s = assertThrows(MpcArgumentException.class, () -> fixed.add(ints));
        assertEquals("add: fixed-point mismatch, left [2] has 16 fractional bits, right [2] has 0", s.getMessage());
    }

    @Test
    void badProtocolParametersNameTheField() {
        var e = assertThrows(ConfigException.class, () -> ProtocolParameters.defaults().withFractionalBits(40));
        assertEquals("protocol parameters: protocol.fractionalBits: found 40, expected an integer in 8..30 (default 16)",
                e.getMessage());
    }

    @Test
    void toStringNeverShowsValues() {
        try (LocalCluster c = new LocalCluster(2)) {
            var run = c.run(p -> p.input(0, Shape.of(2), new double[] {SECRET, SECRET}).toString());
            assertEquals("SecretTensor[shape=[2], scale=16, party=0]", run.result(0));
            assertFalse(run.toString().contains("12345"));
        }
    }
}
