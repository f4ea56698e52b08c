package org.consortia.mpc.node.control;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.node.analysis.Analysis;
import org.consortia.mpc.node.analysis.AnalysisParser;
import org.consortia.mpc.node.analysis.DataDir;
import org.consortia.mpc.node.analysis.ErrorCode;
import org.consortia.mpc.node.analysis.Facts;
import org.consortia.mpc.node.analysis.FactsTracer;
import org.consortia.mpc.node.analysis.SpecException;
import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.node.budget.PrivacyBudgets;
import org.consortia.mpc.node.jobs.ActiveJob;
import org.consortia.mpc.node.jobs.JobExecutor;
import org.consortia.mpc.node.jobs.JobRecord;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.node.jobs.JobStore;
import org.consortia.mpc.node.policy.Policy;
import org.consortia.mpc.node.state.StateHealth;
import org.consortia.mpc.node.state.StateUnwritableException;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How the nodes agree on a job. The node a job is submitted to parses it into a typed analysis, traces its
 * facts, checks its own policy and proposes it (spec and SHA-256 of its canonical form) to every other node;
 * each node, the dealer included, parses and traces it itself (refusing bad fields and names before any file
 * access), checks every rule of its policy that concerns it and votes on the hash; the initiator sends START
 * with the hash only when all accept, otherwise REJECT with every refusal. A node starts only the job whose
 * hash it voted for.
 */
public final class VoteCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(VoteCoordinator.class);
    private static final SecureRandom IDS = new SecureRandom();

    private final NodeConfig config;
    private final Transport transport;
    private final java.util.function.Supplier<Policy> policy;
    private final JobStore jobs;
    private final AuditLog audit;
    private final DataDir dataDir;
    private final JobExecutor executor;
    private final Map<String, Votes> votes = new ConcurrentHashMap<>();
    private final Map<String, ActiveJob> accepted = new ConcurrentHashMap<>();
    private final Map<String, Thread> running = new ConcurrentHashMap<>();
    private final StateHealth health;
    private volatile boolean stopping;
    private final ControlInbox inbox;
    private final AuditHeads heads;
    private final Admission admission;

    /** Votes collected by the initiator of a proposal. */
    private static final class Votes {
        final String sha256;
        final CountDownLatch latch;
        final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
        final java.util.Set<Integer> voted = ConcurrentHashMap.newKeySet();

        Votes(String sha256, int expected) {
            this.sha256 = sha256;
            this.latch = new CountDownLatch(expected);
        }
    }

    public VoteCoordinator(NodeConfig config, Transport transport, java.util.function.Supplier<Policy> policy, JobStore jobs,
            AuditLog audit, DataDir dataDir, JobExecutor executor, IntFunction<X509Certificate> peerCertificates,
            StateHealth health, PrivacyBudgets budgets) {
        this.budgets = budgets;
        this.heads = new AuditHeads(audit, config.self().name(), config::nodeName, peerCertificates,
                id -> jobs.get(id) != null);
        this.health = health;
        this.inbox = new ControlInbox(config, transport, this::handle);
        this.config = config;
        this.transport = transport;
        this.policy = policy;
        this.jobs = jobs;
        this.audit = audit;
        this.dataDir = dataDir;
        this.executor = executor;
        this.admission = new Admission(config, transport, policy, dataDir);
    }

    private final PrivacyBudgets budgets;

    /** Proposes a job to every node, with this party as initiator; returns its record (PROPOSED, then more). */
    public JobRecord submit(JobSpec submitted, String requester) {
        if (config.isDealer()) {
            throw new IllegalArgumentException("jobs are submitted to a party node, not to the dealer");
        }
        if (stopping) {
            throw new Unavailable(config.self().name() + " is stopping");
        }
        if (!health.writable()) {
            throw new Unavailable(config.self().name() + " cannot write its state directory (" + health.problem()
                    + "); it takes no jobs until it can");
        }
        List<String> down = new ArrayList<>();
        for (int node = 0; node < config.consortium().nodeCount(); node++) {
            if (node != config.selfId() && !transport.connected(node)) {
                down.add(config.nodeName(node));
            }
        }
        if (!down.isEmpty()) {
            throw new Unavailable("not proposed: " + String.join(", ", down) + (down.size() == 1 ? " is" : " are")
                    + " not connected to " + config.self().name());
        }
        String pre = precheck(submitted.analysis());
        if (pre != null) {
            throw new PolicyRefusal(config.self().name() + " refuses: " + pre);
        }
        JobSpec prepared = admission.withOffline(admission.prepare(submitted));
        OfflineMode offline = admission.offline(prepared);
        SecurityMode security = Admission.security(prepared, config.consortium(), offline);
        JobSpec spec = admission.withComparisons(prepared, offline);
        Analysis analysis = AnalysisParser.parse(spec, config.consortium().memberNames(), policy.get().limits());
        Admission.runsIn(security, analysis);
        int bits = AnalysisParser.fractionalBits(spec, config.consortium().protocol().fractionalBits());
        long footprint = admission.fitsJobMemory(analysis, bits);
        var comparisons = admission.comparisons(spec, offline);
        FactsTracer.Traced traced = admission.trace(analysis, bits, comparisons, true);
        admission.otFits(traced.demand(), offline, footprint);
        String own;
        long session = (IDS.nextLong() >>> 8) | 1; // the top byte is the sub-sessions' (OT links'): zero here
        String id = Long.toHexString(session);
        JobRecord rec = new JobRecord(id, spec, config.selfId(), recipients(traced.facts()));
        synchronized (this) { // the concurrency rule and the job's record, at once
            own = policyRefusal(analysis, traced.facts(), offline, security);
            try {
                if (own == null) { // the privacy budget: reserved (durably) before the job is proposed
                    own = budgets.reserve(id, analysis, traced.facts(), config.selfId());
                }
                if (own == null) {
                    audit.append("job-proposed", new JsonObject().put("job", id).put("by", requester).put("spec", spec.toJson())
                            .put("specSha256", spec.sha256()).put("facts", factsJson(traced.facts()))
                            .put("privacy", privacyJson(analysis)).put("estimate", estimateJson(analysis)));
                    jobs.add(rec);
                }
            } catch (StateUnwritableException e) {
                budgets.release(id, "the job was not proposed: the audit log could not be written");
                throw new Unavailable(config.self().name() + " cannot write its state; the job was not proposed");
            }
        }
        if (own != null) {
            appendQuietly("job-refused", new JsonObject().put("specSha256", spec.sha256()).put("by", requester)
                    .put("reason", own));
            throw new PolicyRefusal(config.self().name() + " refuses: " + own);
        }
        accepted.put(id, new ActiveJob(session, rec, analysis, traced.facts(), traced.demand(), bits, offline, comparisons,
                security));
        transport.router().expect(session);
        Votes v = new Votes(rec.specSha256(), config.consortium().nodeCount() - 1);
        votes.put(id, v);
        inbox.broadcast(new ControlMessage.Propose(session, spec, rec.specSha256()));
        Thread.ofVirtual().name("vote-" + id).start(() -> decide(session, rec, v));
        return rec;
    }

    /** A program's estimated cost (the ops' declared costs): what members see in the audit before it runs. */
    private static JsonObject estimateJson(Analysis analysis) {
        var checked = analysis.checked();
        return checked == null ? null : new JsonObject().put("rounds", checked.cost().rounds())
                .put("bytesPerParty", checked.bytesPerParty());
    }

    private List<String> recipients(Facts facts) {
        return facts.resultRecipients().stream().map(config::nodeName).toList();
    }

    private JsonObject factsJson(Facts facts) {
        return facts.toJson(config::nodeName);
    }

    private void decide(long session, JobRecord rec, Votes v) {
        try {
            if (!v.latch.await(config.consortium().timeouts().connect().toMillis(), TimeUnit.MILLISECONDS)) {
                List<String> silent = new ArrayList<>();
                for (int node = 0; node < config.consortium().nodeCount(); node++) {
                    if (node != config.selfId() && !v.voted.contains(node)) {
                        silent.add(config.nodeName(node));
                    }
                }
                v.refusals.add(String.join(", ", silent) + " did not vote within the connect timeout ("
                        + config.consortium().timeouts().connect().toSeconds() + " s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            v.refusals.add("interrupted");
        }
        votes.remove(rec.id());
        if (rec.finished()) {
            v.refusals.add(config.self().name() + ": the job was cancelled while the nodes voted");
        }
        if (v.refusals.isEmpty()) {
            inbox.broadcast(new ControlMessage.Start(session, rec.specSha256()));
            start(rec.id());
        } else {
            List<String> why = List.copyOf(v.refusals);
            inbox.broadcast(new ControlMessage.Reject(session, why));
            accepted.remove(rec.id());
            transport.router().release(session);
            rec.refuse(String.join("; ", why));
            appendQuietly("job-refused", new JsonObject().put("job", rec.id()).put("reasons", new JsonArray(why)));
            LOG.warn("job {} refused: {}", rec.id(), String.join("; ", why));
        }
    }

    /** The rules that need no facts (stopping, state, analysis, load generator, concurrency): before any trace. */
    private String precheck(String analysis) {
        if (stopping) {
            return "NODE_STOPPED: the node is stopping";
        }
        if (!health.writable()) {
            return ErrorCode.STATE_UNWRITABLE + ": the node cannot write its state directory";
        }
        return config.isDealer() ? null : policy.get().precheck(analysis, (int) jobs.running());
    }

    /** This node's verdict on a proposal: {@code null} to accept, or the refusal naming the rule. */
    private String vote(ActiveJob job) {
        if (stopping) {
            return "NODE_STOPPED: the node is stopping";
        }
        if (!health.writable()) {
            return ErrorCode.STATE_UNWRITABLE + ": the node cannot write its state directory";
        }
        if (config.isDealer()) {
            return null; // the dealer reads no data: it checks the job's shape (parsing) and computes no result
        }
        String refusal = policyRefusal(job.analysis(), job.facts(), job.offline(), job.security());
        if (refusal == null) { // the privacy budget: reserved (durably) before the vote is sent
            try {
                refusal = budgets.reserve(job.record().id(), job.analysis(), job.facts(), config.selfId());
            } catch (StateUnwritableException e) {
                budgets.release(job.record().id(), "this node could not write its state");
                refusal = ErrorCode.STATE_UNWRITABLE + ": the node cannot write its state directory";
            }
        }
        return refusal;
    }

    /**
     * This member's policy on a job, the first rule it breaks or {@code null}: the same rules for a job this node
     * proposes and one it votes on (its facts, its program or query, the offline mode, the security mode), under one
     * policy for the whole verdict, even if SIGHUP replaces it meanwhile.
     */
    private String policyRefusal(Analysis analysis, Facts facts, OfflineMode offline, SecurityMode security) {
        Policy rules = policy.get();
        String refusal = rules.check(analysis.name(), facts, config.selfId(), config::nodeName, (int) jobs.running());
        if (refusal == null && analysis.checked() != null) {
            refusal = rules.checkProgram(analysis.checked(), config.selfId(), config::nodeName, analysis.query() != null,
                    offline == OfflineMode.DEALER);
        }
        if (refusal == null && analysis.query() != null) {
            refusal = rules.checkQuery(analysis.query(), config.selfId(), config::nodeName, config.consortium().memberNames());
        }
        if (refusal == null) {
            refusal = rules.allowsOffline(offline, config.consortium().protocol().offline());
        }
        return refusal == null ? rules.allowsSecurity(security) : refusal;
    }

    /** A job's privacy cost for the audit log ({@code null} for jobs that are not differentially private). */
    private static JsonObject privacyJson(Analysis a) {
        return a.privacy() == null ? null : new JsonObject().put("epsilon", a.privacy().epsilon()).put("delta", a.privacy().delta());
    }

    /** Cancels a job on every node (best effort: a node that already finished keeps its outcome). */
    public void cancel(String id, String requester) {
        JobRecord rec = jobs.get(id);
        if (rec == null) {
            throw new IllegalArgumentException("no job " + id);
        }
        inbox.broadcast(new ControlMessage.Cancel(Long.parseUnsignedLong(id, 16)));
        cancelLocally(rec, config.self().name(), "cancelled by " + requester);
    }

    private void cancelLocally(JobRecord rec, String by, String detail) {
        if (rec.finished()) {
            return;
        }
        rec.cancel(new JobRecord.Failure(ErrorCode.CANCELLED, rec.phase(), by), detail);
        if (accepted.remove(rec.id()) != null) {
            transport.router().release(Long.parseUnsignedLong(rec.id(), 16));
        }
        appendQuietly("job-cancelled", new JsonObject().put("job", rec.id()).put("by", by));
        Thread t = running.get(rec.id());
        if (t != null) {
            t.interrupt();
        }
    }

    /** A CONTROL frame from the transport: see {@link ControlInbox#onControl}. */
    public void onControl(Frame f) {
        inbox.onControl(f);
    }

    /** One control message from node {@code sender}, on the inbox's thread for it. */
    private void handle(int sender, ControlMessage msg) {
        String id = Long.toHexString(msg.session());
        try {
            switch (msg) {
                case ControlMessage.Propose p -> onPropose(sender, p, id);
                case ControlMessage.Vote v -> {
                    Votes vs = votes.get(id);
                    if (vs != null && vs.voted.add(sender)) {
                        if (!v.specSha256().equals(vs.sha256)) {
                            vs.refusals.add(config.nodeName(sender) + " voted on a different spec");
                        } else if (!v.accept()) {
                            vs.refusals.add(v.refusal() == null ? config.nodeName(sender) + " refuses" : v.refusal());
                        }
                        vs.latch.countDown();
                    }
                }
                case ControlMessage.Start s -> {
                    ActiveJob job = accepted.get(id);
                    if (job != null && job.record().initiator() == sender && s.specSha256().equals(job.record().specSha256())) {
                        start(id);
                    } else {
                        LOG.warn("ignoring a START of job {} from node {} that does not match a spec this node accepted", id, sender);
                    }
                }
                case ControlMessage.Reject r -> {
                    ActiveJob job = accepted.get(id);
                    if (job != null && job.record().initiator() == sender) {
                        accepted.remove(id);
                        transport.router().release(msg.session());
                        job.record().refuse(String.join("; ", r.refusals()));
                        appendQuietly("job-refused", new JsonObject().put("job", id).put("reasons", new JsonArray(r.refusals())));
                    }
                }
                case ControlMessage.Cancel c -> {
                    JobRecord rec = jobs.get(id);
                    if (rec != null && sender < config.consortium().partyCount()) {
                        cancelLocally(rec, config.nodeName(sender), "cancelled by " + config.nodeName(sender));
                    }
                }
                case ControlMessage.AuditHead h -> heads.keep(sender, h);
            }
        } catch (RuntimeException e) {
            LOG.warn("ignoring a control message from node {}: {}", sender, e.getMessage());
        }
    }

    private void onPropose(int sender, ControlMessage.Propose p, String id) {
        if (sender >= config.consortium().partyCount()) {
            LOG.warn("ignoring a job proposed by node {}, which is not a party", sender);
            return;
        }
        if (jobs.get(id) != null) {
            LOG.warn("ignoring a second proposal of job {} from node {}", id, sender);
            return;
        }
        if ((p.session() >>> 56) != 0 || transport.router().familyInUse(p.session())) { // it would share a job's links
            inbox.reply(sender, new ControlMessage.Vote(p.session(), p.specSha256(), false, config.self().name()
                    + " refuses: " + ErrorCode.PROTOCOL_ERROR + ": a session id whose top byte is set or that shares a "
                    + "running job's links"));
            return;
        }
        if (!p.spec().sha256().equals(p.specSha256())) {
            inbox.reply(sender, new ControlMessage.Vote(p.session(), p.specSha256(), false, config.self().name()
                    + " refuses: the spec does not match its hash"));
            return;
        }
        String refusal;
        ActiveJob job = null;
        try {
            Analysis analysis = AnalysisParser.parse(p.spec(), config.consortium().memberNames(), policy.get().limits());
            analysis.admitAtVote(admission.inferenceMemory(
                    AnalysisParser.security(p.spec(), config.consortium().protocol().security())));
            int bits = AnalysisParser.fractionalBits(p.spec(), config.consortium().protocol().fractionalBits());
            OfflineMode offline = admission.offline(p.spec());
            SecurityMode security = Admission.security(p.spec(), config.consortium(), offline);
            Admission.runsIn(security, analysis);
            refusal = precheck(analysis.name());
            if (refusal == null) { // the costly trace only for a job the cheap rules let through, and that fits
                long footprint = admission.fitsJobMemory(analysis, bits);
                var comparisons = admission.comparisons(p.spec(), offline);
                FactsTracer.Traced traced = admission.trace(analysis, bits, comparisons, true);
                admission.otFits(traced.demand(), offline, footprint);
                JobRecord rec = new JobRecord(id, p.spec(), sender, recipients(traced.facts()));
                job = new ActiveJob(p.session(), rec, analysis, traced.facts(), traced.demand(), bits, offline, comparisons,
                        security);
                synchronized (this) {
                    refusal = vote(job);
                    if (refusal == null) {
                        jobs.add(job.record()); // counted at once by the next vote's maxConcurrentJobs
                    }
                }
            }
        } catch (SpecException e) { // what crosses to the initiator: the code and the field, no exception text
            refusal = ErrorCode.SPEC_INVALID + ": params." + e.field();
        } catch (Unavailable e) {
            refusal = "the node cannot take the job now (busy or stopping)";
        }
        try { // a refused spec is recorded by its hash only (a member cannot fill the log with large specs)
            audit.append("job-vote", new JsonObject().put("job", id).put("initiator", config.nodeName(sender))
                    .put("spec", refusal == null ? p.spec().toJson() : null).put("specSha256", p.specSha256())
                    .put("accept", refusal == null).put("reason", refusal)
                    .put("facts", refusal == null ? factsJson(job.facts()) : null)
                    .put("privacy", refusal == null ? privacyJson(job.analysis()) : null));
        } catch (StateUnwritableException e) {
            if (refusal == null) {
                job.record().refuse("this node cannot write its audit log");
            }
            refusal = ErrorCode.STATE_UNWRITABLE + ": the node cannot write its audit log";
        }
        if (refusal == null) {
            accepted.put(id, job);
            transport.router().expect(p.session());
            expireUnlessStarted(job);
        }
        inbox.reply(sender, new ControlMessage.Vote(p.session(), p.specSha256(), refusal == null,
                refusal == null ? null : config.self().name() + " refuses: " + refusal));
    }

    /** Sends this node's signed audit head to every other node, which keep it in their own logs. */
    private void shareAuditHead(long session) {
        inbox.broadcast(heads.own(session));
    }

    /**
     * The deadline for START: a job this node accepted that has not started within twice the connect timeout
     * (the initiator's vote deadline plus the time to send START) fails here, naming the initiator.
     */
    private void expireUnlessStarted(ActiveJob job) {
        long wait = 2 * config.consortium().timeouts().connect().toMillis();
        Thread.ofVirtual().name("start-deadline-" + job.record().id()).start(() -> {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            if (accepted.remove(job.record().id(), job)) {
                transport.router().release(job.session());
                String initiator = config.nodeName(job.record().initiator());
                job.record().fail(new JobRecord.Failure(ErrorCode.TIMEOUT, "start", initiator), "no START or REJECT from "
                        + initiator + " within " + wait + " ms of accepting the job");
                appendQuietly("job-finished", new JsonObject().put("job", job.record().id()).put("outcome", "failed")
                        .put("error", job.record().failure().toJson()));
                LOG.warn("job {} failed: {} never started it", job.record().id(), initiator);
            }
        });
    }

    /** An audit record whose failure must not stop the caller (the state health reports it). */
    private void appendQuietly(String event, JsonObject fields) {
        try {
            audit.append(event, fields);
        } catch (RuntimeException e) {
            LOG.warn("could not write the audit record '{}': {}", event, e.getMessage());
        }
    }

    /**
     * Stops every running job with {@code NODE_STOPPED} (sent to the peers at once, from this thread), interrupts the
     * job threads, waits up to {@code wait} for them to write their outcomes, and refuses new ones.
     */
    public void stopAll(java.time.Duration wait) {
        List<Thread> threads;
        synchronized (this) { // no job starts after this
            stopping = true;
            threads = new ArrayList<>(running.values());
        }
        inbox.close();
        executor.abortRunning(); // NODE_STOPPED to every peer now, not when a busy job thread notices the interrupt
        threads.forEach(Thread::interrupt);
        long end = System.nanoTime() + wait.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public boolean stopping() {
        return stopping;
    }

    /** Stops handling control messages (the node is closing). */
    public void close() {
        stopping = true;
        inbox.close();
    }

    private void start(String id) {
        ActiveJob job = accepted.remove(id);
        if (job == null) {
            return;
        }
        synchronized (this) {
            if (stopping) {
                job.record().fail(new JobRecord.Failure(ErrorCode.NODE_STOPPED, "start", config.self().name()),
                        "the node was stopping when START came");
                transport.router().release(job.session());
                return;
            }
            if (!job.record().running()) { // cancelled or refused in the meantime
                transport.router().release(job.session());
                return;
            }
        }
        Thread t = Thread.ofVirtual().name("job-" + id).unstarted(() -> {
            try {
                executor.run(job);
            } finally {
                running.remove(id);
                shareAuditHead(job.session());
            }
        });
        synchronized (this) {
            running.put(id, t);
        }
        t.start();
    }
}
