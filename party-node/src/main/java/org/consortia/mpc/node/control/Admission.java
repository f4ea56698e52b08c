package org.consortia.mpc.node.control;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.consortia.mpc.config.ComparisonMode;
import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.SecureInference;
import org.consortia.mpc.inference.trees.TreeEnsemble;
import org.consortia.mpc.inference.trees.TreeImport;
import org.consortia.mpc.node.analysis.Analysis;
import org.consortia.mpc.node.analysis.AnalysisParser;
import org.consortia.mpc.node.analysis.DataDir;
import org.consortia.mpc.node.analysis.Facts;
import org.consortia.mpc.node.analysis.FactsTracer;
import org.consortia.mpc.node.analysis.InferenceJob;
import org.consortia.mpc.node.analysis.SpecException;
import org.consortia.mpc.node.jobs.ArchitectureJson;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.node.policy.Policy;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.auth.AuthRing;
import org.consortia.mpc.runtime.ot.OtCost;
import org.consortia.mpc.runtime.session.ComparisonChoice;
import org.consortia.mpc.runtime.transport.Transport;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node checks of a job before it proposes it or votes on it, in the order the coordinator asks: the spec
 * resolved at the submitter (the model owner's architecture, the consortium's modes written in, {@code comparisons:
 * auto} by this node's measured round trip), its offline, comparison and security modes, its memory bound against this
 * node's {@code jobMemory}, the trace of its facts (bounded by the cores), and its dealer-free material's cost. Every
 * refusal is a {@link SpecException} naming the field (or {@link Unavailable}, {@link PolicyRefusal}); no check reads a
 * member's data but the model owner's own model.
 */
final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private final NodeConfig config;
    private final Transport transport;
    private final Supplier<Policy> policy;
    private final DataDir dataDir;
    /** Jobs whose traced facts are being derived now: tracing is bounded by the cores, not by the proposals. */
    private final Semaphore tracing = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));

    Admission(NodeConfig config, Transport transport, Supplier<Policy> policy, DataDir dataDir) {
        this.config = config;
        this.transport = transport;
        this.policy = policy;
        this.dataDir = dataDir;
    }

    /**
     * At the model owner, an inference job gains its model's architecture (shapes, no weights), so the other
     * parties never need the weights. A model that cannot be read is a bad {@code model} field.
     */
    JobSpec prepare(JobSpec spec) {
        if (!spec.analysis().equals("inference") || spec.params().containsKey("architecture")) {
            return spec;
        }
        InferenceJob job = (InferenceJob) AnalysisParser.parse(spec, config.consortium().memberNames(),
                policy.get().limits());
        if (job.modelOwner() != config.selfId()) {
            throw new SpecException("modelOwner", "this node (party " + config.selfId() + "): submit an inference job to the "
                    + "model owner, which announces the model's architecture");
        }
        String exposed = policy.get().exposes(job.model(), Facts.Kind.MODEL, "inference");
        if (exposed != null) { // before the file is touched: a refusal must not tell whether it exists
            throw new PolicyRefusal(config.self().name() + " refuses: " + exposed);
        }
        java.nio.file.Path file = dataDir.resolve(job.model(), ".onnx");
        if (TreeImport.isTreeEnsemble(file)) { // announces the shape only
            TreeEnsemble trees;
            try {
                int depth = AnalysisParser.treeDepth(spec);
                trees = TreeImport.load(file, depth);
            } catch (RuntimeException e) {
                LOG.warn("inference job refused at submission: model {}: {}", job.model(), e.getMessage());
                throw new SpecException("model", "a readable tree ensemble within the announced depth (param depth) in this "
                        + "node's data directory");
            }
            Map<String, String> p = new TreeMap<>(spec.params());
            p.put("architecture", ArchitectureJson.encodeTrees(trees.shape()).encode());
            return new JobSpec(spec.analysis(), p);
        }
        Model m;
        try {
            m = OnnxImport.load(file);
        } catch (RuntimeException e) {
            LOG.warn("inference job refused at submission: model {}: {}", job.model(), e.getMessage());
            throw new SpecException("model", "a readable model of a supported kind in this node's data directory");
        }
        Map<String, String> p = new TreeMap<>(spec.params());
        p.put("architecture", ArchitectureJson.encode(m).encode());
        if (!p.containsKey("microBatch")) { // sized from this node's jobMemory; a job may set it itself
            p.put("microBatch", String.valueOf(SecureInference.microBatchFor(m, job.rows(),
                    inferenceMemory(AnalysisParser.security(spec, config.consortium().protocol().security())))));
        }
        return new JobSpec(spec.analysis(), p);
    }


    /**
     * The spec with its {@code offline} and {@code security} modes resolved (the consortium's defaults where it names
     * none), so that the modes are hashed, voted on and audited with the job, whatever the other members' files say.
     */
    JobSpec withOffline(JobSpec spec) {
        // a program and a gbdt job are checked at their fractional bits (a program's constants and costs, the trees'
        // fixed-point range): the consortium's, stated in the spec, where the spec sets none
        boolean bits = (spec.analysis().equals("program") || spec.analysis().equals("gbdt"))
                && !spec.params().containsKey("fractionalBits");
        if (spec.params().containsKey("offline") && spec.params().containsKey("security") && !bits) {
            return spec;
        }
        Map<String, String> p = new TreeMap<>(spec.params());
        p.putIfAbsent("offline", config.consortium().protocol().offline().word());
        p.putIfAbsent("security", config.consortium().protocol().security().word());
        if (bits) {
            p.put("fractionalBits", String.valueOf(config.consortium().protocol().fractionalBits()));
        }
        return new JobSpec(spec.analysis(), p);
    }


    /**
     * A job whose comparisons are {@code auto} (its own field, or the consortium's) where function secret sharing can
     * run: resolved here by the round trip this node measured to the other party, and written into the spec, so that
     * the vote and every member's run see one mode (no other member can measure this node's link).
     */
    JobSpec withComparisons(JobSpec spec, OfflineMode offline) {
        if (!ComparisonChoice.applies(config.consortium(), offline)
                || AnalysisParser.comparisons(spec, config.consortium().protocol().comparisons())
                        != ComparisonMode.AUTO) {
            return spec;
        }
        int other = config.selfId() == 0 ? 1 : 0;
        long rtt = transport.rttNanos(other);
        var mode = ComparisonChoice.byRoundTrip(config.consortium(), offline, rtt);
        LOG.info("comparisons auto: {} (round trip to {}: {})", ComparisonChoice.word(mode),
                config.nodeName(other), rtt < 0 ? "not measured yet; by the hosts" : String.format("%.2f ms", rtt / 1e6));
        Map<String, String> p = new TreeMap<>(spec.params());
        p.put("comparisons", ComparisonChoice.word(mode));
        return new JobSpec(spec.analysis(), p);
    }


    FactsTracer.Traced trace(Analysis analysis, int bits, Comparisons comparisons,
            boolean wait) {
        try {
            if (!tracing.tryAcquire(wait ? config.consortium().timeouts().connect().toMillis() : 0, TimeUnit.MILLISECONDS)) {
                // 503 at the API, a refusal in a vote
                throw new Unavailable(config.self().name() + " is busy deriving the facts of other jobs");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(config.self().name() + " is stopping");
        }
        try {
            return FactsTracer.trace(analysis, config.consortium().partyCount(), new FixedPoint(bits),
                    comparisons);
        } catch (java.util.concurrent.CancellationException e) { // interrupted: the node is stopping, not a bad spec
            throw new Unavailable(config.self().name() + " is stopping");
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) { // a refusal, never a lost vote
            LOG.warn("could not trace the facts of a {} job: {}", analysis.name(), e.toString());
            throw new SpecException("(analysis)", "a job whose program can be traced (shapes consistent with the parameters)");
        } finally {
            tracing.release();
        }
    }


    /**
     * The job's memory bound from its spec ({@link Analysis#footprint}) against this node's {@code jobMemory}, before
     * the trace allocates anything: a refusal names the parameter that drives it. Returns the bound (0: none).
     */
    long fitsJobMemory(Analysis analysis, int bits) {
        Analysis.Footprint f;
        try {
            f = analysis.footprint(config.consortium().partyCount(), bits);
        } catch (RuntimeException e) {
            throw new SpecException("epsilon", "a larger epsilon or delta (the noise needed is over the mechanism's limit)");
        }
        if (f != null && f.bytes() > config.jobMemoryBytes()) {
            LOG.warn("refusing a {} job: it needs about {} MiB, jobMemory is {} MiB", analysis.name(), f.bytes() >> 20,
                    config.jobMemoryBytes() >> 20);
            throw new SpecException(f.field(), "a job within this node's jobMemory (" + (config.jobMemoryBytes() >> 20)
                    + " MiB; it needs about " + (f.bytes() >> 20) + " MiB)");
        }
        return f == null ? 0 : f.bytes();
    }


    /**
     * A job whose correlated randomness the parties make by OT: its working memory, beside the program's own
     * {@code footprint}, against this node's {@code jobMemory}, and its traffic, at the generator's measured rate
     * ({@link OtCost}), against the policy's {@code limits.maxOfflineSeconds}, before the node votes. The dealer makes
     * nothing in this mode.
     */
    void otFits(Demand demand, OfflineMode offline, long footprint) {
        if (offline != OfflineMode.OT || config.isDealer()) {
            return;
        }
        OtCost.Estimate e = OtCost.of(demand, config.consortium().partyCount());
        int maxSeconds = policy.get().limits().maxOfflineSeconds();
        if (e.workingBytes() + footprint > config.jobMemoryBytes() || e.seconds() > maxSeconds) { // beside the program
            LOG.warn("refusing a job in offline mode ot: its material needs about {} MiB of working memory (jobMemory {} MiB) "
                    + "and {} GB sent per party (about {} s; at most {} s)", e.workingBytes() >> 20,
                    config.jobMemoryBytes() >> 20, e.bytesSent() / 1e9, Math.round(e.seconds()), maxSeconds);
            throw new SpecException("offline", "dealer, or a smaller job: its dealer-free material needs about "
                    + (e.workingBytes() >> 20) + " MiB of working memory (jobMemory " + (config.jobMemoryBytes() >> 20)
                    + " MiB) and " + Math.round(e.seconds()) + " s to make (limits.maxOfflineSeconds: " + maxSeconds + ")");
        }
    }


    OfflineMode offline(JobSpec spec) {
        return offline(spec, config.consortium());
    }


    /**
     * How a job's comparisons run: its {@code comparisons} field, else the consortium's, resolved alike at every node;
     * a job that asks for fss where it cannot run (not 2 parties with the dealer's material) is a bad field.
     */
    Comparisons comparisons(JobSpec spec, OfflineMode offline) {
        var requested = AnalysisParser.comparisons(spec, config.consortium().protocol().comparisons());
        String asked = spec.params().get("comparisons");
        if (asked != null && !asked.isBlank() && requested == ComparisonMode.FSS
                && !ComparisonChoice.applies(config.consortium(), offline)) {
            throw new SpecException("comparisons", "boolean or auto: fss runs between 2 parties with the dealer's material");
        }
        return ComparisonChoice.of(config.consortium(), offline, requested);
    }


    /**
     * Where a job's correlated randomness comes from: its {@code offline} parameter, else the consortium's. A job that
     * asks for the dealer in a consortium without one, or for oblivious transfer in a consortium of more parties than
     * its links allow ({@link OfflineMode#OT_MAX_PARTIES}), is a bad {@code offline} field: refused at submission and
     * in the vote, before the job runs.
     */
    static OfflineMode offline(JobSpec spec, ConsortiumConfig consortium) {
        OfflineMode mode = AnalysisParser.offline(spec, consortium.protocol().offline());
        if (mode == OfflineMode.DEALER && !consortium.hasDealer()) {
            throw new SpecException("offline", "ot: this consortium has no dealer");
        }
        if (mode == OfflineMode.OT && consortium.partyCount() > OfflineMode.OT_MAX_PARTIES) {
            throw new SpecException("offline", "dealer: oblivious transfer links at most " + OfflineMode.OT_MAX_PARTIES
                    + " parties");
        }
        return mode;
    }


    /**
     * Against whom a job is secure: its {@code security} parameter, else the consortium's. Malicious security needs the
     * dealer's authenticated material (not {@code offline: ot}).
     */
    static SecurityMode security(JobSpec spec, ConsortiumConfig consortium, OfflineMode offline) {
        SecurityMode mode = AnalysisParser.security(spec, consortium.protocol().security());
        if (mode == SecurityMode.MALICIOUS && offline == OfflineMode.OT) {
            throw new SpecException("security", ProtocolParameters.MALICIOUS_NEEDS_DEALER);
        }
        return mode;
    }


    /**
     * A malicious job whose program cannot run on authenticated shares yet ({@link Analysis#runsMalicious()}) is a bad
     * {@code security} field, refused before the trace: a consortium that asks for malicious security never gets less
     * silently.
     */
    static void runsIn(SecurityMode mode, Analysis analysis) {
        if (mode == SecurityMode.MALICIOUS && !analysis.runsMalicious()) {
            throw new SpecException("security", "semi-honest: " + analysis.name() + " jobs do not run in malicious mode "
                    + "yet (inference, linear and logistic regression, programs without joins, groups or DP releases, "
                    + "the DP sums, means and histograms, secure-sum and matmul-loop do)");
        }
    }


    /**
     * The node's jobMemory as semi-honest inference bytes: in malicious mode every element takes
     * {@code AuthRing}'s four words where semi-honest mode takes one, so micro-batches are a quarter the size (the word
     * ratio, not a measurement of malicious mode's peak; comparisons there run in chunks of their own).
     */
    long inferenceMemory(SecurityMode mode) {
        return config.jobMemoryBytes() / (mode == SecurityMode.MALICIOUS
                ? AuthRing.INSTANCE.width() : 1);
    }
}
