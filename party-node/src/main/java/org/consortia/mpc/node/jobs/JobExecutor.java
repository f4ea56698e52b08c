package org.consortia.mpc.node.jobs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.node.analysis.DataAccess;
import org.consortia.mpc.node.analysis.DataDir;
import org.consortia.mpc.node.analysis.ErrorCode;
import org.consortia.mpc.node.analysis.Facts;
import org.consortia.mpc.node.analysis.JobContext;
import org.consortia.mpc.node.analysis.JobError;
import org.consortia.mpc.node.analysis.RevealLedger;
import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.node.state.StateUnwritableException;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.auth.CheckFailedException;
import org.consortia.mpc.protocols.auth.Tamper;
import org.consortia.mpc.protocols.net.PeerException;
import org.consortia.mpc.runtime.offline.MaterialSource;
import org.consortia.mpc.runtime.offline.OfflineSources;
import org.consortia.mpc.runtime.offline.Preprocessing;
import org.consortia.mpc.runtime.offline.StreamingSource;
import org.consortia.mpc.runtime.ot.BaseOtStore;
import org.consortia.mpc.runtime.session.JobRunner;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.transport.Transport;
import org.consortia.mpc.sharing.MpcException;
import org.consortia.mpc.sharing.auth.AuthDemand;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Runs this node's part of an accepted job on the calling (virtual) thread: a dry run that reads and checks the
 * node's own files, the offline phase, the online phase. Reads and reveals are held to the job's facts. A
 * failure becomes a {@link JobRecord.Failure} (code, phase, party); only the code goes to the other nodes in the
 * ABORT, the detail goes to the local log and record.
 */
public final class JobExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(JobExecutor.class);

    private final Transport transport;
    private final int self;
    private final int parties;
    private final boolean dealer;
    private final Duration roundTimeout;
    private final DataDir dataDir;
    private final AuditLog audit;
    private final IntFunction<String> names;
    private final BooleanSupplier stopping;
    private volatile java.util.function.Consumer<String> beforeFirstResult = job -> { };

    public JobExecutor(Transport transport, int parties, Duration roundTimeout, DataDir dataDir, AuditLog audit,
            IntFunction<String> names, BooleanSupplier stopping) {
        this.stopping = stopping;
        this.transport = transport;
        this.self = transport.self();
        this.parties = parties;
        this.dealer = self == parties;
        this.roundTimeout = roundTimeout;
        this.dataDir = dataDir;
        this.audit = audit;
        this.names = names;
    }

    /**
     * What runs, durably, just before a job first reads this node's data, and again (idempotent) before its first
     * result is revealed here: the privacy budget is spent, so a job that fails after the read costs what it would
     * have cost had it succeeded (its failure may depend on the data).
     */
    public void beforeFirstResult(java.util.function.Consumer<String> hook) {
        this.beforeFirstResult = hook;
    }

    /** Base OTs with each peer, kept across dealer-free jobs (in memory: a restart runs fresh ones). */
    private final BaseOtStore baseOts = new BaseOtStore();
    /** The channels of the jobs running here, so that a stopping node can tell every peer at once. */
    private final java.util.Map<String, SessionChannel> live = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Sends ABORT({@code NODE_STOPPED}, naming this node) on every running job's session now, from the calling thread,
     * whatever the job threads are doing (a long local product, the offline phase, an OT extension): the frames are
     * queued before the transport closes, which flushes them, so every peer records {@code NODE_STOPPED} naming this
     * member rather than a lost connection. The job threads, interrupted separately, record the same code here.
     */
    public void abortRunning() {
        for (SessionChannel ch : live.values()) {
            try {
                ch.abortAll(ErrorCode.NODE_STOPPED.name() + ":" + self);
            } catch (RuntimeException e) {
                LOG.warn("could not send NODE_STOPPED on a running job's session: {}", e.getMessage());
            }
        }
    }

    public void run(ActiveJob job) {
        JobRecord rec = job.record();
        org.slf4j.MDC.put("job", rec.id()); // every line this thread logs names the job (and the phase: SessionChannel)
        SessionChannel ch = new SessionChannel(transport, job.session(), parties, roundTimeout);
        live.put(rec.id(), ch);
        ch.interruptOnPeerAbort(Thread.currentThread()); // a peer's abort stops a long local computation here
        long t0 = System.nanoTime();
        RevealLedger online = RevealLedger.enforcing(parties, job.analysis().rowsBehind(), job.facts())
                .beforeFirstResult(() -> beforeFirstResult.accept(rec.id()));
        try {
            // durable before anything is revealed: the record names the job and its spec hash (whose facts the
            // job-vote or job-proposed record lists)
            audit.append("job-started", new JsonObject().put("job", rec.id()).put("specSha256", rec.specSha256()));
            if (!dealer) {
                ch.phase("start");
                Preprocessing.sayHello(ch); // before the input check, which may read a large file
            }
            FixedPoint fp = new FixedPoint(job.fractionalBits());
            double[] result = null;
            long[] onlineAt = new long[1];
            boolean malicious = job.security() == SecurityMode.MALICIOUS;
            if (dealer && job.offline() == OfflineMode.OT) {
                LOG.info("job {}: the parties make its correlated randomness by oblivious transfer; the dealer takes no part",
                        rec.id());
            } else if (dealer && malicious) { // the authenticated items, discovered as every party discovers them
                rec.phase("offline");
                ch.phase("offline");
                JobRunner.authDealer(ch, authDemand(job, self, parties, fp));
            } else if (dealer) {
                rec.phase("offline");
                ch.phase("offline");
                JobRunner.dealer(ch, job.demand());
            } else if (malicious) {
                if (job.comparisons() == Comparisons.FSS) {
                    LOG.info("job {}: comparisons by authenticated FSS keys (binary MACs on the comparison bits; two openings"
                            + " each, keys and MACs from the dealer)",
                            rec.id());
                }
                rec.phase("input check");
                ch.phase("input check");
                AuthDemand demand = authDemand(job, self, parties, fp);
                rec.phase("offline");
                ch.phase("offline");
                result = JobRunner.authParty(ch, demand, job.analysis().program(context(job, online)), fp, () -> {
                    rec.phase("online");
                    onlineAt[0] = System.nanoTime();
                }, online, StreamingSource.DEFAULT_BUDGET_WORDS, faultInjection(), job.comparisons());
            } else {
                if (job.comparisons() == Comparisons.FSS) {
                    LOG.info("job {}: comparisons by function secret sharing (one round each, keys from the dealer)",
                            rec.id());
                }
                rec.phase("input check");
                ch.phase("input check");
                RevealLedger dry = RevealLedger.enforcing(parties, job.analysis().rowsBehind(), job.facts());
                Demand demand = JobRunner.discoverDemand(job.analysis().program(context(job, dry)), self, parties, fp, dry,
                        job.comparisons());
                if (!demand.equals(job.demand())) {
                    throw new JobError(ErrorCode.INTERNAL, "this party's demand differs from the traced one: " + demand);
                }
                rec.phase("offline");
                ch.phase("offline");
                MaterialSource otLinks = OfflineSources.party(job.offline(), ch, baseOts);
                result = JobRunner.party(ch, demand, job.analysis().program(context(job, online)), fp, () -> {
                    rec.phase("online");
                    onlineAt[0] = System.nanoTime();
                }, online, StreamingSource.DEFAULT_BUDGET_WORDS, otLinks, job.comparisons());
            }
            peerAbortsDone(ch, rec.id());
            double onlineMs = onlineAt[0] == 0 ? 0 : (System.nanoTime() - onlineAt[0]) / 1e6;
            // the outcome is durable before the result is served
            audit.append("job-finished", new JsonObject().put("job", rec.id()).put("outcome", "succeeded")
                    .put("revealed", revealed(online.performed())).put("resultHere", result != null)
                    .put("bytesSent", ch.meter().onlineBytesSent()).put("seconds", (System.nanoTime() - t0) / 1e9));
            rec.succeed(result, onlineMs, ch.meter().onlineBytesSent(), ch.meter().rounds());
            LOG.info("job {} succeeded in {} ms ({} ms online, {} bytes sent, {} rounds){}", rec.id(),
                    (System.nanoTime() - t0) / 1_000_000, Math.round(onlineMs), ch.meter().onlineBytesSent(),
                    ch.meter().rounds(), result == null ? "" : "; result available here");
        } catch (Throwable thrown) {
            peerAbortsDone(ch, rec.id());
            Throwable e = peersAbortBehind(thrown, ch);
            boolean cancelled = rec.state() == JobRecord.State.CANCELLED;
            JobRecord.Failure f = cancelled ? rec.failure()
                    : stopping.getAsBoolean() ? new JobRecord.Failure(ErrorCode.NODE_STOPPED, ch.phase(), names.apply(self))
                    : classify(e, ch.phase());
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!cancelled) {
                try { // the audit outcome first: a crash in between leaves the record RUNNING, failed at restart
                    audit.append("job-finished", new JsonObject().put("job", rec.id()).put("outcome", "failed")
                            .put("error", f.toJson()).put("revealed", revealed(online.performed())));
                } catch (StateUnwritableException unwritable) {
                    LOG.warn("job {}: could not write its outcome to the audit log: {}", rec.id(), unwritable.getMessage());
                }
                rec.fail(f, detail);
                try (var m = org.slf4j.MDC.putCloseable("peer", f.party())) {
                    LOG.warn("job {} failed: {} in phase '{}' at {}: {}", rec.id(), f.code(), f.phase(), f.party(), detail);
                }
            }
            ch.abortAll(f == null ? ErrorCode.CANCELLED.name() : f.code().name() + ":" + idOf(f.party()));
        } finally {
            ch.close();
            org.slf4j.MDC.remove("job");
            org.slf4j.MDC.remove("phase");
        }
    }

    /**
     * No more interrupts for peers' aborts, and none pending: what follows writes the outcome (an interrupt must not
     * stop it; a stop or a cancellation is read from the node's state, not from the flag).
     */
    private void peerAbortsDone(SessionChannel ch, String id) {
        live.remove(id); // a stop from now on sends no NODE_STOPPED for this job: its outcome here is being written
        ch.interruptOnPeerAbort(null);
        Thread.interrupted();
    }

    /**
     * A job interrupted out of local work because a peer aborted: the peer's abort (its code and origin) is the cause,
     * not the interruption.
     */
    static Throwable peersAbortBehind(Throwable thrown, SessionChannel ch) {
        if (!ch.interruptedByPeerAbort() && !interrupted(thrown)) {
            return thrown;
        }
        PeerException peer = ch.queuedPeerAbort();
        return peer == null ? thrown : peer;
    }

    /** Whether {@code e} or a cause of it is an interruption (a wait, a local computation, an interruptible read). */
    static boolean interrupted(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c instanceof java.util.concurrent.CancellationException
                    || c instanceof java.nio.channels.ClosedByInterruptException || c instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    /** A peer's abort: its code, and the node where the failure arose when the peer names one. */
    private JobRecord.Failure aborted(String remote, String phase, String peer) {
        if (remote == null) {
            return new JobRecord.Failure(ErrorCode.INTERNAL, phase, peer);
        }
        String[] parts = remote.split(":");
        String origin = peer;
        if (parts.length == 2) { // a node id the peer names: one of this consortium's, else the peer itself
            int id = Integer.parseInt(parts[1]);
            origin = id < transport.router().nodes() ? names.apply(id) : peer;
        }
        return new JobRecord.Failure(ErrorCode.parse(parts[0]), phase, origin);
    }

    private int idOf(String name) {
        for (int i = 0; i < transport.router().nodes(); i++) {
            if (names.apply(i).equals(name)) {
                return i;
            }
        }
        return self;
    }

    /**
     * A malicious job's authenticated items, discovered by a dry run under an enforcing ledger: the same at the dealer
     * and at every party.
     */
    private AuthDemand authDemand(ActiveJob job, int self, int parties, FixedPoint fp) {
        RevealLedger dry = RevealLedger.enforcing(parties, job.analysis().rowsBehind(), job.facts());
        return JobRunner.discoverAuthDemand(job.analysis().program(context(job, dry)), self, parties, fp, dry,
                job.comparisons());
    }

    private JobContext context(ActiveJob job, RevealLedger ledger) {
        String id = job.record().id();
        return new JobContext(DataAccess.local(self, dataDir, job.facts(), () -> beforeFirstResult.accept(id)), ledger);
    }

    /** What was opened, with recipients by name: for the audit record. */
    private JsonArray revealed(List<Facts.Reveal> reveals) {
        return Facts.revealsJson(reveals, names, false);
    }

    /**
     * The system property that makes this node deviate from the protocol in its malicious-mode jobs, once per job, at
     * {@code POINT:OCCURRENCE} ({@link Tamper#parse}): fault injection for the tests that prove the other members catch
     * a cheating member. A member can always change its own node's code; this only saves the tests a second build.
     */
    public static final String FAULT_PROPERTY = "mpc.fault.malicious";

    private static Tamper faultInjection() {
        Tamper t = Tamper.parse(System.getProperty(FAULT_PROPERTY));
        if (t == null) {
            return Tamper.NONE;
        }
        LOG.warn("this node deviates from the protocol in this job ({}={}): fault injection for tests", FAULT_PROPERTY,
                System.getProperty(FAULT_PROPERTY));
        return t;
    }

    /** The code, phase and party of a failure. */
    JobRecord.Failure classify(Throwable e, String phase) {
        String me = names.apply(self);
        if (interrupted(e)) { // interrupted here (a wait or a file read included): not a peer's fault, not the input's
            return new JobRecord.Failure(ErrorCode.CANCELLED, phase, me);
        }
        Throwable t = e;
        while (t != null) {
            if (t instanceof OutOfMemoryError) { // not the input's fault: a job too large for this node's heap
                return new JobRecord.Failure(ErrorCode.RESOURCE_EXHAUSTED, phase, me);
            }
            if (t instanceof JobError j) {
                return new JobRecord.Failure(j.code(), phase, me);
            }
            if (t instanceof StateUnwritableException) {
                return new JobRecord.Failure(ErrorCode.STATE_UNWRITABLE, phase, me);
            }
            if (t instanceof PeerException p) {
                String peer = names.apply(p.peer());
                return switch (p.kind()) {
                    case LOST -> new JobRecord.Failure(ErrorCode.PEER_LOST, phase, peer);
                    case TIMEOUT -> new JobRecord.Failure(ErrorCode.TIMEOUT, phase, peer);
                    case ABORTED -> aborted(p.remoteCode(), phase, peer);
                    case PROTOCOL -> new JobRecord.Failure(ErrorCode.PROTOCOL_ERROR, phase, peer);
                };
            }
            if (t instanceof CheckFailedException c) { // a MAC check failed: some party deviated; nothing was revealed
                return new JobRecord.Failure(ErrorCode.CHECK_FAILED, phase + ": " + c.phase(), me);
            }
            if (t instanceof StreamingSource.NotReady) { // the correlated randomness took too long: not this party's input
                return new JobRecord.Failure(ErrorCode.TIMEOUT, phase, me);
            }
            t = t.getCause();
        }
        if (e instanceof IllegalArgumentException || e instanceof IOException
                || (e instanceof MpcException && !(e instanceof PeerException))) {
            return new JobRecord.Failure(ErrorCode.INPUT_INVALID, phase, me);
        }
        return new JobRecord.Failure(ErrorCode.INTERNAL, phase, me);
    }
}
