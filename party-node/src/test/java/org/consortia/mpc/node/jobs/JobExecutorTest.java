package org.consortia.mpc.node.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.consortia.mpc.node.analysis.ErrorCode;
import org.consortia.mpc.protocols.net.PeerException;
import org.consortia.mpc.runtime.session.StreamingSource;
import org.consortia.mpc.runtime.transport.InMemoryNetwork;
import org.junit.jupiter.api.Test;

/** How a node classifies a job's failure: what crosses to the other members is a code, a phase and a member's name. */
class JobExecutorTest {
    /** Two parties and no dealer: node ids 0 and 1 only. */
    private static JobExecutor twoPartiesWithoutDealer() {
        InMemoryNetwork net = new InMemoryNetwork(2);
        List<String> names = List.of("org-0", "org-1");
        return new JobExecutor(net.endpoint(0), 2, Duration.ofSeconds(5), null, null, names::get, () -> false);
    }

    @Test
    void aPeersAbortNamingANodeOutsideTheConsortiumIsBlamedOnThePeer() {
        JobExecutor x = twoPartiesWithoutDealer();
        // "INTERNAL:2" would be the dealer's id in a consortium with one; here there is none
        var aborted = new PeerException(1, "online", PeerException.Kind.ABORTED, "INTERNAL:2", "peer aborted", null);
        assertEquals(new JobRecord.Failure(ErrorCode.INTERNAL, "online", "org-1"), x.classify(aborted, "online"));
        var named = new PeerException(1, "online", PeerException.Kind.ABORTED, "INPUT_INVALID:0", "peer aborted", null);
        assertEquals(new JobRecord.Failure(ErrorCode.INPUT_INVALID, "online", "org-0"), x.classify(named, "online"));
    }

    @Test
    void lateCorrelatedRandomnessIsATimeoutNotThisPartysInput() {
        Exception late = new StreamingSource.NotReady("no correlated randomness within 50000 ms");
        assertEquals(new JobRecord.Failure(ErrorCode.TIMEOUT, "offline", "org-0"),
                twoPartiesWithoutDealer().classify(late, "offline"));
    }
}
