package org.consortia.mpc.protocols.auth;

import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.MacKeyShare;

/**
 * One party's session in malicious mode: its channel, its authenticated material, and the values opened since the
 * last MAC check with this party's MAC shares of them. The opened values wait for {@link MacCheck}, which runs before
 * every result is revealed and, to bound memory, whenever {@link #MAX_PENDING} elements wait.
 */
public final class AuthParty {
    /** Opened elements kept for the next check at most (then a check runs on the spot): 2^22, 128 MiB of words. */
    public static final int MAX_PENDING = 1 << 22;

    /** An opened vector and this party's MAC shares of it (interleaved Z_2^128). */
    record Opened(long[] values, long[] macs) {
        @Override
        public String toString() {
            return "Opened[" + (values.length >>> 1) + " elements]";
        }
    }

    /**
     * The coin of the next MAC check: this party's opening of the seed it committed to, and every peer's commitment to
     * its own (null at this party's index).
     */
    record Coins(long[] opening, long[][] theirs) {
        @Override
        public String toString() {
            return "Coins[committed]";
        }
    }

    private final PartyChannel channel;
    private final AuthSource source;
    private final MacKeyShare key;
    private final Tamper tamper;
    private final boolean dry;
    private final Comparisons comparisons;
    private final List<Opened> pending = new ArrayList<>();
    private long pendingElements;
    private int inFlight;
    private long taken;
    private long maxPending = MAX_PENDING;
    private Coins coins;
    private long checks;
    /** The binary MACs' check values of the bits opened since the last check, hashed in order (null: none). */
    private java.security.MessageDigest bitChecks;

    public AuthParty(PartyChannel channel, AuthSource source) {
        this(channel, source, Tamper.NONE);
    }

    /** A party whose protocol layer deviates where {@code tamper} says (tests of the checks). */
    public AuthParty(PartyChannel channel, AuthSource source, Tamper tamper) {
        this(channel, source, tamper, Comparisons.BOOLEAN);
    }

    /**
     * A party whose comparisons run in the given mode ({@link Comparisons#FSS}: the dealer's authenticated comparison
     * keys, 2 parties; with more, {@link Comparisons#BOOLEAN}'s circuit on authenticated bits).
     */
    public AuthParty(PartyChannel channel, AuthSource source, Tamper tamper, Comparisons comparisons) {
        this(channel, source, tamper, false, comparisons);
    }

    private AuthParty(PartyChannel channel, AuthSource source, Tamper tamper, boolean dry, Comparisons comparisons) {
        this.channel = channel;
        this.source = source;
        this.key = source.key();
        this.tamper = tamper;
        this.dry = dry;
        this.comparisons = comparisons.among(channel.parties());
    }

    /**
     * A party in a dry run (demand discovery, {@link AuthRecorder}): its channel is silent, so its openings are zeros
     * and its MAC checks are skipped, not failed.
     */
    public static AuthParty dryRun(PartyChannel silent, AuthSource recorder) {
        return dryRun(silent, recorder, Comparisons.BOOLEAN);
    }

    /** {@link #dryRun(PartyChannel, AuthSource)} for a session whose comparisons run in {@code comparisons}. */
    public static AuthParty dryRun(PartyChannel silent, AuthSource recorder, Comparisons comparisons) {
        return new AuthParty(silent, recorder, Tamper.NONE, true, comparisons);
    }

    /** How this session computes comparisons (the mode as its party count runs it). */
    public Comparisons comparisons() {
        return comparisons;
    }

    boolean dry() {
        return dry;
    }

    public PartyChannel channel() {
        return channel;
    }

    public int self() {
        return channel.self();
    }

    public int parties() {
        return channel.parties();
    }

    MacKeyShare key() {
        return key;
    }

    Tamper tamper() {
        return tamper;
    }

    <M extends AuthMaterial> M take(AuthRequest request, Class<M> type) {
        taken++;
        return type.cast(source.next(request));
    }

    /** Items taken so far: the next item's index in the session's demand (what an {@link AuthRequest.InputTriple} counts back from). */
    long taken() {
        return taken;
    }

    /** An opening was sent and is not yet received ({@link AuthOpen#send}). */
    void started() {
        inFlight++;
    }

    /**
     * Keeps an opened vector for the next check; checks on the spot when too many wait and no other opening is in
     * flight (a pipelined step's next chunk: the check's messages would overtake it). A pipelined step finishes its
     * chunk in flight first where {@link #nearCheck} says so, so at most a chunk's openings more than the bound wait.
     */
    void opened(long[] values, long[] macs) {
        inFlight = Math.max(0, inFlight - 1);
        pending.add(new Opened(values, macs));
        pendingElements += values.length >>> 1;
        if (pendingElements >= maxPending && inFlight == 0) {
            MacCheck.run(this, "compute");
        }
    }

    /**
     * Keeps a vector of check values of opened bits (per bit, this party's share of its binary MAC XOR the bit times its
     * share of delta, {@link AuthFssCompare#openBits}) for the next check: they go into a running hash, which the check compares
     * among the parties (they are equal at both parties of an honest pair).
     */
    void bitsOpened(long[] checkValues) {
        if (bitChecks == null) {
            try {
                bitChecks = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available in this JVM", e);
            }
        }
        byte[] bytes = new byte[8 * checkValues.length];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(checkValues);
        bitChecks.update(bytes);
    }

    /** Whether opened values or opened bits wait for the next check. */
    boolean anyPending() {
        return !pending.isEmpty() || bitChecks != null;
    }

    /** The first 128 bits of the hash of the opened bits' check values since the last check (zeros when none). */
    long[] bitCheckDigest() {
        if (bitChecks == null) {
            return new long[2];
        }
        java.nio.ByteBuffer d = java.nio.ByteBuffer.wrap(bitChecks.digest()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return new long[] {d.getLong(), d.getLong()};
    }

    /** The next check's committed coin; null before the session's first check. */
    Coins coins() {
        return coins;
    }

    void coins(Coins next) {
        coins = next;
    }

    /** Checks on the spot from {@code elements} waiting instead of {@link #MAX_PENDING} (tests of the bound). */
    AuthParty checkingFrom(long elements) {
        maxPending = elements;
        return this;
    }

    /** Whether {@code more} opened elements would bring the waiting ones to the bound of an on-the-spot check. */
    boolean nearCheck(long more) {
        return pendingElements + more >= maxPending;
    }

    List<Opened> pending() {
        return pending;
    }

    void checked() {
        bitChecks = null;
        pending.clear();
        pendingElements = 0;
        checks++;
    }

    /** MAC checks run so far. */
    public long checks() {
        return checks;
    }

    /** Opened elements waiting for the next check. */
    public long pendingElements() {
        return pendingElements;
    }

    @Override
    public String toString() {
        return "AuthParty[party=" + self() + "/" + parties() + ", " + pendingElements + " opened elements unchecked]";
    }
}
