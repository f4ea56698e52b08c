package org.consortia.mpc.node.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.consortia.mpc.node.analysis.Analysis;
import org.consortia.mpc.node.analysis.Facts;
import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.node.jobs.JobRecord;
import org.consortia.mpc.node.policy.Policy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The node's privacy budgets at work: the policy says which datasets have one, the {@link BudgetLedger} keeps what
 * jobs reserved, spent and released, and every change goes to the audit log (job, dataset, epsilon, delta: the
 * cost, never a value of the data).
 */
public final class PrivacyBudgets {
    private final BudgetLedger ledger;
    private final java.util.function.Supplier<Policy> policy;
    private final AuditLog audit;

    public PrivacyBudgets(BudgetLedger ledger, java.util.function.Supplier<Policy> policy, AuditLog audit) {
        this.ledger = ledger;
        this.policy = policy;
        this.audit = audit;
        for (BudgetLedger.Entry e : ledger.recovered()) {
            audit.append("budget-released", entry(e).put("why", "the node stopped before the job read the data"));
        }
    }

    /**
     * Reserves the job's cost on every budgeted dataset this node reads in it (durable before the caller votes):
     * {@code null}, or the refusal naming dataset, cost and what is left.
     */
    public String reserve(String job, Analysis analysis, Facts facts, int self) {
        Map<String, Budget> budgets = policy.get().budgets(facts, self);
        String refusal = ledger.reserve(job, budgets, analysis.privacy());
        if (refusal == null && !budgets.isEmpty()) {
            audit.append("budget-reserved", new JsonObject().put("job", job).put("datasets", new JsonArray(List.copyOf(
                    budgets.keySet()))).put("epsilon", analysis.privacy().epsilon()).put("delta", analysis.privacy().delta()));
        }
        return refusal;
    }

    /**
     * The job is about to read this node's data (or to reveal its first result here): what it reserved is spent
     * (durable before the read). A job that fails after its data was read is charged as if it had succeeded, and counts
     * against {@code maxJobsPerDay}: whether it fails can depend on the data. A job whose reservation was released
     * (cancelled meanwhile) is stopped here: the exception stops the read or the reveal.
     */
    public void spend(String job) {
        boolean had = ledger.reserved(job);
        ledger.spend(job);
        if (had) {
            audit.append("budget-spent", new JsonObject().put("job", job));
        }
    }

    /** The job ended: a reservation it never spent is released. */
    public void ended(JobRecord r) {
        if (r.finished() && ledger.reserved(r.id())) {
            release(r.id(), "the job ended (" + r.state().name().toLowerCase(Locale.ROOT) + ") before reading the data");
        }
    }

    /** Releases what {@code job} reserved and did not spend (the ledger first; the audit record best effort). */
    public void release(String job, String why) {
        for (BudgetLedger.Entry e : ledger.release(job)) {
            try {
                audit.append("budget-released", entry(e).put("why", why));
            } catch (RuntimeException ex) { // the ledger holds the release; a failing audit write must not stop the caller
                LOG.warn("job {}: could not audit the release of its budget on {}: {}", job, e.dataset(), ex.getMessage());
            }
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PrivacyBudgets.class);

    /** Every budgeted dataset's standing now. */
    public List<BudgetLedger.Status> status() {
        List<BudgetLedger.Status> out = new ArrayList<>();
        policy.get().budgets().forEach((name, b) -> out.add(ledger.status(name, b)));
        return out;
    }

    /** The ledger's records of {@code dataset} (every dataset when null), oldest first. */
    public List<BudgetLedger.Entry> history(String dataset) {
        return ledger.history(dataset);
    }

    static JsonObject entry(BudgetLedger.Entry e) {
        return new JsonObject().put("job", e.job()).put("dataset", e.dataset()).put("epsilon", e.epsilon()).put("delta", e.delta());
    }

    /** A dataset's standing as JSON (the API's and the CLI's form). */
    public static JsonObject json(BudgetLedger.Status s) {
        Budget b = s.budget();
        return new JsonObject().put("dataset", s.dataset())
                .put("budget", new JsonObject().put("epsilon", b.epsilon()).put("delta", b.delta())
                        .put("refresh", b.refresh() == null ? null : b.refresh().toString())
                        .put("maxJobsPerDay", b.maxJobsPerDay() == 0 ? null : b.maxJobsPerDay()))
                .put("spent", new JsonObject().put("epsilon", s.spentEpsilon()).put("delta", s.spentDelta()))
                .put("reserved", new JsonObject().put("epsilon", s.reservedEpsilon()).put("delta", s.reservedDelta()))
                .put("left", new JsonObject().put("epsilon", s.leftEpsilon()).put("delta", s.leftDelta()))
                .put("periodStart", s.periodStart().toString()).put("jobsLastDay", s.jobsLastDay());
    }

    /** A ledger record as JSON. */
    public static JsonObject json(BudgetLedger.Entry e) {
        return entry(e).put("time", e.time().toString()).put("state", e.state().name().toLowerCase(Locale.ROOT));
    }
}
