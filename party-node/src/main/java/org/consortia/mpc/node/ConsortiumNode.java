package org.consortia.mpc.node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.consortia.mpc.node.state.AppendOnlyFile;

import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.node.analysis.DataDir;
import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.node.control.VoteCoordinator;
import org.consortia.mpc.node.jobs.JobExecutor;
import org.consortia.mpc.node.jobs.JobRecord;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.node.jobs.JobStore;
import org.consortia.mpc.node.policy.Policy;
import org.consortia.mpc.node.state.AppendOnlyFile;
import org.consortia.mpc.node.state.StateHealth;
import org.consortia.mpc.runtime.netty.NettyTransport;
import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.config.ConfigLoader;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.node.analysis.AnalysisParser;
import org.consortia.mpc.node.analysis.QueryJob;
import org.consortia.mpc.node.budget.BudgetLedger;
import org.consortia.mpc.node.budget.PrivacyBudgets;
import org.consortia.mpc.node.policy.PolicySource;
import org.consortia.mpc.programs.sql.CompiledQuery;
import org.consortia.mpc.protocols.Cost;

import io.vertx.core.json.JsonObject;

/**
 * One consortium member's running node (a party or the dealer), bootstrapped from its node file: TLS
 * transport, policy, job records, audit log, data directory; then it wires the {@link VoteCoordinator} (how
 * nodes agree on a job) to the {@link JobExecutor} (how this node runs its part). Results stay at the nodes of
 * the parties a job's facts name as recipients.
 */
public final class ConsortiumNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsortiumNode.class);
    /** The largest data file a job may read, in bytes. */
    public static final long MAX_DATA_FILE_BYTES = 1L << 30;

    private final NodeConfig config;
    private final NettyTransport transport;
    private final JobStore jobs;
    private final AuditLog audit;
    private volatile TlsMaterial tls;
    private final List<Runnable> reloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final VoteCoordinator coordinator;
    private final StateHealth health;
    private final PrivacyBudgets budgets;
    private final PolicySource policies;

    /**
     * The names of a job's result values, from its spec alone ({@link org.consortia.mpc.node.analysis.Analysis#resultLabels}),
     * or {@code null}.
     */
    public List<String> resultLabels(JobRecord job) {
        try {
            return AnalysisParser.parse(job.spec(), config.consortium().memberNames(),
                    policies.get().limits()).resultLabels(config.self().id());
        } catch (RuntimeException e) {
            return null; // a spec the current limits refuse: the values keep their positions
        }
    }

    /** A query job's result table at this recipient, from its result values; {@code null} for other jobs. */
    public CompiledQuery.Table resultTable(JobRecord job) {
        if (!job.spec().analysis().equals("query") || job.result() == null) {
            return null;
        }
        try {
            var a = AnalysisParser.parse(job.spec(), config.consortium().memberNames(),
                    policies.get().limits());
            return a instanceof QueryJob q ? q.table(job.result()) : null;
        } catch (RuntimeException e) {
            return null; // a spec the current limits refuse: the values keep their positions
        }
    }

    /**
     * What a job would read, reveal and cost, from its spec alone (parsed and checked as a proposal would be, nothing
     * proposed, read or sent): the answer to {@code POST /v1/queries?explain=true}.
     */
    public io.vertx.core.json.JsonObject explain(JobSpec spec) {
        var a = AnalysisParser.parse(spec, config.consortium().memberNames(),
                policies.get().limits());
        var o = new io.vertx.core.json.JsonObject().put("analysis", a.name());
        var c = a.checked();
        if (c != null) {
            List<String> names = config.consortium().memberNames();
            o.put("estimate", new io.vertx.core.json.JsonObject().put("rounds", c.cost().rounds())
                    .put("bytesPerParty", c.bytesPerParty()));
            var reads = new io.vertx.core.json.JsonArray();
            for (var r : c.reads()) {
                reads.add(new io.vertx.core.json.JsonObject().put("member", names.get(r.member())).put("dataset", r.dataset())
                        .put("columns", new io.vertx.core.json.JsonArray(r.columns())).put("rows", r.rows())
                        .put("key", r.key()));
            }
            var reveals = new io.vertx.core.json.JsonArray();
            for (var r : c.reveals()) {
                reveals.add(new io.vertx.core.json.JsonObject().put("label", r.label())
                        .put("to", new io.vertx.core.json.JsonArray(r.recipients().stream().map(names::get).toList()))
                        .put("values", java.util.Arrays.stream(r.dims()).asLongStream().reduce(1, (x, y) -> x * y))
                        .put("rowsBehind", r.rowsBehind()));
            }
            o.put("reads", reads).put("reveals", reveals).put("epsilon", c.epsilon()).put("delta", c.delta());
            // the declared cost per operator (the nodes that run on shares; a member's own work costs nothing)
            java.util.Map<String, Cost> byOp = new java.util.TreeMap<>();
            for (var step : c.steps()) {
                if (!step.local()) {
                    byOp.merge(step.op(), step.bound().cost(c.context().parties()), Cost::then);
                }
            }
            var operators = new io.vertx.core.json.JsonObject();
            byOp.forEach((op, cost) -> {
                if (cost.rounds() > 0 || cost.wordsPerPeer() > 0) {
                    operators.put(op, new io.vertx.core.json.JsonObject().put("rounds", cost.rounds())
                            .put("bytesPerParty", cost.bytesSent(c.context().parties(), 32)));
                }
            });
            o.put("operators", operators);
        }
        if (a.query() != null) {
            var uses = new io.vertx.core.json.JsonArray();
            for (var u : a.query().uses()) {
                uses.add(new io.vertx.core.json.JsonObject().put("member", u.member()).put("table", u.table())
                        .put("column", u.column()).put("role", u.role().name()).put("clause", u.clause()));
            }
            o.put("uses", uses).put("columns", new io.vertx.core.json.JsonArray(a.query().outputs().stream()
                    .map(CompiledQuery.Output::name).toList()))
                    .put("groups", a.query().groups().size());
        }
        return o;
    }

    /**
     * Re-reads the node's policy (SIGHUP), checked as at start: the next proposals and votes follow it, a job already
     * accepted keeps its verdict; a wrong file is refused and the current policy stays. One line for the log.
     */
    public String reloadPolicy() {
        return policies.reload();
    }

    /** The node's privacy budgets (for the API). */
    public PrivacyBudgets budgets() {
        return budgets;
    }

    public ConsortiumNode(NodeConfig config, String tlsProvider) throws IOException {
        this.config = config;
        ConsortiumConfig c = config.consortium();
        PolicySource policySource = new PolicySource(config.policy());
        this.policies = policySource;
        Policy policy = policySource.get();
        this.health = new StateHealth(config.stateDir());
        this.jobs = new JobStore(config.stateDir(), health, config.self().name());
        this.tls = TlsMaterial.load(config.privateKey(), config.certificate(), c.caCertificate())
                .withRevoked(c.revokedSerials());
        java.util.Set<String> finished = new java.util.HashSet<>(); // jobs whose outcome the audit log holds
        this.audit = AuditLog.open(config.stateDir().resolve("audit.log"), tls.key(), health, rec -> {
            if ("job-finished".equals(rec.getString("event"))) {
                finished.add(rec.getJsonObject("fields").getString("job"));
            }
        });
        this.transport = NettyTransport.start(c, config.self().id(), tls, TlsMaterial.provider(tlsProvider), config.listen());
        DataDir data = new DataDir(config.dataDir(), MAX_DATA_FILE_BYTES, config.datasets());
        VoteCoordinator[] self = new VoteCoordinator[1];
        JobExecutor executor = new JobExecutor(transport, c.partyCount(), c.timeouts().round(), data, audit,
                i -> c.node(i).name(), () -> self[0].stopping());
        BudgetLedger ledger = BudgetLedger.open(config.stateDir(),
                health, java.time.Clock.systemUTC());
        recordRecoveries(finished, ledger.recovery());
        PrivacyBudgets budgets = new PrivacyBudgets(ledger, policySource,
                audit);
        this.budgets = budgets;
        jobs.onFinished(budgets::ended); // a reservation never spent is released when its job ends
        executor.beforeFirstResult(budgets::spend);
        this.coordinator = new VoteCoordinator(config, transport, policySource, jobs, audit, data, executor,
                transport::peerCertificate, health, budgets);
        self[0] = coordinator;
        transport.router().controlHandler(coordinator::onControl);
        transport.router().expectedSessionsOnly(); // frames only for jobs this node accepted
        for (var cert : new java.security.cert.X509Certificate[] {tls.certificate(), tls.ca()}) {
            long days = Pki.daysLeft(cert);
            if (days < 30) {
                LOG.warn("certificate CN={} expires in {} days: renew it (mpc-node keygen) before it does", Pki.commonName(cert), days);
            }
        }
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < c.nodeCount(); i++) {
            if (i != config.self().id()) {
                peers.add(c.node(i).toString());
            }
        }
        LOG.info("node {} of consortium {} up: {} parties, {}; security model: semi-honest parties, dishonest "
                + "majority (any n-1 may collude), {}, mutual TLS with the consortium CA", config.self(), c.name(),
                c.partyCount(), c.hasDealer() ? "dealer " + c.dealer() : "no dealer",
                c.protocol().offline() == OfflineMode.OT
                        ? "correlated randomness made by the parties by oblivious transfer (no third party)"
                                + (c.hasDealer() ? "; a job may ask for the dealer, which must collude with no party" : "")
                        : "dealer colluding with no party (a job may ask for oblivious transfer instead)");
        LOG.info("peers: {}", String.join("; ", peers));
        if (policy.isPermissive() && !config.isDealer()) {
            LOG.warn("no policy file: every analysis may use every dataset in {} and send results to any party", config.dataDir());
        }
        audit.append("node-started", new JsonObject().put("node", config.self().name()).put("policy",
                policy.isPermissive() ? "permissive default" : "policy file"));
    }

    /**
     * Notes in the audit log what start-up recovered: torn last records moved aside, and the outcome of every job
     * a stop interrupted unless the log already holds it ({@code finished}, read while the log was opened).
     */
    private void recordRecoveries(java.util.Set<String> finished, AppendOnlyFile.Recovery budgetRecovery) {
        for (AppendOnlyFile.Recovery r : List.of(jobs.recovery(), audit.recovery(), budgetRecovery)) {
            health.recovered(r); // one WARN line each, the metric, /v1/health
            if (r.setAside() && r != audit.recovery()) { // the audit log notes its own
                audit.append("torn-record-recovered", new JsonObject().put("file", r.file().getFileName().toString())
                        .put("line", r.line()).put("movedTo", r.tornRecordMovedTo().getFileName().toString())
                        .put("bytes", r.tornBytes()));
            }
        }
        for (JobRecord r : jobs.interrupted()) {
            if (!finished.contains(r.id())) { // its outcome may be in the audit log already (a crash just after it)
                audit.append("job-finished", new JsonObject().put("job", r.id()).put("outcome", "failed")
                        .put("error", r.failure().toJson()).put("note", "written at restart: the node stopped while the job ran"));
            }
        }
    }

    public StateHealth health() {
        return health;
    }

    /**
     * Stops the node: running jobs fail with {@code NODE_STOPPED}, which their peers learn at once; their
     * outcomes are written; then the transport closes.
     */
    public void shutdown() {
        coordinator.stopAll(java.time.Duration.ofSeconds(10));
        close();
    }

    public NodeConfig config() {
        return config;
    }

    public NettyTransport transport() {
        return transport;
    }

    public Collection<JobRecord> jobs() {
        return jobs.all();
    }

    public JobRecord job(String id) {
        return jobs.get(id);
    }

    public AuditLog audit() {
        return audit;
    }

    /**
     * Re-reads this node's certificate (a renewal for the same key; a new key needs a restart, since the audit log signs
     * with it), the consortium CA and the consortium file's revoked serials (on SIGHUP): checked as at start, then taken
     * for every new connection; running jobs carry on, and connections of peers whose
     * certificate is now revoked are closed. Returns one line saying what happened (the old material stays on failure).
     */
    public synchronized String reloadCredentials() {
        NodeConfig fresh;
        try {
            fresh = ConfigLoader.node(config.source());
        } catch (ConfigException e) {
            return "reload refused, keeping the current credentials: " + e.getMessage();
        }
        TlsMaterial next;
        try { // read once: checked as at start, then taken
            next = TlsMaterial.load(fresh.privateKey(), fresh.certificate(), fresh.consortium().caCertificate())
                    .withRevoked(fresh.consortium().revokedSerials());
        } catch (IOException | RuntimeException e) {
            return "reload refused, keeping the current credentials: " + CredentialCheck.unreadable(fresh, e);
        }
        String problem = CredentialCheck.problem(fresh, next);
        if (problem != null) {
            return "reload refused, keeping the current credentials: " + problem;
        }
        if (!next.certificate().getPublicKey().equals(tls.certificate().getPublicKey())) {
            // the audit log signs with the node's key, and peers check the heads against the certificate they see
            return "reload refused, keeping the current credentials: " + fresh.certificate() + " is for another key; "
                    + "a new key needs a restart (renew the certificate for the same key to reload it)";
        }
        try {
            transport.reloadTls(next);
        } catch (RuntimeException e) {
            return "reload refused, keeping the current credentials: " + e.getMessage();
        }
        this.tls = next;
        reloadListeners.forEach(Runnable::run);
        return "credentials reloaded: certificate serial " + next.certificate().getSerialNumber().toString(16) + " valid "
                + Pki.daysLeft(next.certificate()) + " more days, " + next.revoked().size() + " revoked serial(s)";
    }

    /** Runs {@code r} after every successful reload of the credentials (the job API takes the new certificate). */
    public void onCredentialsReloaded(Runnable r) {
        reloadListeners.add(r);
    }

    public TlsMaterial tls() {
        return tls;
    }

    /** Proposes a job to every node (see {@link VoteCoordinator#submit}). */
    public JobRecord submit(JobSpec spec, String requester) {
        return coordinator.submit(spec, requester);
    }

    /** Cancels a job on every node (best effort: a node that already finished keeps its outcome). */
    public void cancel(String id, String requester) {
        coordinator.cancel(id, requester);
    }

    /** One line per peer: connected or not. */
    /** One peer as the health route shows it. */
    public record PeerStatus(int id, String name, String role, boolean connected, Long certificateDaysLeft) {
    }

    /** Every other member: connected or not, and (once it has connected) its certificate's days left. */
    public List<PeerStatus> peerStatus() {
        List<PeerStatus> out = new ArrayList<>();
        int parties = config.consortium().partyCount();
        for (int i = 0; i < config.consortium().nodeCount(); i++) {
            if (i != config.self().id()) {
                java.security.cert.X509Certificate cert = transport.peerCertificate(i);
                out.add(new PeerStatus(i, config.consortium().node(i).name(), i == parties ? "dealer" : "party",
                        transport.connected(i), cert == null ? null : Pki.daysLeft(cert)));
            }
        }
        return out;
    }

    @Override
    public void close() {
        health.close();
        transport.close();
        coordinator.close();
        jobs.close();
        LOG.info("node {} stopped", config.self().name());
    }
}
