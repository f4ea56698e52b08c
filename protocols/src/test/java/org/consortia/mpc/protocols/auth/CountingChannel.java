package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.net.PartyChannel;

/**
 * A channel that counts this party's words sent, its messages received and its rounds (a round: sends, then the first
 * receive after them): what the cost tests of malicious mode measure.
 */
final class CountingChannel implements PartyChannel {
    private final PartyChannel inner;
    long words;
    long rounds;
    long received;
    private boolean sentSinceReceive;

    CountingChannel(PartyChannel inner) {
        this.inner = inner;
    }

    @Override
    public int self() {
        return inner.self();
    }

    @Override
    public int parties() {
        return inner.parties();
    }

    @Override
    public void send(int peer, long[] w) {
        words += w.length;
        sentSinceReceive = true;
        inner.send(peer, w);
    }

    @Override
    public long[] receive(int peer, int expectedWords) {
        if (sentSinceReceive) {
            rounds++;
            sentSinceReceive = false;
        }
        received++;
        return inner.receive(peer, expectedWords);
    }
}
