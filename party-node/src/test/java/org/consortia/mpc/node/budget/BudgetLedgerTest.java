package org.consortia.mpc.node.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.consortia.mpc.node.analysis.Privacy;
import org.consortia.mpc.node.state.StateHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's rules: a job over what is left is refused naming dataset, cost and remainder; concurrent jobs cannot
 * overspend; a reservation is spent before a reveal and released when its job ends without one; a node that stops
 * between reservation and reveal restarts with the reservation released and what was spent still spent; a refresh
 * period forgets what earlier periods spent; a rate limit counts jobs in 24 hours.
 */
class BudgetLedgerTest {
    static final Budget ONE = new Budget(1.0, 1e-5, null, 0);
    static final Privacy HALF = new Privacy(0.5, 1e-6);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    static BudgetLedger open(Path dir, Clock clock) throws Exception {
        return BudgetLedger.open(dir, new StateHealth(dir), clock);
    }

    @Test
    void refusesAJobOverWhatIsLeftNamingDatasetCostAndRemainder(@TempDir Path dir) throws Exception {
        BudgetLedger l = open(dir, CLOCK);
        assertNull(l.reserve("j1", Map.of("patients", ONE), new Privacy(0.7, 1e-6)));
        l.spend("j1");
        assertEquals("dataset 'patients': job needs epsilon 0.50, 0.30 left", l.reserve("j2", Map.of("patients", ONE), HALF));
        assertTrue(l.reserve("j3", Map.of("patients", ONE), null).contains("only differentially private"));
        assertNull(l.reserve("j4", Map.of(), null), "a job reading no budgeted dataset is not the ledger's business");
        assertEquals(0.3, l.status("patients", ONE).leftEpsilon(), 1e-12);
    }

    @Test
    void concurrentJobsCannotOverspend(@TempDir Path dir) throws Exception {
        BudgetLedger l = open(dir, CLOCK);
        Privacy cost = new Privacy(0.6, 1e-6);
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String job = "job" + i;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (l.reserve(job, Map.of("patients", ONE), cost) == null) {
                    granted.incrementAndGet();
                }
            }));
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(1, granted.get(), "two jobs of 0.6 cannot both hold a budget of 1.0");
    }

    @Test
    void aReleasedOrReusedReservationCannotReveal(@TempDir Path dir) throws Exception {
        BudgetLedger l = open(dir, CLOCK);
        assertNull(l.reserve("j1", Map.of("patients", ONE), HALF));
        assertTrue(l.reserve("j1", Map.of("patients", ONE), new Privacy(0.01, 1e-9)).contains("already reserved"),
                "a replayed job id does not overwrite the reservation");
        l.release("j1"); // cancelled meanwhile
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> l.spend("j1"),
                "a job whose reservation was released may not reveal");
        l.spend("never-reserved"); // a job reading no budgeted dataset here
    }

    @Test
    void aReservationIsReleasedWhenItsJobEndsWithoutRevealing(@TempDir Path dir) throws Exception {
        BudgetLedger l = open(dir, CLOCK);
        assertNull(l.reserve("j1", Map.of("patients", ONE), HALF));
        assertEquals(0.5, l.status("patients", ONE).leftEpsilon(), 1e-12);
        assertEquals(1, l.release("j1").size());
        assertEquals(1.0, l.status("patients", ONE).leftEpsilon(), 1e-12);
        assertNull(l.reserve("j2", Map.of("patients", ONE), HALF));
        l.spend("j2");
        assertEquals(0, l.release("j2").size(), "spent stays spent");
        assertEquals(0.5, l.status("patients", ONE).spentEpsilon(), 1e-12);
    }

    @Test
    void aNodeStoppedBetweenReservationAndRevealRestartsConsistent(@TempDir Path dir) throws Exception {
        BudgetLedger l = open(dir, CLOCK);
        assertNull(l.reserve("spentJob", Map.of("patients", ONE), new Privacy(0.25, 1e-6)));
        l.spend("spentJob");
        assertNull(l.reserve("stoppedJob", Map.of("patients", ONE, "visits", ONE), HALF)); // then the node dies
        BudgetLedger again = open(dir, CLOCK); // a new process over the same state directory
        assertEquals(2, again.recovered().size(), "the stopped job's reservations are released at restart");
        assertEquals(0.25, again.status("patients", ONE).spentEpsilon(), 1e-12);
        assertEquals(0, again.status("patients", ONE).reservedEpsilon(), 1e-12);
        assertEquals(0.75, again.status("patients", ONE).leftEpsilon(), 1e-12);
        assertEquals(0, open(dir, CLOCK).recovered().size(), "a second restart finds nothing to recover");
    }

    @Test
    void aRefreshPeriodForgetsWhatEarlierPeriodsSpent(@TempDir Path dir) throws Exception {
        Budget monthly = new Budget(1.0, 1e-5, Duration.ofDays(30), 0);
        BudgetLedger l = open(dir, CLOCK);
        assertNull(l.reserve("j1", Map.of("patients", monthly), new Privacy(0.9, 1e-6)));
        l.spend("j1");
        assertTrue(l.reserve("j2", Map.of("patients", monthly), HALF) != null, "this period has 0.1 left");
        Clock later = Clock.offset(CLOCK, Duration.ofDays(31));
        BudgetLedger next = open(dir, later);
        assertNull(next.reserve("j3", Map.of("patients", monthly), HALF), "a new period has the whole budget");
    }

    @Test
    void aRateLimitCountsJobsInTwentyFourHours(@TempDir Path dir) throws Exception {
        Budget limited = new Budget(10, 1e-3, null, 2);
        BudgetLedger l = open(dir, CLOCK);
        assertNull(l.reserve("j1", Map.of("patients", limited), HALF));
        assertNull(l.reserve("j2", Map.of("patients", limited), HALF));
        assertTrue(l.reserve("j3", Map.of("patients", limited), HALF).contains("maxJobsPerDay"), "two live reservations");
        l.spend("j1");
        l.spend("j2");
        assertTrue(l.reserve("j3", Map.of("patients", limited), HALF).contains("maxJobsPerDay"), "two spent in 24 hours");
        assertNull(l.reserve("r1", Map.of("patients", new Budget(10, 1e-3, null, 0)), HALF));
        assertNull(open(dir, Clock.offset(CLOCK, Duration.ofHours(25))).reserve("j4", Map.of("patients", limited), HALF));
    }
}
