package org.consortia.mpc.runtime.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.consortia.mpc.runtime.offline.OtMaterial;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.ring.Conv2d;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vote-time estimate of dealer-free traffic against what the generator really sends: never below it (a node must
 * not accept a job it under-estimated) and not more than 10% above it, for every kind of item, 2 and 3 parties.
 */
class OtCostTest {
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void theTrafficEstimateBoundsWhatIsSent(int n) throws Exception {
        List<Request> items = List.of(new Request.Triple(3000), new Request.AndTriple(200), new Request.RandomBits(5000),
                new Request.TruncPair(300, 16), new Request.MaskWithBits(200), new Request.MatrixTriple(40, 6, 5),
                new Request.MatrixTriple(OtTriples.CHUNK + 9, 1, 2), new Request.ConvTriple(new Conv2d(1, 2, 6, 6, 3, 3, 1, 1)));
        for (Request r : items) {
            SecureRandom[] rs = OtTriplesTest.seededParties(n, 900);
            OtTriples[] parties = OtTriples.inMemory(n, rs, OtTriplesTest.kept(n));
            long[] before = new long[n];
            for (int p = 0; p < n; p++) {
                before[p] = parties[p].bytesSent();
            }
            OtTriplesTest.everyParty(n, p -> new OtMaterial(parties[p], rs[p]).make(r, 0));
            long sent = 0; // the busiest party's
            for (int p = 0; p < n; p++) {
                sent = Math.max(sent, parties[p].bytesSent() - before[p]);
            }
            long estimated = OtCost.of(new Demand(List.of(r), List.of()), n).bytesSent();
            System.out.printf("%d parties, %s: sent %d bytes, estimated %d (%.3f)%n", n, r, sent, estimated,
                    (double) estimated / sent);
            assertTrue(estimated >= sent, r + ": estimated " + estimated + " below the " + sent + " bytes sent");
            assertTrue(estimated <= 1.10 * sent, r + ": estimated " + estimated + " more than 10% above " + sent);
            for (OtTriples t : parties) {
                t.close();
            }
        }
    }

    /**
     * The time estimate bills transfers, not only bytes: an AND-triple word takes the same 64 transfers per peer as a
     * Beaver triple with half the bytes, and takes as long; daBits likewise at least a triple's bytes per transfer.
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void theTimeEstimateBillsTransfersNotOnlyBytes(int n) {
        OtCost.Estimate triples = OtCost.of(new Demand(List.of(new Request.Triple(4096)), List.of()), n);
        OtCost.Estimate and = OtCost.of(new Demand(List.of(new Request.AndTriple(4096)), List.of()), n);
        OtCost.Estimate bits = OtCost.of(new Demand(List.of(new Request.RandomBits(64 * 4096)), List.of()), n);
        assertTrue(and.bytesSent() < triples.bytesSent(), "fewer bytes");
        assertEquals(triples.seconds(), and.seconds(), 1e-12, "the same transfers, the same time");
        assertTrue(bits.seconds() >= triples.seconds() / 64 * 0.999, "one transfer per bit and peer: at least 1/64 of a triple's");
    }
}
