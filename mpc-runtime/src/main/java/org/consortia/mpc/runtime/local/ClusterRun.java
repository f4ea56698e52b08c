package org.consortia.mpc.runtime.local;

import java.util.List;

import org.consortia.mpc.runtime.session.Meter;
import org.consortia.mpc.sharing.dealer.Demand;

/**
 * The outcome of one job on a {@link LocalCluster}: each party's result and meter, the dealer's meter, the
 * declared demand (null in malicious mode, whose items are authenticated ones), and the wall-clock split between the offline phase (demand discovery, seeds, dealer
 * corrections, local derivation) and the online phase (from the moment every party is ready to the last
 * party's finish).
 */
public record ClusterRun<R>(List<R> results, List<Meter> meters, Meter dealerMeter, Demand demand, long offlineNanos,
        long onlineNanos) {

    public R result(int party) {
        return results.get(party);
    }

    public double onlineMillis() {
        return onlineNanos / 1e6;
    }

    public double offlineMillis() {
        return offlineNanos / 1e6;
    }

    /** Online bytes sent by the busiest party, frame headers included. */
    public long maxOnlineBytesSent() {
        return meters.stream().mapToLong(Meter::onlineBytesSent).max().orElse(0);
    }

    /** Online rounds: the most any party took part in. */
    public long rounds() {
        return meters.stream().mapToLong(Meter::rounds).max().orElse(0);
    }

    /** Bytes the dealer sent (seeds and corrections). */
    public long dealerBytes() {
        return dealerMeter.offlineBytesSent();
    }

    @Override
    public String toString() {
        return "ClusterRun[parties=" + results.size() + ", online=" + onlineMillis() + " ms, rounds=" + rounds()
                + ", max bytes sent=" + maxOnlineBytesSent() + "]";
    }
}
