package org.consortia.mpc.node.api;

import java.util.EnumMap;
import java.util.Map;

import org.consortia.mpc.node.ConsortiumNode;
import org.consortia.mpc.node.jobs.JobRecord;

/** Prometheus text exposition of a node's jobs: counts by state and analysis, bytes, rounds and durations. */
final class Metrics {
    private Metrics() {
    }

    static String render(ConsortiumNode node) {
        Map<JobRecord.State, Integer> byState = new EnumMap<>(JobRecord.State.class);
        long bytes = 0;
        long rounds = 0;
        double seconds = 0;
        for (JobRecord j : node.jobs()) {
            byState.merge(j.state(), 1, Integer::sum);
            var o = j.toJson();
            bytes += o.getLong("bytes_sent", 0L);
            rounds += o.getLong("rounds", 0L);
            seconds += o.getDouble("seconds", 0.0);
        }
        String n = node.config().self().name();
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP mpc_jobs Jobs on this node by state.\n# TYPE mpc_jobs gauge\n");
        for (JobRecord.State s : JobRecord.State.values()) {
            sb.append("mpc_jobs{node=\"").append(n).append("\",state=\"").append(s.name().toLowerCase()).append("\"} ")
                    .append(byState.getOrDefault(s, 0)).append('\n');
        }
        sb.append("# HELP mpc_job_bytes_sent_total Online bytes this node sent in finished jobs.\n# TYPE mpc_job_bytes_sent_total counter\n");
        sb.append("mpc_job_bytes_sent_total{node=\"").append(n).append("\"} ").append(bytes).append('\n');
        sb.append("# HELP mpc_job_rounds_total Online rounds of finished jobs.\n# TYPE mpc_job_rounds_total counter\n");
        sb.append("mpc_job_rounds_total{node=\"").append(n).append("\"} ").append(rounds).append('\n');
        sb.append("# HELP mpc_job_seconds_total Wall time of finished jobs.\n# TYPE mpc_job_seconds_total counter\n");
        sb.append("mpc_job_seconds_total{node=\"").append(n).append("\"} ").append(seconds).append('\n');
        sb.append("# HELP mpc_job_failures_total Failed jobs.\n# TYPE mpc_job_failures_total counter\n");
        sb.append("mpc_job_failures_total{node=\"").append(n).append("\"} ").append(byState.getOrDefault(JobRecord.State.FAILED, 0))
                .append('\n');
        sb.append("# HELP mpc_frames_dropped_total Frames dropped because their session was not expected.\n"
                + "# TYPE mpc_frames_dropped_total counter\n");
        sb.append("mpc_frames_dropped_total{node=\"").append(n).append("\"} ").append(node.transport().router().droppedFrames())
                .append('\n');
        sb.append("# HELP mpc_open_sessions Sessions with a mailbox.\n# TYPE mpc_open_sessions gauge\n");
        sb.append("mpc_open_sessions{node=\"").append(n).append("\"} ").append(node.transport().router().openSessions()).append('\n');
        sb.append("# HELP mpc_state_writable Whether the node can write its state directory (0: it refuses new jobs).\n"
                + "# TYPE mpc_state_writable gauge\n");
        sb.append("mpc_state_writable{node=\"").append(n).append("\"} ").append(node.health().writable() ? 1 : 0).append('\n');
        Runtime rt = Runtime.getRuntime();
        sb.append("# HELP mpc_jvm_heap_used_bytes Heap in use.\n# TYPE mpc_jvm_heap_used_bytes gauge\n");
        sb.append("mpc_jvm_heap_used_bytes{node=\"").append(n).append("\"} ").append(rt.totalMemory() - rt.freeMemory()).append('\n');
        long afterGc = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        sb.append("# HELP mpc_jvm_heap_after_gc_bytes Heap live after the last collection of each pool.\n"
                + "# TYPE mpc_jvm_heap_after_gc_bytes gauge\n");
        sb.append("mpc_jvm_heap_after_gc_bytes{node=\"").append(n).append("\"} ").append(afterGc).append('\n');
        sb.append("# HELP mpc_jvm_heap_max_bytes The heap limit.\n# TYPE mpc_jvm_heap_max_bytes gauge\n");
        sb.append("mpc_jvm_heap_max_bytes{node=\"").append(n).append("\"} ").append(rt.maxMemory()).append('\n');
        return sb.toString();
    }
}
