package org.consortia.mpc.protocols.net;

import java.util.concurrent.CancellationException;

/**
 * A channel that sends nowhere and receives zeros, for dry runs (demand discovery: the node's job runner, and tests
 * that hold a dry run against the real one); it notes whether anything was revealed. A dry run blocks nowhere, so its
 * every round checks the thread's interrupt: a peer's abort (or a stop) ends a long dry run within one round of local
 * work, not at its end.
 */
public final class SilentChannel implements PartyChannel {
    private final int self;
    private final int parties;
    private boolean revealed;

    public SilentChannel(int self, int parties) {
        this.self = self;
        this.parties = parties;
    }

    /** Whether the program revealed a value (which the dry run can only fake as zeros). */
    public boolean revealed() {
        return revealed;
    }

    @Override
    public Scope operation(String name) {
        revealed |= name.equals("reveal");
        return () -> { };
    }

    @Override
    public int self() {
        return self;
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public void send(int peer, long[] words) {
        stopIfInterrupted();
    }

    @Override
    public long[] receive(int peer, int expectedWords) {
        stopIfInterrupted();
        return new long[expectedWords];
    }

    /** @throws CancellationException when this thread is interrupted (the flag stays set) */
    private static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted during the dry run");
        }
    }
}
