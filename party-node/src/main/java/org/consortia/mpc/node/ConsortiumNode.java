package org.consortia.mpc.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.node.jobs.Analyses;
import org.consortia.mpc.node.jobs.JobRecord;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.netty.NettyTransport;
import org.consortia.mpc.runtime.session.JobRunner;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.json.JsonObject;

/**
 * One consortium member's running node (a party or the dealer): its TLS transport to every other node, and
 * the jobs it takes part in. A job submitted here gets a fresh session id and is announced to every other
 * node with a CONTROL frame; each node then runs its part on a virtual thread of its own (dry run for the
 * demand, offline phase, online phase). A failed job aborts on every node and leaves the node serving.
 */
public final class ConsortiumNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsortiumNode.class);
    private static final SecureRandom IDS = new SecureRandom();

    private final NodeConfig config;
    private final NettyTransport transport;
    private final FixedPoint fixedPoint;
    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();

    public ConsortiumNode(NodeConfig config, String tlsProvider) throws IOException {
        this.config = config;
        ConsortiumConfig c = config.consortium();
        this.fixedPoint = new FixedPoint(c.protocol().fractionalBits());
        TlsMaterial tls = TlsMaterial.load(config.privateKey(), config.certificate(), c.caCertificate());
        this.transport = NettyTransport.start(c, config.self().id(), tls, TlsMaterial.provider(tlsProvider));
        transport.router().controlHandler(this::onControl);
        for (var cert : new java.security.cert.X509Certificate[] {tls.certificate(), tls.ca()}) {
            long days = org.consortia.mpc.runtime.tls.Pki.daysLeft(cert);
            if (days < 30) {
                LOG.warn("certificate CN={} expires in {} days: renew it (mpc-node keygen) before it does",
                        org.consortia.mpc.runtime.tls.Pki.commonName(cert), days);
            }
        }
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < c.nodeCount(); i++) {
            if (i != config.self().id()) {
                peers.add(c.node(i).toString());
            }
        }
        LOG.info("peers: {}", String.join("; ", peers));
        LOG.info("node {} of consortium {} up: {} parties, dealer {}; security model: semi-honest parties, dishonest "
                + "majority (any n-1 may collude), dealer colluding with no party, mutual TLS with the consortium CA",
                config.self(), c.name(), c.partyCount(), c.dealer());
    }

    public NodeConfig config() {
        return config;
    }

    public NettyTransport transport() {
        return transport;
    }

    public Collection<JobRecord> jobs() {
        return jobs.values();
    }

    public JobRecord job(String id) {
        return jobs.get(id);
    }

    /** Starts a job on every node, with this party as initiator. */
    public JobRecord submit(JobSpec submitted) {
        JobSpec spec = submitted;
        if (config.isDealer()) {
            throw new IllegalArgumentException("jobs are submitted to a party node, not to the dealer");
        }
        spec = Analyses.prepare(spec, config);
        Analyses.create(spec, config); // validates the analysis name and parameters before anything is sent
        long session = IDS.nextLong() & Long.MAX_VALUE;
        if (session == 0) {
            session = 1;
        }
        JsonObject msg = new JsonObject().put("type", "job").put("session", session).put("spec", spec.toJson());
        long[] words = Frame.wordsOf(msg.encode().getBytes(StandardCharsets.UTF_8));
        JobRecord rec = start(session, spec, config.self().id());
        for (int node = 0; node < config.consortium().nodeCount(); node++) {
            if (node != config.self().id()) {
                try {
                    transport.send(node, new Frame(0, 0, FrameKind.CONTROL, config.self().id(), words));
                } catch (RuntimeException e) {
                    LOG.warn("job {}: could not announce to {}: {}", rec.id(), config.consortium().node(node), e.getMessage());
                }
            }
        }
        return rec;
    }

    private void onControl(Frame f) {
        try {
            JsonObject msg = new JsonObject(new String(Frame.bytesOf(f.payload()), StandardCharsets.UTF_8));
            if (!"job".equals(msg.getString("type"))) {
                LOG.warn("ignoring control message of type {} from node {}", msg.getString("type"), f.sender());
                return;
            }
            if (f.sender() >= config.consortium().partyCount()) {
                LOG.warn("ignoring a job announced by node {}, which is not a party", f.sender());
                return;
            }
            start(msg.getLong("session"), JobSpec.fromJson(msg.getJsonObject("spec")), f.sender());
        } catch (RuntimeException e) {
            LOG.warn("ignoring a malformed control message from node {}: {}", f.sender(), e.getMessage());
        }
    }

    private JobRecord start(long session, JobSpec spec, int initiator) {
        String id = Long.toHexString(session);
        JobRecord rec = new JobRecord(id, spec, initiator);
        if (jobs.putIfAbsent(id, rec) != null) {
            throw new IllegalStateException("job " + id + " exists already");
        }
        Thread.ofVirtual().name("job-" + id).start(() -> run(session, rec));
        return rec;
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
            LOG.info("job {} ({}) started by node {}: {}", rec.id(), rec.spec().analysis(), rec.toJson().getInteger("initiator"),
                    demand);
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
            LOG.info("job {} succeeded in {} ms ({} ms online, {} bytes sent, {} rounds){}", rec.id(),
                    (System.nanoTime() - t0) / 1_000_000, Math.round(onlineMs), ch.meter().onlineBytesSent(),
                    ch.meter().rounds(), result == null ? "" : "; result available here");
        } catch (Throwable e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            rec.fail(why);
            ch.abortAll(config.self().name() + " failed: " + why);
            LOG.warn("job {} failed in phase '{}': {}", rec.id(), ch.phase(), why);
        } finally {
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

    @Override
    public void close() {
        transport.close();
        LOG.info("node {} stopped", config.self().name());
    }
}
