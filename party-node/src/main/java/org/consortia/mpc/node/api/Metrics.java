package org.consortia.mpc.node.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.consortia.mpc.node.ConsortiumNode;
import org.consortia.mpc.node.jobs.JobRecord;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * A node's metrics through the Prometheus Java client (1.x), every series labelled with the node's name: the client's
 * JVM and process metrics ({@code jvm_*}, {@code process_*}: memory pools, GC, threads, classes, CPU, resident memory,
 * file descriptors), the job API's requests ({@code http_server_request_duration_seconds} by method, route and status),
 * and the node's own: jobs by state, failures, online bytes and rounds, a histogram of job durations, per peer the
 * connection and the bytes each way, open sessions, dropped frames, state health, the certificate's expiry. Job counts
 * and totals are read from the node's durable job records (so they survive a restart and never go back); a finished
 * job's duration is observed once, the first scrape after it finished. Checked with {@code promtool check metrics}.
 */
final class Metrics {
    /** Upper bounds of the job-duration histogram, in seconds. */
    static final double[] DURATION_BUCKETS = {0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 7200};
    /** Upper bounds of the request-duration histogram, in seconds. */
    static final double[] REQUEST_BUCKETS = {0.005, 0.025, 0.1, 0.5, 2.5, 10};

    private final ConsortiumNode node;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram durations;
    private final Histogram requests;
    private final Set<String> observed = new HashSet<>();
    /** The job records' totals, read once per scrape (the callbacks below run inside {@link #render}). */
    private Jobs jobs = new Jobs(new EnumMap<>(JobRecord.State.class), 0, 0);

    /** Jobs by state and the online bytes and rounds of finished jobs, from one pass over the records. */
    private record Jobs(Map<JobRecord.State, Integer> byState, long bytes, long rounds) {
    }

    Metrics(ConsortiumNode node) {
        this.node = node;
        Labels self = Labels.of("node", node.config().self().name());
        JvmMetrics.builder().constLabels(self).register(registry);
        durations = Histogram.builder().name("mpc_job_duration_seconds").help("Wall time of finished jobs.").classicOnly()
                .classicUpperBounds(DURATION_BUCKETS).constLabels(self).register(registry);
        requests = Histogram.builder().name("http_server_request_duration_seconds").help("Requests to the job API.")
                .classicOnly().classicUpperBounds(REQUEST_BUCKETS).labelNames("method", "route", "status").constLabels(self)
                .register(registry);
        GaugeWithCallback.builder().name("mpc_jobs").help("Jobs this node knows, by state.").labelNames("state").constLabels(self)
                .callback(cb -> {
                    for (JobRecord.State s : JobRecord.State.values()) {
                        cb.call(jobs.byState().getOrDefault(s, 0), s.name().toLowerCase(Locale.ROOT));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("mpc_job_failures_total").help("Jobs that failed.").constLabels(self)
                .callback(cb -> cb.call(jobs.byState().getOrDefault(JobRecord.State.FAILED, 0))).register(registry);
        CounterWithCallback.builder().name("mpc_job_sent_bytes_total").help("Online bytes this node sent in finished jobs.")
                .constLabels(self).callback(cb -> cb.call(jobs.bytes())).register(registry);
        CounterWithCallback.builder().name("mpc_job_rounds_total").help("Online rounds of finished jobs.").constLabels(self)
                .callback(cb -> cb.call(jobs.rounds())).register(registry);
        var c = node.config().consortium();
        int me = node.config().self().id();
        GaugeWithCallback.builder().name("mpc_peer_connected").help("Whether the connection to each other member is up (1) or "
                + "not (0).").labelNames("peer").constLabels(self).callback(cb -> {
                    for (int i = 0; i < c.nodeCount(); i++) {
                        if (i != me) {
                            cb.call(node.transport().connected(i) ? 1 : 0, c.node(i).name());
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("mpc_peer_sent_bytes_total").help("Frame bytes sent to each other member.")
                .labelNames("peer").constLabels(self).callback(cb -> {
                    for (int i = 0; i < c.nodeCount(); i++) {
                        if (i != me) {
                            cb.call(node.transport().bytesSentTo(i), c.node(i).name());
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("mpc_peer_received_bytes_total").help("Frame bytes received from each other member.")
                .labelNames("peer").constLabels(self).callback(cb -> {
                    for (int i = 0; i < c.nodeCount(); i++) {
                        if (i != me) {
                            cb.call(node.transport().bytesReceivedFrom(i), c.node(i).name());
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("mpc_frames_dropped_total").help("Frames dropped because their session was not "
                + "expected.").constLabels(self).callback(cb -> cb.call(node.transport().router().droppedFrames())).register(registry);
        GaugeWithCallback.builder().name("mpc_open_sessions").help("Sessions with a mailbox.").constLabels(self)
                .callback(cb -> cb.call(node.transport().router().openSessions())).register(registry);
        GaugeWithCallback.builder().name("mpc_state_writable").help("Whether the node can write its state directory (0: it "
                + "refuses new jobs).").constLabels(self).callback(cb -> cb.call(node.health().writable() ? 1 : 0)).register(registry);
        CounterWithCallback.builder().name("mpc_state_records_set_aside_total").help("Torn or malformed state records moved "
                + "aside at start-up.").constLabels(self).callback(cb -> cb.call(node.health().setAsideRecords())).register(registry);
        GaugeWithCallback.builder().name("mpc_certificate_expiry_seconds").help("Seconds until this node's certificate "
                + "expires.").constLabels(self).callback(cb -> cb.call((node.tls().certificate().getNotAfter().getTime()
                        - System.currentTimeMillis()) / 1000.0)).register(registry);
        GaugeWithCallback.builder().name("mpc_heap_live_after_gc_bytes").help("Heap live after the last collection of each "
                + "heap pool, summed.").constLabels(self).callback(cb -> cb.call(liveAfterGc())).register(registry);
    }

    /** The method as a label: one of the API's, else OTHER (a client may send any token; labels stay few). */
    static String method(String m) {
        return switch (m) {
            case "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS" -> m;
            default -> "OTHER";
        };
    }

    /** A request to the job API: its method, the route it matched (a pattern, never a job id), status and duration. */
    void request(String method, String route, int status, double seconds) {
        requests.labelValues(method, route, String.valueOf(status)).observe(seconds);
    }

    /** The exposition in the Prometheus text format (0.0.4). */
    synchronized String render() {
        Map<JobRecord.State, Integer> byState = new EnumMap<>(JobRecord.State.class);
        long bytes = 0;
        long rounds = 0;
        for (JobRecord j : node.jobs()) { // one pass: the totals, and each finished job's duration once
            var o = j.toJson();
            byState.merge(j.state(), 1, Integer::sum);
            bytes += o.getLong("bytes_sent", 0L);
            rounds += o.getLong("rounds", 0L);
            if (o.containsKey("seconds") && observed.add(j.id())) {
                durations.observe(o.getDouble("seconds", 0.0));
            }
        }
        jobs = new Jobs(byState, bytes, rounds);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static double liveAfterGc() {
        long afterGc = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        return afterGc;
    }
}
