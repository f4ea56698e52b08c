package org.consortia.mpc.node.jobs;

import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A job as one node sees it: state, phase, the parties that receive its result, the result (held only at
 * those parties' nodes), error or refusal, timings and costs. Persisted by the {@link JobStore} at every change.
 */
public final class JobRecord {
    public enum State { PROPOSED, RUNNING, SUCCEEDED, FAILED, REFUSED, CANCELLED }

    private final String id;
    private final JobSpec spec;
    private final int initiator;
    private final List<String> recipients;
    private final Instant started;
    private volatile State state = State.PROPOSED;
    private volatile String phase = "proposed";
    private volatile double[] result;
    private volatile String error;
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

    public String error() {
        return error;
    }

    public double[] result() {
        return result;
    }

    public boolean finished() {
        return state != State.PROPOSED && state != State.RUNNING;
    }

    void onChange(Runnable r) {
        this.onChange = r;
    }

    public void phase(String p) {
        this.phase = p;
    }

    public synchronized void running() {
        state = State.RUNNING;
        phase = "starting";
        onChange.run();
    }

    public synchronized void succeed(double[] r, double onlineMs, long bytes, long rnds) {
        this.result = r;
        this.onlineMillis = onlineMs;
        this.bytesSent = bytes;
        this.rounds = rnds;
        end(State.SUCCEEDED, null);
    }

    public synchronized void fail(String why) {
        end(State.FAILED, why);
    }

    public synchronized void refuse(String why) {
        end(State.REFUSED, why);
    }

    public synchronized void cancel(String why) {
        end(State.CANCELLED, why);
    }

    private void end(State s, String why) {
        if (finished()) {
            return;
        }
        this.error = why;
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

    /** The record without its result (which only {@code GET .../result} serves, to recipients' nodes). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject().put("id", id).put("spec", spec.toJson()).put("initiator", initiator)
                .put("recipients", new JsonArray(recipients)).put("state", state.name()).put("phase", phase)
                .put("started", started.toString()).put("hasResult", result != null);
        if (finished != null) {
            o.put("finished", finished.toString()).put("seconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1e3);
        }
        if (state == State.SUCCEEDED) {
            o.put("online_ms", onlineMillis).put("bytes_sent", bytesSent).put("rounds", rounds);
        }
        if (error != null) {
            o.put("error", error);
        }
        return o;
    }

    /** Everything, for the job store. */
    JsonObject toStored() {
        JsonObject o = toJson();
        if (result != null) {
            JsonArray a = new JsonArray();
            for (double v : result) {
                a.add(v);
            }
            o.put("result", a);
        }
        return o;
    }

    static JobRecord fromStored(JsonObject o) {
        List<String> rec = o.getJsonArray("recipients", new JsonArray()).stream().map(String::valueOf).toList();
        JobRecord r = new JobRecord(o.getString("id"), JobSpec.fromJson(o.getJsonObject("spec")), o.getInteger("initiator"), rec,
                Instant.parse(o.getString("started")));
        r.state = State.valueOf(o.getString("state"));
        r.phase = o.getString("phase", "");
        r.error = o.getString("error");
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
