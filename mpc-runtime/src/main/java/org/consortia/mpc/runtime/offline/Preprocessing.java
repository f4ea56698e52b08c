package org.consortia.mpc.runtime.offline;

import java.util.ArrayDeque;

import org.consortia.mpc.protocols.net.PeerException;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.sharing.MpcException;
import org.consortia.mpc.sharing.dealer.Dealer;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.dealer.InputMasks;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * The offline phase, both ends. A party says HELLO to its peers, receives its dealer seed, agrees a pairwise seed
 * with every peer (the lower id draws it and sends it) and derives its masks for the declared inputs; a
 * {@link StreamingSource} then derives its share of every declared item within a budget, party 0 taking the
 * dealer's correction words as it goes (and every party the shared words of comparison keys). The dealer draws one
 * seed per party, sends it, and streams the corrections for the whole demand to party 0 (the shared words to every
 * party) in frames of at most {@link #MAX_CHUNK_WORDS} words (and at most
 * one frame each), held back by the transport's backpressure while party 0's budget is full.
 */
public final class Preprocessing {
    /**
     * Correction words the dealer may have sent that party 0 has not yet taken (32 MiB): party 0 acknowledges
     * with CREDIT frames as its preparer takes them, so the dealer's stream is bounded per session without pausing
     * the connection (which other sessions and control messages share).
     */
    public static final long CREDIT_WINDOW_WORDS = 1L << 22;

    /** Largest correction frame payload, in words (8 MiB). */
    public static final int MAX_CHUNK_WORDS = 1 << 20;

    private Preprocessing() {
    }

    /**
     * A party's offline phase: the session start, the dealer seed (checked against the demand's digest), the
     * pairwise seeds, the input masks; then a {@link StreamingSource} that derives the correlated randomness within
     * {@code budgetWords} (party 0 receiving the dealer's corrections as it goes).
     */
    public static StreamingSource party(SessionChannel ch, Demand demand, long budgetWords) {
        return party(ch, demand, budgetWords, null);
    }

    /**
     * As {@link #party(SessionChannel, Demand, long)}; with {@code parties} non-null the items come from it (made by
     * the parties themselves, who first compare their demands' digests) and no dealer is contacted. The source
     * closes {@code parties} when it closes.
     */
    public static StreamingSource party(SessionChannel ch, Demand demand, long budgetWords, MaterialSource parties) {
        awaitPeersStarted(ch);
        Seed seed = null;
        if (parties != null) {
            agreeOnDemand(ch, demand);
        } else {
            seed = receiveDealerSeed(ch, demand.digest(), demand);
        }
        ch.phase("offline: pairwise seeds");
        int self = ch.self();
        Seed[] pair = new Seed[ch.parties()];
        for (int p = self + 1; p < ch.parties(); p++) {
            pair[p] = Seed.random();
            ch.sendFrame(p, FrameKind.PAIR_SEED, pair[p].toWords());
        }
        for (int p = 0; p < self; p++) {
            pair[p] = Seed.fromWords(ch.receiveFrame(p, FrameKind.PAIR_SEED, 2));
        }
        ch.phase("offline: input masks");
        InputMasks masker = new InputMasks(self, pair);
        ArrayDeque<long[]> masks = new ArrayDeque<>(demand.inputs().size());
        for (Demand.InputItem in : demand.inputs()) {
            masks.add(masker.next(in.owner(), in.size()));
        }
        ch.phase("offline: correlated randomness");
        long wait = ch.roundTimeout().toNanos() * READY_TIMEOUT_ROUNDS;
        return parties == null ? new StreamingSource(ch, demand, seed, masks, budgetWords, wait)
                : new StreamingSource(ch, demand, parties, masks, budgetWords, wait,
                        Math.min(budgetWords, StreamingSource.PARTY_MADE_FIRST_WINDOW_WORDS));
    }

    /**
     * Without a dealer, every party sends every peer its demand's digest and compares theirs with its own before any
     * item is made: the items are made pairwise in the demand's order, so different demands must stop the job here,
     * naming the peer, not garble it.
     */
    static void agreeOnDemand(SessionChannel ch, Demand demand) {
        ch.phase("offline: demand digests");
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                ch.sendFrame(p, FrameKind.DIGEST, new long[] {demand.digest()});
            }
        }
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self() && ch.receiveFrame(p, FrameKind.DIGEST, 1)[0] != demand.digest()) {
                throw new PeerException(p, ch.phase(), "the party's demand differs from this "
                        + "party's (" + demand + "): the program's operations depend on values a dry run cannot see; check "
                        + "revealed values with Party.require");
            }
        }
    }

    /**
     * The deadline for a session to start: every party tells every peer it has started and waits for all of them
     * for one round timeout. A party that never started its part (a lost START, a failed audit write) is named
     * then, instead of after the much longer wait for peers' offline phases.
     */
    static void awaitPeersStarted(SessionChannel ch) {
        ch.phase("start");
        sayHello(ch);
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                ch.receiveFrame(p, FrameKind.HELLO, 0);
            }
        }
    }

    /**
     * Tells every peer this party has started the session, once. A node calls it as soon as it starts, before
     * its own input check (which may read a large file), so that its peers' one-round wait for HELLO measures
     * whether it started, not how long its input check takes.
     */
    public static void sayHello(SessionChannel ch) {
        if (ch.helloSent()) {
            return;
        }
        ch.helloSent(true);
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                ch.sendFrame(p, FrameKind.HELLO, new long[0]);
            }
        }
    }

    /**
     * Offline phases take different times at different parties (party 0 also receives the corrections), so
     * before going online every party tells every peer it is ready and waits for all of them, for up to
     * {@link #READY_TIMEOUT_ROUNDS} round timeouts. Without it the first online receive could time out on a
     * peer that is still preprocessing.
     */
    public static void awaitPeersReady(SessionChannel ch, java.time.Duration roundTimeout) {
        ch.phase("offline: waiting for peers to finish preprocessing");
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                ch.sendFrame(p, FrameKind.READY, new long[0]);
            }
        }
        long wait = roundTimeout.toNanos() * READY_TIMEOUT_ROUNDS;
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                ch.receiveFrame(p, FrameKind.READY, 0, wait);
            }
        }
    }

    /** How many round timeouts a party waits for its peers' offline phases to end. */
    public static final int READY_TIMEOUT_ROUNDS = 10;

    /**
     * One item's words from the dealer, {@code total} of them in frames (at least one): its correction words (party 0,
     * {@code correction} true), then its shared words (every party, for an item that has them).
     */
    static long[] receiveFromDealer(SessionChannel ch, Object r, long total, boolean correction) {
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("item too large: " + r);
        }
        long[] out = new long[(int) total];
        int done = 0;
        do {
            long[] chunk = ch.receiveFrame(ch.dealer(), FrameKind.CORRECTION, -1);
            if (chunk.length > out.length - done) {
                throw new PeerException(ch.dealer(), ch.phase(), (correction ? "correction"
                        : "shared") + " chunk of " + chunk.length + " words overruns item " + r);
            }
            System.arraycopy(chunk, 0, out, done, chunk.length);
            done += chunk.length;
        } while (done < out.length);
        return out;
    }

    /** Dealer side: draws one seed per party and sends it with the demand's digest. */
    static Seed[] sendDealerSeeds(SessionChannel ch, long digest) {
        ch.phase("offline: seeds");
        Seed[] seeds = new Seed[ch.parties()];
        for (int p = 0; p < seeds.length; p++) {
            seeds[p] = Seed.random();
            long[] w = seeds[p].toWords();
            ch.sendFrame(p, FrameKind.DEALER_SEED, new long[] {w[0], w[1], digest});
        }
        return seeds;
    }

    /**
     * Party side: the dealer's seed, after checking that the dealer's demand digest is this party's ({@code demand}
     * describes it, sizes only, in the error naming the dealer).
     */
    static Seed receiveDealerSeed(SessionChannel ch, long digest, Object demand) {
        ch.phase("offline: dealer seed");
        long[] hello = ch.receiveFrame(ch.dealer(), FrameKind.DEALER_SEED, 3);
        if (hello[2] != digest) {
            throw new PeerException(ch.dealer(), ch.phase(), "the dealer's demand differs "
                    + "from this party's (" + demand + "): the program's operations depend on values a dry run cannot "
                    + "see (check revealed values with Party.require), or the dealer runs another version of the "
                    + "material's layout");
        }
        return Seed.fromWords(new long[] {hello[0], hello[1]});
    }

    /** Dealer side: seeds, then corrections for the demand; returns the dealer for top-ups. */
    public static Dealer dealer(SessionChannel ch, Demand demand) {
        Seed[] seeds = sendDealerSeeds(ch, demand.digest());
        Dealer dealer = new Dealer(seeds);
        ch.phase("offline: corrections");
        long index = 0;
        DealerCredits credits = new DealerCredits(ch);
        for (Request r : demand.items()) {
            if ((index & 63) == 0) {
                ch.checkNotAborted(); // a party that gave up stops the dealer too, instead of the whole demand later
            }
            long shared = r.sharedWords();
            if (r instanceof Request.SignKey k) { // its keys are made from the masks of an earlier item: check which
                long at = index - k.back();
                if (at < 0 || !demand.items().get((int) at).equals(k.mask())) {
                    throw new MpcException("demand item " + index + " (" + k + ") does not "
                            + "follow its masks " + k.back() + " items earlier");
                }
            }
            for (int p = 0; p < seeds.length; p++) { // party 0 takes the corrections, every party the shared words
                credits.reserve(p, (p == 0 ? r.correctionWords() : 0) + shared);
            }
            Dealer.Answer answer = dealer.answer(r, index++);
            sendToParty(ch, 0, answer.correction());
            if (shared > 0) {
                for (int p = 0; p < seeds.length; p++) {
                    sendToParty(ch, p, answer.shared());
                }
            }
        }
        return dealer;
    }

    /** Sends one item's words to {@code party} in chunks (at least one frame, even if empty). */
    static void sendToParty(SessionChannel ch, int party, long[] words) {
        int chunk = Math.min(MAX_CHUNK_WORDS, ch.maxPayloadWords()); // a chunk is one frame, never parts
        if (words.length <= chunk) {
            ch.sendFrame(party, FrameKind.CORRECTION, words);
            return;
        }
        for (int from = 0; from < words.length; from += chunk) {
            int to = Math.min(words.length, from + chunk);
            ch.sendFrame(party, FrameKind.CORRECTION, java.util.Arrays.copyOfRange(words, from, to));
        }
    }
}
