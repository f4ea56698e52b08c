package org.consortia.mpc.node.api;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import org.consortia.mpc.node.ConsortiumNode;
import org.consortia.mpc.node.jobs.JobRecord;

/**
 * Prometheus text exposition (format 0.0.4) of a node, following the naming conventions (base units, {@code _total}
 * for counters, {@code _seconds} histograms): jobs by state, online bytes and rounds of finished jobs, a histogram of
 * job durations, bytes sent to and received from each peer and whether it is connected, state health, and the
 * standard {@code process_*} and {@code jvm_*} metrics. Checked with {@code promtool check metrics} in the tests.
 */
final class Metrics {
    /** Upper bounds of the job-duration histogram, in seconds. */
    static final double[] DURATION_BUCKETS = {0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 7200};

    private Metrics() {
    }

    static String render(ConsortiumNode node) {
        Map<JobRecord.State, Integer> byState = new EnumMap<>(JobRecord.State.class);
        long bytes = 0;
        long rounds = 0;
        double seconds = 0;
        long finished = 0;
        long[] buckets = new long[DURATION_BUCKETS.length];
        for (JobRecord j : node.jobs()) {
            byState.merge(j.state(), 1, Integer::sum);
            var o = j.toJson();
            bytes += o.getLong("bytes_sent", 0L);
            rounds += o.getLong("rounds", 0L);
            if (o.containsKey("seconds")) {
                double s = o.getDouble("seconds", 0.0);
                seconds += s;
                finished++;
                for (int b = 0; b < buckets.length; b++) {
                    if (s <= DURATION_BUCKETS[b]) {
                        buckets[b]++;
                    }
                }
            }
        }
        Writer w = new Writer(node.config().self().name());
        w.help("mpc_jobs", "gauge", "Jobs this node knows, by state.");
        for (JobRecord.State s : JobRecord.State.values()) {
            w.sample("mpc_jobs", "state=\"" + s.name().toLowerCase(Locale.ROOT) + "\"", byState.getOrDefault(s, 0));
        }
        w.help("mpc_job_failures_total", "counter", "Jobs that failed.");
        w.sample("mpc_job_failures_total", null, byState.getOrDefault(JobRecord.State.FAILED, 0));
        w.help("mpc_job_sent_bytes_total", "counter", "Online bytes this node sent in finished jobs.");
        w.sample("mpc_job_sent_bytes_total", null, bytes);
        w.help("mpc_job_rounds_total", "counter", "Online rounds of finished jobs.");
        w.sample("mpc_job_rounds_total", null, rounds);
        w.help("mpc_job_duration_seconds", "histogram", "Wall time of finished jobs.");
        for (int b = 0; b < buckets.length; b++) {
            w.sample("mpc_job_duration_seconds_bucket", "le=\"" + num(DURATION_BUCKETS[b]) + "\"", buckets[b]);
        }
        w.sample("mpc_job_duration_seconds_bucket", "le=\"+Inf\"", finished);
        w.sample("mpc_job_duration_seconds_sum", null, seconds);
        w.sample("mpc_job_duration_seconds_count", null, finished);

        var c = node.config().consortium();
        w.help("mpc_peer_connected", "gauge", "Whether the connection to each other member is up (1) or not (0).");
        for (int i = 0; i < c.nodeCount(); i++) {
            if (i != node.config().self().id()) {
                w.sample("mpc_peer_connected", peer(c.node(i).name()), node.transport().connected(i) ? 1 : 0);
            }
        }
        w.help("mpc_peer_sent_bytes_total", "counter", "Frame bytes sent to each other member.");
        for (int i = 0; i < c.nodeCount(); i++) {
            if (i != node.config().self().id()) {
                w.sample("mpc_peer_sent_bytes_total", peer(c.node(i).name()), node.transport().bytesSentTo(i));
            }
        }
        w.help("mpc_peer_received_bytes_total", "counter", "Frame bytes received from each other member.");
        for (int i = 0; i < c.nodeCount(); i++) {
            if (i != node.config().self().id()) {
                w.sample("mpc_peer_received_bytes_total", peer(c.node(i).name()), node.transport().bytesReceivedFrom(i));
            }
        }
        w.help("mpc_frames_dropped_total", "counter", "Frames dropped because their session was not expected.");
        w.sample("mpc_frames_dropped_total", null, node.transport().router().droppedFrames());
        w.help("mpc_open_sessions", "gauge", "Sessions with a mailbox.");
        w.sample("mpc_open_sessions", null, node.transport().router().openSessions());
        w.help("mpc_state_writable", "gauge", "Whether the node can write its state directory (0: it refuses new jobs).");
        w.sample("mpc_state_writable", null, node.health().writable() ? 1 : 0);
        w.help("mpc_state_records_set_aside_total", "counter", "Torn or malformed state records moved aside at start-up.");
        w.sample("mpc_state_records_set_aside_total", null, node.health().setAsideRecords());
        w.help("mpc_certificate_expiry_seconds", "gauge", "Seconds until this node's certificate expires.");
        w.sample("mpc_certificate_expiry_seconds", null,
                (node.tls().certificate().getNotAfter().getTime() - System.currentTimeMillis()) / 1000.0);
        process(w);
        return w.toString();
    }

    /** The standard process and JVM metrics (names as the Prometheus Java client exposes them). */
    private static void process(Writer w) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            w.help("process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.");
            w.sample("process_cpu_seconds_total", null, sun.getProcessCpuTime() / 1e9);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            w.help("process_open_fds", "gauge", "Open file descriptors.");
            w.sample("process_open_fds", null, unix.getOpenFileDescriptorCount());
            w.help("process_max_fds", "gauge", "The limit of open file descriptors.");
            w.sample("process_max_fds", null, unix.getMaxFileDescriptorCount());
        }
        long rss = residentBytes();
        if (rss >= 0) {
            w.help("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
            w.sample("process_resident_memory_bytes", null, rss);
        }
        w.help("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds.");
        w.sample("process_start_time_seconds", null, ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
        var mem = ManagementFactory.getMemoryMXBean();
        w.help("jvm_memory_used_bytes", "gauge", "Used bytes of a JVM memory area.");
        w.sample("jvm_memory_used_bytes", "area=\"heap\"", mem.getHeapMemoryUsage().getUsed());
        w.sample("jvm_memory_used_bytes", "area=\"nonheap\"", mem.getNonHeapMemoryUsage().getUsed());
        w.help("jvm_memory_max_bytes", "gauge", "Max bytes of a JVM memory area (-1: no limit).");
        w.sample("jvm_memory_max_bytes", "area=\"heap\"", mem.getHeapMemoryUsage().getMax());
        long afterGc = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        w.help("mpc_heap_live_after_gc_bytes", "gauge", "Heap live after the last collection of each heap pool, summed.");
        w.sample("mpc_heap_live_after_gc_bytes", null, afterGc);
        w.help("jvm_threads_current", "gauge", "Current thread count of the JVM.");
        w.sample("jvm_threads_current", null, ManagementFactory.getThreadMXBean().getThreadCount());
        w.help("jvm_gc_collection_seconds", "summary", "Time spent in a given JVM garbage collector, in seconds.");
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String l = "gc=\"" + escape(gc.getName()) + "\"";
            w.sample("jvm_gc_collection_seconds_count", l, Math.max(0, gc.getCollectionCount()));
            w.sample("jvm_gc_collection_seconds_sum", l, Math.max(0, gc.getCollectionTime()) / 1e3);
        }
    }

    /** VmRSS from /proc (Linux), or -1. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    private static String peer(String name) {
        return "peer=\"" + escape(name) + "\"";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Lines of the exposition, every sample labelled with this node's name. */
    private static final class Writer {
        private final StringBuilder sb = new StringBuilder();
        private final String node;

        Writer(String node) {
            this.node = "node=\"" + escape(node) + "\"";
        }

        void help(String name, String type, String help) {
            sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(' ').append(type)
                    .append('\n');
        }

        void sample(String name, String labels, double value) {
            sb.append(name).append('{').append(node);
            if (labels != null) {
                sb.append(',').append(labels);
            }
            sb.append("} ").append(value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                    : String.valueOf(value)).append('\n');
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
