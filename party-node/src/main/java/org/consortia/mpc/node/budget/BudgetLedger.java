package org.consortia.mpc.node.budget;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.consortia.mpc.node.analysis.Privacy;
import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.node.state.AppendOnlyFile;
import org.consortia.mpc.node.state.StateHealth;
import org.consortia.mpc.node.state.StateUnwritableException;

import io.vertx.core.json.JsonObject;

/**
 * This node's privacy budget per dataset ({@code state/budget.jsonl}, append-only, every record fsynced before the
 * node acts on it). A job that reads a dataset with a budget reserves its cost when this node votes on it (before the
 * vote is sent, atomically for all its datasets: two concurrent jobs cannot both take the last of a budget); the
 * reservation becomes spent just before the job first reads this node's data (a job that fails after that is charged
 * in full: its failure may depend on the data), and is released if the job ends before the read.
 * A node that stops between reservation and read finds the reservation neither spent nor released at restart and
 * releases it: "spent" is written before anything is read, so nothing was. With a refresh period, what was spent
 * before the current period began no longer counts: the loss is bounded per period, not in total.
 */
public final class BudgetLedger {
    /** One record of the ledger. */
    public record Entry(Instant time, String job, String dataset, double epsilon, double delta, State state) {
        JsonObject json() {
            return new JsonObject().put("time", time.toString()).put("job", job).put("dataset", dataset).put("epsilon", epsilon)
                    .put("delta", delta).put("state", state.name().toLowerCase(Locale.ROOT));
        }

        static Entry of(JsonObject o) {
            return new Entry(Instant.parse(o.getString("time")), o.getString("job"), o.getString("dataset"),
                    o.getDouble("epsilon"), o.getDouble("delta"), State.valueOf(o.getString("state").toUpperCase(Locale.ROOT)));
        }
    }

    /** A reservation's life: reserved, then spent (the job revealed) or released (it did not). */
    public enum State { RESERVED, SPENT, RELEASED }

    /** Where a dataset stands: its budget, what is spent this period and reserved now, and what is left. */
    public record Status(String dataset, Budget budget, double spentEpsilon, double spentDelta, double reservedEpsilon,
            double reservedDelta, Instant periodStart, int jobsLastDay) {
        public double leftEpsilon() {
            return Math.max(0, budget.epsilon() - spentEpsilon - reservedEpsilon);
        }

        public double leftDelta() {
            return Math.max(0, budget.delta() - spentDelta - reservedDelta);
        }
    }

    private final AppendOnlyFile file;
    private final Clock clock;
    private final List<Entry> history = new ArrayList<>();
    /** job -> dataset -> its live entry (reserved or spent; released entries leave). */
    private final Map<String, Map<String, Entry>> live = new LinkedHashMap<>();
    private final List<Entry> recovered = new ArrayList<>();

    private BudgetLedger(AppendOnlyFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Opens (or creates) the ledger in {@code stateDir}, releasing what a stopped node left reserved. */
    public static BudgetLedger open(Path stateDir, StateHealth health, Clock clock) throws IOException {
        Files.createDirectories(stateDir);
        Path path = stateDir.resolve("budget.jsonl");
        AppendOnlyFile.Recovery recovery = AppendOnlyFile.recover(path, BudgetLedger::wellFormed,
                "run 'mpc-node state repair' to move it aside");
        BudgetLedger l = new BudgetLedger(new AppendOnlyFile(path, health), clock);
        l.recovery = recovery;
        if (Files.exists(path)) {
            try (BufferedReader r = AuditLog.lenientReader(path)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        l.apply(Entry.of(new JsonObject(line)));
                    }
                }
            }
        }
        for (String job : List.copyOf(l.live.keySet())) {
            if (l.live.get(job).values().stream().anyMatch(e -> e.state() == State.RESERVED)) {
                l.recovered.addAll(l.release(job));
            }
        }
        return l;
    }

    /** Whether a line of {@code budget.jsonl} is a record this ledger can read (what 'state repair' keeps). */
    public static boolean wellFormed(String line) {
        try {
            Entry.of(new JsonObject(line));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private AppendOnlyFile.Recovery recovery;

    /** What opening the ledger's file set aside (a torn last record), if anything. */
    public AppendOnlyFile.Recovery recovery() {
        return recovery;
    }

    /** The reservations released at start-up because the node had stopped before their jobs read anything. */
    public List<Entry> recovered() {
        return List.copyOf(recovered);
    }

    private void apply(Entry e) {
        history.add(e);
        switch (e.state()) {
            case RESERVED, SPENT -> live.computeIfAbsent(e.job(), j -> new LinkedHashMap<>()).put(e.dataset(), e);
            case RELEASED -> {
                Map<String, Entry> m = live.get(e.job());
                if (m != null) {
                    m.remove(e.dataset());
                    if (m.isEmpty()) {
                        live.remove(e.job());
                    }
                }
            }
        }
    }

    private void write(Entry e) {
        try {
            file.append(e.json().encode());
        } catch (IOException ex) {
            throw new StateUnwritableException("cannot write the budget ledger " + file.file() + ": " + ex.getMessage(), ex);
        }
        apply(e);
    }

    /**
     * Reserves {@code cost} on every dataset of {@code budgets} for {@code job}, or none of them: returns {@code null},
     * or the refusal naming the dataset, the cost and what is left.
     */
    public synchronized String reserve(String job, Map<String, Budget> budgets, Privacy cost) {
        if (budgets.isEmpty()) {
            return null;
        }
        if (cost == null) {
            return "dataset '" + budgets.keySet().iterator().next() + "' has a privacy budget; only differentially private "
                    + "analyses may read it";
        }
        if (history.stream().anyMatch(e -> e.job().equals(job))) { // a job id reserves once (a replayed id must not
            return "job id " + job + " already reserved a budget here";    // overwrite another job's reservation)
        }
        for (var b : budgets.entrySet()) {
            Status s = status(b.getKey(), b.getValue());
            if (b.getValue().maxJobsPerDay() > 0 && s.jobsLastDay() >= b.getValue().maxJobsPerDay()) {
                return "dataset '" + b.getKey() + "': rule 'datasets[" + b.getKey() + "].budget.maxJobsPerDay' is reached ("
                        + b.getValue().maxJobsPerDay() + " jobs in 24 hours)";
            }
            if (cost.epsilon() > s.leftEpsilon() + 1e-12) {
                return "dataset '" + b.getKey() + "': job needs epsilon " + amount(cost.epsilon()) + ", "
                        + amount(s.leftEpsilon()) + " left";
            }
            if (cost.delta() > s.leftDelta() * (1 + 1e-9)) {
                return String.format(Locale.ROOT, "dataset '%s': job needs delta %.2g, %.2g left", b.getKey(), cost.delta(),
                        s.leftDelta());
            }
        }
        Instant now = clock.instant();
        for (String dataset : budgets.keySet()) {
            write(new Entry(now, job, dataset, cost.epsilon(), cost.delta(), State.RESERVED));
        }
        return null;
    }

    /** An epsilon as operators read it: two decimals, or two significant digits below 0.01. */
    static String amount(double v) {
        return v >= 0.01 || v == 0 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.2g", v);
    }

    /**
     * The job is about to reveal: its reservations become spent (before anything leaves). Idempotent.
     *
     * @throws IllegalStateException when the job reserved a budget here and it was released (the job was cancelled,
     *                               say): it must not reveal
     */
    public synchronized void spend(String job) {
        Map<String, Entry> m = live.get(job);
        if (m == null) {
            if (history.stream().anyMatch(e -> e.job().equals(job))) {
                throw new IllegalStateException("job " + job + ": its budget reservation was released; it may not reveal");
            }
            return;
        }
        Instant now = clock.instant();
        for (Entry e : List.copyOf(m.values())) {
            if (e.state() == State.RESERVED) {
                write(new Entry(now, job, e.dataset(), e.epsilon(), e.delta(), State.SPENT));
            }
        }
    }

    /** The job ended: what it reserved and never spent is released. Returns the released records. */
    public synchronized List<Entry> release(String job) {
        Map<String, Entry> m = live.get(job);
        List<Entry> out = new ArrayList<>();
        if (m == null) {
            return out;
        }
        Instant now = clock.instant();
        for (Entry e : List.copyOf(m.values())) {
            if (e.state() == State.RESERVED) {
                Entry r = new Entry(now, job, e.dataset(), e.epsilon(), e.delta(), State.RELEASED);
                write(r);
                out.add(r);
            }
        }
        return out;
    }

    /** Whether {@code job} holds a reservation not yet spent. */
    public synchronized boolean reserved(String job) {
        Map<String, Entry> m = live.get(job);
        return m != null && m.values().stream().anyMatch(e -> e.state() == State.RESERVED);
    }

    /** Where {@code dataset} stands under {@code budget} now. */
    public synchronized Status status(String dataset, Budget budget) {
        Instant now = clock.instant();
        Instant periodStart = budget.refresh() == null ? Instant.EPOCH : periodStart(now, budget.refresh());
        double se = 0;
        double sd = 0;
        double re = 0;
        double rd = 0;
        for (Map<String, Entry> m : live.values()) {
            Entry e = m.get(dataset);
            if (e == null) {
                continue;
            }
            if (e.state() == State.RESERVED) {
                re += e.epsilon();
                rd += e.delta();
            } else if (!e.time().isBefore(periodStart)) {
                se += e.epsilon();
                sd += e.delta();
            }
        }
        // jobs in the last 24 hours: those that spent, and those holding a reservation now (not refused or failed ones:
        // a member must not use up the quota with jobs that never run)
        java.util.Set<String> jobs = new java.util.HashSet<>();
        Instant dayAgo = now.minus(Duration.ofDays(1));
        for (Entry e : history) {
            if (e.dataset().equals(dataset) && e.state() == State.SPENT && e.time().isAfter(dayAgo)) {
                jobs.add(e.job());
            }
        }
        for (Map<String, Entry> m : live.values()) {
            Entry e = m.get(dataset);
            if (e != null && e.state() == State.RESERVED) {
                jobs.add(e.job());
            }
        }
        return new Status(dataset, budget, se, sd, re, rd, periodStart, jobs.size());
    }

    /** The start of the refresh period containing {@code now} (periods counted from 1970-01-01T00:00Z). */
    static Instant periodStart(Instant now, Duration refresh) {
        long p = refresh.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), p) * p);
    }

    /** Every record of {@code dataset} (all datasets when null), oldest first. */
    public synchronized List<Entry> history(String dataset) {
        return history.stream().filter(e -> dataset == null || e.dataset().equals(dataset)).toList();
    }
}
