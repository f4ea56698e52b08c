package org.consortia.mpc.runtime.offline;

import java.security.SecureRandom;

import org.consortia.mpc.runtime.ot.OtCost;
import org.consortia.mpc.runtime.ot.OtTriples;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * A party's correlated randomness made with the other parties by oblivious transfer ({@link OtTriples}), item by item
 * in the demand's order, in the dealer's formats: triples, matrix triples, AND triples, truncation pairs, random bits
 * and masks with their bits (from daBits), convolution triples.
 */
public final class OtMaterial implements MaterialSource {
    private final OtTriples ot;
    private final SecureRandom random;

    public OtMaterial(OtTriples ot, SecureRandom random) {
        this.ot = ot;
        this.random = random;
    }

    @Override
    public Material make(Request request, long index) throws Exception {
        return switch (request) {
            case Request.Triple t -> {
                long[][] s = ot.triples(t.size(), random);
                yield new Material.TripleShare(t, s[0], s[1], s[2]);
            }
            case Request.MatrixTriple t -> {
                long[][] s = ot.matrixTriple(t.m(), t.k(), t.n(), random);
                yield new Material.TripleShare(t, s[0], s[1], s[2]);
            }
            case Request.AndTriple t -> {
                long[][] s = ot.andTriples(t.words(), random);
                yield new Material.AndShare(t, s[0], s[1], s[2]);
            }
            case Request.TruncPair t -> {
                long[][] s = ot.truncationPairs(t.size(), t.fracBits(), random);
                yield new Material.TruncShare(t, s[0], s[1], s[2]);
            }
            case Request.RandomBits t -> {
                long[][] s = ot.randomBits(t.size(), random);
                yield new Material.BitShare(t, s[1], s[0]);
            }
            case Request.MaskWithBits t -> { // r from 64 daBits per element; its XOR-shared bits are their XOR shares
                long[][] s = ot.masksWithBits(t.size(), random);
                yield new Material.MaskShare(t, s[0], s[1]);
            }
            case Request.ConvTriple t -> {
                long[][] s = ot.convTriple(t.conv(), random);
                yield new Material.TripleShare(t, s[0], s[1], s[2]);
            }
            case Request.TruncMatTriple t -> throw OtCost.needsDealer(t);
            case Request.SignMask t -> throw OtCost.needsDealer(t);
            case Request.MaskWithCodes t -> throw OtCost.needsDealer(t);
            case Request.SignKey t -> throw OtCost.needsDealer(t);
        };
    }
}
