package org.consortia.mpc.node.jobs;

import java.time.Instant;
import java.util.List;

import org.consortia.mpc.node.analysis.ErrorCode;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A job as one node sees it: state, phase, the SHA-256 of its canonical spec, the parties that receive its
 * result, the result (held only at those parties' nodes), the failure or refusal, timings and costs. A failure
 * is a {@link Failure} (code, phase, party) that any client may read; its local detail is kept for this node's
 * operators ({@link #detail()}, the job store) and never served to remote clients. Persisted by the
 * {@link JobStore} at every change.
 */
public final class JobRecord {
    public enum State { PROPOSED, RUNNING, SUCCEEDED, FAILED, REFUSED, CANCELLED }

    /** What may cross a node boundary about a failure: a code, the phase and the party where it arose. */
    public record Failure(ErrorCode code, String phase, String party) {
        public JsonObject toJson() {
            return new JsonObject().put("code", code.name()).put("phase", phase).put("party", party);
        }

        static Failure fromJson(JsonObject o) {
            return new Failure(ErrorCode.parse(o.getString("code")), o.getString("phase", ""), o.getString("party", ""));
        }
    }

    private final String id;
    private final JobSpec spec;
    private final String specSha256;
    private final int initiator;
    private final List<String> recipients;
    private final Instant started;
    private volatile State state = State.PROPOSED;
    private volatile String phase = "proposed";
    private volatile double[] result;
    private volatile java.util.function.Supplier<double[]> resultLoader;
    private volatile Failure failure;
    private volatile String detail;
    private volatile String refusal;
    private volatile Instant finished;
    private volatile double onlineMillis;
    private volatile long bytesSent;
    private volatile long rounds;
    private volatile Runnable onChange = () -> { };

    public JobRecord(String id, JobSpec spec, int initiator, List<String> recipients) {
        this(id, spec, initiator, recipients, Instant.now());
    }

    private JobRecord(String id, JobSpec spec, int initiator, List<String> recipients, Instant started) {
        this.id = id;
        this.spec = spec;
        this.specSha256 = spec.sha256();
        this.initiator = initiator;
        this.recipients = List.copyOf(recipients);
        this.started = started;
    }

    public String id() {
        return id;
    }

    public JobSpec spec() {
        return spec;
    }

    public int initiator() {
        return initiator;
    }

    public List<String> recipients() {
        return recipients;
    }

    public State state() {
        return state;
    }

    /** When this node first recorded the job. */
    public Instant started() {
        return started;
    }

    public String specSha256() {
        return specSha256;
    }

    public String phase() {
        return phase;
    }

    /** The failure (code, phase, party), or {@code null}. */
    public Failure failure() {
        return failure;
    }

    /** The local detail of a failure or a cancellation: for this node's operators only. */
    public String detail() {
        return detail;
    }

    /** Why the job was refused (the refusing nodes and their rules), or {@code null}. */
    public String refusal() {
        return refusal;
    }

    /** The result at a recipient's node (read from the job store's result file after a restart), or {@code null}. */
    public double[] result() {
        double[] r = result;
        if (r == null && resultLoader != null) {
            r = resultLoader.get();
        }
        return r;
    }

    /** Whether this node holds a result of the job. */
    public boolean hasResult() {
        return result != null || resultLoader != null;
    }

    /** Where a stored result comes from after a restart (the record itself keeps none). */
    void resultLoader(java.util.function.Supplier<double[]> loader) {
        this.resultLoader = loader;
    }

    public boolean finished() {
        return state != State.PROPOSED && state != State.RUNNING;
    }

    void onChange(Runnable r) {
        this.onChange = r;
    }

    /** Moves the job to phase {@code p}, persisted (so a restart tells the phase the job was really in). */
    public synchronized void phase(String p) {
        if (!p.equals(phase) && !finished()) {
            this.phase = p;
            onChange.run();
        }
    }

    /** Marks the job running; {@code false} if it already ended (cancelled, refused) and must not start. */
    public synchronized boolean running() {
        if (finished()) {
            return false;
        }
        state = State.RUNNING;
        phase = "starting";
        onChange.run();
        return true;
    }

    public synchronized void succeed(double[] r, double onlineMs, long bytes, long rnds) {
        if (finished()) {
            return; // cancelled meanwhile: the result is dropped
        }
        this.result = r;
        this.onlineMillis = onlineMs;
        this.bytesSent = bytes;
        this.rounds = rnds;
        end(State.SUCCEEDED);
    }

    /** Fails the job with what may be shown to anyone, and the local detail. */
    public synchronized void fail(Failure f, String localDetail) {
        if (!finished()) {
            this.failure = f;
            this.detail = localDetail;
        }
        end(State.FAILED);
    }

    public synchronized void refuse(String why) {
        if (!finished()) {
            this.refusal = why;
        }
        end(State.REFUSED);
    }

    public synchronized void cancel(Failure f, String localDetail) {
        if (!finished()) {
            this.failure = f;
            this.detail = localDetail;
        }
        end(State.CANCELLED);
    }

    private void end(State s) {
        if (finished()) {
            return;
        }
        this.finished = Instant.now();
        this.state = s;
        onChange.run();
        notifyAll();
    }

    /** Waits until the job ends or the timeout passes; returns the state. */
    public synchronized State await(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!finished() && System.currentTimeMillis() < end) {
            wait(Math.max(1, end - System.currentTimeMillis()));
        }
        return state;
    }

    /**
     * The record as any authorised client may see it: without its result (which only {@code GET .../result}
     * serves, on recipients' nodes) and without the local detail of a failure.
     */
    public JsonObject toJson() {
        JsonObject o = new JsonObject().put("id", id).put("spec", spec.toJson()).put("specSha256", specSha256)
                .put("initiator", initiator)
                .put("recipients", new JsonArray(recipients)).put("state", state.name()).put("phase", phase)
                .put("started", started.toString()).put("hasResult", hasResult());
        if (finished != null) {
            o.put("finished", finished.toString()).put("seconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1e3);
        }
        if (state == State.SUCCEEDED) {
            o.put("online_ms", onlineMillis).put("bytes_sent", bytesSent).put("rounds", rounds);
        }
        if (failure != null) {
            o.put("error", failure.toJson());
        }
        if (refusal != null) {
            o.put("refusal", refusal);
        }
        return o;
    }

    /** As {@link #toJson()} with the local detail of a failure, for this node's own operators. */
    public JsonObject toLocalJson() {
        JsonObject o = toJson();
        if (detail != null) {
            o.put("detail", detail);
        }
        return o;
    }

    /** Everything but the result (which the job store keeps in a file of its own), for the job store. */
    JsonObject toStored() {
        return toLocalJson();
    }

    /** The result as JSON, for the job store's result file. */
    JsonArray resultJson() {
        JsonArray a = new JsonArray();
        for (double v : result) {
            a.add(v);
        }
        return a;
    }

    static JobRecord fromStored(JsonObject o) {
        List<String> rec = o.getJsonArray("recipients", new JsonArray()).stream().map(String::valueOf).toList();
        JobRecord r = new JobRecord(o.getString("id"), JobSpec.fromJson(o.getJsonObject("spec")), o.getInteger("initiator"), rec,
                Instant.parse(o.getString("started")));
        r.state = State.valueOf(o.getString("state"));
        r.phase = o.getString("phase", "");
        Object err = o.getValue("error");
        r.failure = err instanceof JsonObject e ? Failure.fromJson(e) : err == null ? null
                : new Failure(ErrorCode.INTERNAL, r.phase, "");
        r.detail = o.getString("detail", err instanceof String s ? s : null);
        r.refusal = o.getString("refusal");
        r.finished = o.containsKey("finished") ? Instant.parse(o.getString("finished")) : null;
        r.onlineMillis = o.getDouble("online_ms", 0.0);
        r.bytesSent = o.getLong("bytes_sent", 0L);
        r.rounds = o.getLong("rounds", 0L);
        JsonArray a = o.getJsonArray("result");
        if (a != null) {
            r.result = a.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }
        return r;
    }

    @Override
    public String toString() {
        return "Job[" + id + ", " + spec.analysis() + ", " + state + "]";
    }
}
