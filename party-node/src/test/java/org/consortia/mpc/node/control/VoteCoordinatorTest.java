package org.consortia.mpc.node.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeAddress;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.config.Timeouts;
import org.consortia.mpc.node.analysis.AnalysisParser;
import org.consortia.mpc.node.analysis.SpecException;
import org.consortia.mpc.node.analysis.SpecLimits;
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
        return consortium(n, dealer, ProtocolParameters.defaults().withOffline(mode));
    }

    private static ConsortiumConfig consortium(int n, boolean dealer, ProtocolParameters params) {
        List<NodeAddress> parties = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parties.add(new NodeAddress(i, "org-" + i, "127.0.0.1", 7101 + i, null));
        }
        return new ConsortiumConfig(Path.of("c.yaml"), "t", Path.of("ca.crt"), parties,
                dealer ? new NodeAddress(n, "dealer", "127.0.0.1", 7100, null) : null,
                params, Timeouts.defaults(), ConsortiumConfig.DEFAULT_MAX_FRAME_BYTES);
    }

    private static JobSpec sum(String offline) {
        return new JobSpec("secure-sum", offline == null ? Map.of("input", "vec") : Map.of("input", "vec", "offline", offline));
    }

    @Test
    void theConsortiumsModeUnlessTheJobNamesOne() {
        assertEquals(OfflineMode.DEALER, Admission.offline(sum(null), consortium(3, true, OfflineMode.DEALER)));
        assertEquals(OfflineMode.OT, Admission.offline(sum("ot"), consortium(3, true, OfflineMode.DEALER)));
        assertEquals(OfflineMode.OT, Admission.offline(sum(null), consortium(3, false, OfflineMode.OT)));
        var e = assertThrows(SpecException.class, () -> Admission.offline(sum("dealer"), consortium(3, false, OfflineMode.OT)));
        assertEquals("offline", e.field());
    }

    @Test
    void obliviousTransferForMorePartiesThanItsLinksAllowIsABadOfflineField() {
        int limit = OfflineMode.OT_MAX_PARTIES;
        assertEquals(OfflineMode.OT, Admission.offline(sum("ot"), consortium(limit, true, OfflineMode.DEALER)));
        ConsortiumConfig larger = consortium(limit + 1, true, OfflineMode.DEALER);
        assertEquals(OfflineMode.DEALER, Admission.offline(sum(null), larger));
        var e = assertThrows(SpecException.class, () -> Admission.offline(sum("ot"), larger));
        assertEquals("offline", e.field());
        assertEquals("job spec: params.offline: expected dealer: oblivious transfer links at most 16 parties", e.getMessage());
        var byDefault = assertThrows(SpecException.class,
                () -> Admission.offline(sum(null), consortium(limit + 1, true, OfflineMode.OT)));
        assertEquals("offline", byDefault.field());
    }

    /**
     * A job's security: the consortium's unless the job names one; malicious with the dealer-free offline phase, or for a
     * job whose program does not run on authenticated shares yet, is a bad {@code security} field, never a silent
     * semi-honest run.
     */
    @Test
    void securityIsTheConsortiumsUnlessTheJobNamesOneAndMaliciousIsNeverRunSemiHonest() {
        ConsortiumConfig c = consortium(3, true, OfflineMode.DEALER);
        assertEquals(SecurityMode.SEMI_HONEST, Admission.security(sum(null), c, OfflineMode.DEALER));
        JobSpec malicious = new JobSpec("secure-sum", Map.of("input", "vec", "length", "4", "security", "malicious"));
        var mal = SecurityMode.MALICIOUS;
        assertEquals(mal, Admission.security(malicious, c, OfflineMode.DEALER));
        Admission.runsIn(mal, AnalysisParser.parse(malicious, 3, SpecLimits.DEFAULT)); // a secure sum runs malicious
        for (String regression : new String[] {"linear-regression", "logistic-regression"}) { // and the regressions
            Admission.runsIn(mal, AnalysisParser.parse(new JobSpec(regression, Map.of("dataset", "d", "rows", "5,5,5",
                    "columns", "2", "target", "y", "security", "malicious")), 3, SpecLimits.DEFAULT));
        }
        var analysis = AnalysisParser.parse(new JobSpec("link", Map.of("dataset", "t", "key", "id", "rows", "100,100,100",
                "as", "joined", "security", "malicious")), 3, SpecLimits.DEFAULT);
        var e = assertThrows(SpecException.class, () -> Admission.runsIn(mal, analysis));
        assertEquals("security", e.field());
        assertTrue(e.getMessage().contains("expected semi-honest: link jobs do not run in malicious mode yet"), e.getMessage());
        Admission.runsIn(SecurityMode.SEMI_HONEST, analysis);
        var ot = assertThrows(SpecException.class, () -> Admission.security(malicious, c, OfflineMode.OT));
        assertTrue(ot.getMessage().contains("malicious security needs the dealer's authenticated material"), ot.getMessage());
        ConsortiumConfig strict = consortium(3, true,
                ProtocolParameters.defaults().withSecurity(SecurityMode.MALICIOUS));
        assertEquals(mal, Admission.security(sum(null), strict, OfflineMode.DEALER),
                "the consortium's malicious default holds for a job that names none");
        assertEquals(SecurityMode.SEMI_HONEST, Admission.security(
                new JobSpec("secure-sum", Map.of("input", "vec", "security", "semi-honest")), strict, OfflineMode.DEALER),
                "a job may ask for semi-honest in a malicious consortium (a member's policy rule may refuse it)");
    }
}
