package org.consortia.mpc.node.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeAddress;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.config.Timeouts;
import org.consortia.mpc.node.analysis.SpecException;
import org.consortia.mpc.node.jobs.JobSpec;
import org.junit.jupiter.api.Test;

/**
 * A job's {@code offline} mode as the proposing node and every voter resolve it: the consortium's unless the job names
 * one; the dealer where there is none, or oblivious transfer for more parties than its links allow, is a bad
 * {@code offline} field (refused before the job runs, not when its links are set up).
 */
class VoteCoordinatorTest {
    /** n parties, a dealer if asked, the consortium's mode {@code mode}. */
    private static ConsortiumConfig consortium(int n, boolean dealer, OfflineMode mode) {
        List<NodeAddress> parties = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parties.add(new NodeAddress(i, "org-" + i, "127.0.0.1", 7101 + i, null));
        }
        return new ConsortiumConfig(Path.of("c.yaml"), "t", Path.of("ca.crt"), parties,
                dealer ? new NodeAddress(n, "dealer", "127.0.0.1", 7100, null) : null,
                ProtocolParameters.defaults().withOffline(mode), Timeouts.defaults(), ConsortiumConfig.DEFAULT_MAX_FRAME_BYTES);
    }

    private static JobSpec sum(String offline) {
        return new JobSpec("secure-sum", offline == null ? Map.of("input", "vec") : Map.of("input", "vec", "offline", offline));
    }

    @Test
    void theConsortiumsModeUnlessTheJobNamesOne() {
        assertEquals(OfflineMode.DEALER, VoteCoordinator.offline(sum(null), consortium(3, true, OfflineMode.DEALER)));
        assertEquals(OfflineMode.OT, VoteCoordinator.offline(sum("ot"), consortium(3, true, OfflineMode.DEALER)));
        assertEquals(OfflineMode.OT, VoteCoordinator.offline(sum(null), consortium(3, false, OfflineMode.OT)));
        var e = assertThrows(SpecException.class, () -> VoteCoordinator.offline(sum("dealer"), consortium(3, false, OfflineMode.OT)));
        assertEquals("offline", e.field());
    }

    @Test
    void obliviousTransferForMorePartiesThanItsLinksAllowIsABadOfflineField() {
        int limit = OfflineMode.OT_MAX_PARTIES;
        assertEquals(OfflineMode.OT, VoteCoordinator.offline(sum("ot"), consortium(limit, true, OfflineMode.DEALER)));
        ConsortiumConfig larger = consortium(limit + 1, true, OfflineMode.DEALER);
        assertEquals(OfflineMode.DEALER, VoteCoordinator.offline(sum(null), larger));
        var e = assertThrows(SpecException.class, () -> VoteCoordinator.offline(sum("ot"), larger));
        assertEquals("offline", e.field());
        assertEquals("job spec: params.offline: expected dealer: oblivious transfer links at most 16 parties", e.getMessage());
        var byDefault = assertThrows(SpecException.class,
                () -> VoteCoordinator.offline(sum(null), consortium(limit + 1, true, OfflineMode.OT)));
        assertEquals("offline", byDefault.field());
    }
}
