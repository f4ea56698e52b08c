package org.consortia.mpc.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.node.jobs.Analyses;
import org.consortia.mpc.node.jobs.JobRecord;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.node.jobs.JobStore;
import org.consortia.mpc.node.policy.Policy;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.netty.NettyTransport;
import org.consortia.mpc.runtime.session.JobRunner;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One consortium member's running node (a party or the dealer): its TLS transport, its policy, job records
 * and audit log. A job submitted to any party is proposed to every other node (CONTROL frames); each checks
 * it against its own policy and votes; only when all accept does the initiator send START, and each node
 * runs its part on a virtual thread (dry run, offline, online). A refusal names the node and the rule and
 * nothing is computed. Results stay at the nodes of the parties the job names as recipients.
 */
public final class ConsortiumNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsortiumNode.class);
    private static final SecureRandom IDS = new SecureRandom();

    private final NodeConfig config;
    private final NettyTransport transport;
    private final FixedPoint fixedPoint;
    private final Policy policy;
    private final JobStore jobs;
    private final AuditLog audit;
    private final TlsMaterial tls;
    private final Map<String, Votes> votes = new ConcurrentHashMap<>();
    private final Map<String, Thread> running = new ConcurrentHashMap<>();

    /** Votes collected by the initiator of a proposal. */
    private static final class Votes {
        final CountDownLatch latch;
        final List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());

        Votes(int expected) {
            latch = new CountDownLatch(expected);
        }
    }

    public ConsortiumNode(NodeConfig config, String tlsProvider) throws IOException {
        this.config = config;
        ConsortiumConfig c = config.consortium();
        this.fixedPoint = new FixedPoint(c.protocol().fractionalBits());
        this.policy = config.policy() == null ? Policy.permissive() : Policy.load(config.policy());
        this.jobs = new JobStore(config.stateDir());
        this.audit = AuditLog.open(config.stateDir().resolve("audit.log"));
        this.tls = TlsMaterial.load(config.privateKey(), config.certificate(), c.caCertificate());
        this.transport = NettyTransport.start(c, config.self().id(), tls, TlsMaterial.provider(tlsProvider));
        transport.router().controlHandler(this::onControl);
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
        LOG.info("node {} of consortium {} up: {} parties, dealer {}; security model: semi-honest parties, dishonest "
                + "majority (any n-1 may collude), dealer colluding with no party, mutual TLS with the consortium CA",
                config.self(), c.name(), c.partyCount(), c.dealer());
        LOG.info("peers: {}", String.join("; ", peers));
        if (policy.isPermissive() && !config.isDealer()) {
            LOG.warn("no policy file: every analysis may use every dataset in {} and send results to any party", config.dataDir());
        }
        audit.append("node-started", new JsonObject().put("node", config.self().name()).put("policy",
                policy.isPermissive() ? "permissive default" : String.valueOf(config.policy())));
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

    public TlsMaterial tls() {
        return tls;
    }

    /** Proposes a job to every node, with this party as initiator; returns its record (PROPOSED, then more). */
    public JobRecord submit(JobSpec submitted, String requester) {
        if (config.isDealer()) {
            throw new IllegalArgumentException("jobs are submitted to a party node, not to the dealer");
        }
        JobSpec spec = Analyses.prepare(submitted, config);
        Analyses.create(spec, config); // validates the analysis name and parameters before anything is sent
        Analyses.Facts facts = Analyses.facts(spec, config.consortium());
        String own = vote(spec, facts);
        if (own != null) {
            throw new PolicyRefusal(config.self().name() + " refuses: " + own);
        }
        long session = (IDS.nextLong() & Long.MAX_VALUE) | 1;
        String id = Long.toHexString(session);
        JobRecord rec = jobs.add(new JobRecord(id, spec, config.self().id(), names(facts.recipients())));
        audit.append("job-proposed", new JsonObject().put("job", id).put("by", requester).put("spec", spec.toJson())
                .put("specSha256", sha256(spec.toJson().encode())));
        Votes v = new Votes(config.consortium().nodeCount() - 1);
        votes.put(id, v);
        broadcast(new JsonObject().put("type", "propose").put("session", session).put("spec", spec.toJson()));
        Thread.ofVirtual().name("vote-" + id).start(() -> decide(session, rec, v));
        return rec;
    }

    /** Thrown when a policy refuses a job. */
    public static final class PolicyRefusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PolicyRefusal(String message) {
            super(message);
        }
    }

    private void decide(long session, JobRecord rec, Votes v) {
        try {
            boolean all = v.latch.await(config.consortium().timeouts().connect().toMillis(), TimeUnit.MILLISECONDS);
            if (!all) {
                v.refusals.add("not every node answered within the connect timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            v.refusals.add("interrupted");
        }
        votes.remove(rec.id());
        if (v.refusals.isEmpty()) {
            broadcast(new JsonObject().put("type", "start").put("session", session));
            start(session, rec);
        } else {
            String why = String.join("; ", v.refusals);
            broadcast(new JsonObject().put("type", "reject").put("session", session).put("reason", why));
            rec.refuse(why);
            audit.append("job-refused", new JsonObject().put("job", rec.id()).put("reason", why));
            LOG.warn("job {} refused: {}", rec.id(), why);
        }
    }

    /** This node's verdict on a job: null to accept, or the refusal naming the rule. */
    private String vote(JobSpec spec, Analyses.Facts facts) {
        if (config.isDealer()) {
            return null;
        }
        String dataset = facts.inputs().get(config.self().id());
        List<String> inputs = dataset == null ? List.of() : List.of(dataset.split(","));
        for (String ds : inputs) {
            if (!ds.matches("[A-Za-z0-9._-]+")) {
                return "dataset name '" + ds + "' is not a plain name";
            }
        }
        List<String> mine = inputs.stream().map(d -> d.replaceFirst("\\.(csv|onnx)$", "")).toList();
        return policy.check(spec.analysis(), mine, facts.rows(), names(facts.recipients()), (int) jobs.running());
    }

    private List<String> names(List<Integer> parties) {
        return parties.stream().map(p -> config.consortium().node(p).name()).toList();
    }

    /** Cancels a job on every node (best effort: a node that already finished keeps its outcome). */
    public void cancel(String id, String requester) {
        JobRecord rec = jobs.get(id);
        if (rec == null) {
            throw new IllegalArgumentException("no job " + id);
        }
        broadcast(new JsonObject().put("type", "cancel").put("session", Long.parseUnsignedLong(id, 16)));
        cancelLocally(rec, "cancelled by " + requester);
    }

    private void cancelLocally(JobRecord rec, String why) {
        if (rec.finished()) {
            return;
        }
        rec.cancel(why);
        audit.append("job-cancelled", new JsonObject().put("job", rec.id()).put("reason", why));
        Thread t = running.get(rec.id());
        if (t != null) {
            t.interrupt();
        }
    }

    private void broadcast(JsonObject msg) {
        long[] words = Frame.wordsOf(msg.encode().getBytes(StandardCharsets.UTF_8));
        for (int node = 0; node < config.consortium().nodeCount(); node++) {
            if (node != config.self().id()) {
                send(node, words);
            }
        }
    }

    private void send(int node, long[] words) {
        try {
            transport.send(node, new Frame(0, 0, FrameKind.CONTROL, config.self().id(), words));
        } catch (RuntimeException e) {
            LOG.warn("could not send a control message to {}: {}", config.consortium().node(node), e.getMessage());
        }
    }

    private void onControl(Frame f) {
        JsonObject msg;
        try {
            msg = new JsonObject(new String(Frame.bytesOf(f.payload()), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("ignoring a malformed control message from node {}", f.sender());
            return;
        }
        // handlers may block (file writes), so they run off the event loop
        Thread.ofVirtual().start(() -> handle(f.sender(), msg));
    }

    private void handle(int sender, JsonObject msg) {
        try {
            long session = msg.getLong("session");
            String id = Long.toHexString(session);
            switch (String.valueOf(msg.getString("type"))) {
                case "propose" -> {
                    if (sender >= config.consortium().partyCount()) {
                        LOG.warn("ignoring a job proposed by node {}, which is not a party", sender);
                        return;
                    }
                    JobSpec spec = JobSpec.fromJson(msg.getJsonObject("spec"));
                    Analyses.Facts facts = Analyses.facts(spec, config.consortium());
                    String refusal = vote(spec, facts);
                    if (refusal == null) {
                        jobs.add(new JobRecord(id, spec, sender, names(facts.recipients())));
                    }
                    audit.append("job-vote", new JsonObject().put("job", id).put("initiator", config.consortium().node(sender).name())
                            .put("spec", spec.toJson()).put("accept", refusal == null).put("reason", refusal));
                    JsonObject vote = new JsonObject().put("type", "vote").put("session", session).put("accept", refusal == null)
                            .put("reason", refusal == null ? null : config.self().name() + " refuses: " + refusal);
                    send(sender, Frame.wordsOf(vote.encode().getBytes(StandardCharsets.UTF_8)));
                }
                case "vote" -> {
                    Votes v = votes.get(id);
                    if (v != null) {
                        if (!msg.getBoolean("accept", false)) {
                            v.refusals.add(msg.getString("reason", config.consortium().node(sender).name() + " refuses"));
                        }
                        v.latch.countDown();
                    }
                }
                case "start" -> {
                    JobRecord rec = jobs.get(id);
                    if (rec != null && rec.initiator() == sender && !rec.finished()) {
                        start(session, rec);
                    }
                }
                case "reject" -> {
                    JobRecord rec = jobs.get(id);
                    if (rec != null) {
                        rec.refuse(msg.getString("reason"));
                        audit.append("job-refused", new JsonObject().put("job", id).put("reason", msg.getString("reason")));
                    }
                }
                case "cancel" -> {
                    JobRecord rec = jobs.get(id);
                    if (rec != null) {
                        cancelLocally(rec, "cancelled by " + config.consortium().node(sender).name());
                    }
                }
                default -> LOG.warn("ignoring a control message of type {} from node {}", msg.getString("type"), sender);
            }
        } catch (RuntimeException e) {
            LOG.warn("ignoring a control message from node {}: {}", sender, e.getMessage());
        }
    }

    private void start(long session, JobRecord rec) {
        rec.running();
        audit.append("job-started", new JsonObject().put("job", rec.id()));
        Thread t = Thread.ofVirtual().name("job-" + rec.id()).unstarted(() -> run(session, rec));
        running.put(rec.id(), t);
        t.start();
    }

    private void run(long session, JobRecord rec) {
        ConsortiumConfig c = config.consortium();
        int self = config.self().id();
        SessionChannel ch = new SessionChannel(transport, session, c.partyCount(), c.timeouts().round());
        long t0 = System.nanoTime();
        try {
            rec.phase("demand discovery");
            JointProgram<double[]> program = Analyses.create(rec.spec(), config);
            FixedPoint fp = rec.spec().params().containsKey("fractionalBits")
                    ? new FixedPoint(rec.spec().intParam("fractionalBits", fixedPoint.fracBits())) : fixedPoint;
            Demand demand = JobRunner.discoverDemand(program, self, c.partyCount(), fp);
            LOG.info("job {} ({}) started by {}: {}", rec.id(), rec.spec().analysis(), c.node(rec.initiator()).name(), demand);
            rec.phase("offline");
            double[] result = null;
            long[] online = new long[1];
            if (config.isDealer()) {
                JobRunner.dealer(ch, demand);
            } else {
                result = JobRunner.party(ch, demand, program, fp, () -> {
                    rec.phase("online");
                    online[0] = System.nanoTime();
                });
            }
            double onlineMs = online[0] == 0 ? 0 : (System.nanoTime() - online[0]) / 1e6;
            rec.succeed(result, onlineMs, ch.meter().onlineBytesSent(), ch.meter().rounds());
            audit.append("job-finished", new JsonObject().put("job", rec.id()).put("outcome", "succeeded")
                    .put("revealedTo", new JsonArray(rec.recipients())).put("resultHere", result != null)
                    .put("bytesSent", ch.meter().onlineBytesSent()).put("seconds", (System.nanoTime() - t0) / 1e9));
            LOG.info("job {} succeeded in {} ms ({} ms online, {} bytes sent, {} rounds){}", rec.id(),
                    (System.nanoTime() - t0) / 1_000_000, Math.round(onlineMs), ch.meter().onlineBytesSent(),
                    ch.meter().rounds(), result == null ? "" : "; result available here");
        } catch (Throwable e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            boolean cancelled = rec.state() == JobRecord.State.CANCELLED;
            if (!cancelled) {
                rec.fail(why);
                audit.append("job-finished", new JsonObject().put("job", rec.id()).put("outcome", "failed").put("error", why));
                LOG.warn("job {} failed in phase '{}': {}", rec.id(), ch.phase(), why);
            }
            ch.abortAll(config.self().name() + (cancelled ? " cancelled the job" : " failed: " + why));
        } finally {
            running.remove(rec.id());
            ch.close();
        }
    }

    /** One line per peer: connected or not. */
    public List<String> peerStatus() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < config.consortium().nodeCount(); i++) {
            if (i != config.self().id()) {
                out.add(config.consortium().node(i).name() + ": " + (transport.connected(i) ? "connected" : "not connected"));
            }
        }
        return out;
    }

    static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        transport.close();
        LOG.info("node {} stopped", config.self().name());
    }
}
