package org.consortia.mpc.node.jobs;

import java.time.Instant;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A job as one node sees it: its state, result (at result parties only), error, timings and costs. */
public final class JobRecord {
    public enum State { RUNNING, SUCCEEDED, FAILED }

    private final String id;
    private final JobSpec spec;
    private final int initiator;
    private final Instant started = Instant.now();
    private volatile State state = State.RUNNING;
    private volatile String phase = "starting";
    private volatile double[] result;
    private volatile String error;
    private volatile Instant finished;
    private volatile double onlineMillis;
    private volatile long bytesSent;
    private volatile long rounds;

    public JobRecord(String id, JobSpec spec, int initiator) {
        this.id = id;
        this.spec = spec;
        this.initiator = initiator;
    }

    public String id() {
        return id;
    }

    public JobSpec spec() {
        return spec;
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

    public void phase(String p) {
        this.phase = p;
    }

    public synchronized void succeed(double[] r, double onlineMs, long bytes, long rnds) {
        this.result = r;
        this.onlineMillis = onlineMs;
        this.bytesSent = bytes;
        this.rounds = rnds;
        this.finished = Instant.now();
        this.state = State.SUCCEEDED;
        notifyAll();
    }

    public synchronized void fail(String why) {
        this.error = why;
        this.finished = Instant.now();
        this.state = State.FAILED;
        notifyAll();
    }

    /** Waits until the job ends or the timeout passes; returns the state. */
    public synchronized State await(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (state == State.RUNNING && System.currentTimeMillis() < end) {
            wait(Math.max(1, end - System.currentTimeMillis()));
        }
        return state;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject().put("id", id).put("spec", spec.toJson()).put("initiator", initiator)
                .put("state", state.name()).put("phase", phase).put("started", started.toString());
        if (finished != null) {
            o.put("finished", finished.toString()).put("seconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1e3);
        }
        if (state == State.SUCCEEDED) {
            o.put("online_ms", onlineMillis).put("bytes_sent", bytesSent).put("rounds", rounds);
        }
        if (result != null) {
            JsonArray a = new JsonArray();
            for (double v : result) {
                a.add(v);
            }
            o.put("result", a);
        }
        if (error != null) {
            o.put("error", error);
        }
        return o;
    }

    @Override
    public String toString() {
        return "Job[" + id + ", " + spec.analysis() + ", " + state + "]";
    }
}
