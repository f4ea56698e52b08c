package org.consortia.mpc.node.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the node can write its state directory. A failed write makes it unwritable: the node refuses new
 * jobs, {@code /v1/health} answers 503 and the metrics say so. While unwritable, a probe writes and removes a
 * small file every {@link #PROBE_INTERVAL}; when that succeeds (space came back) the node is writable again.
 */
public final class StateHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateHealth.class);
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final int PROBE_BYTES = 64 << 10;

    private final Path dir;
    private volatile String problem;
    private long failures;
    private volatile boolean closed;
    private Thread probe;

    public StateHealth(Path dir) {
        this.dir = dir;
    }

    /** A record set aside at start-up: when, from which state file and line, to where. */
    public record SetAside(java.time.Instant time, String file, int line, long bytes, String movedTo) {
    }

    private final java.util.concurrent.atomic.AtomicLong setAside = new java.util.concurrent.atomic.AtomicLong();
    private volatile SetAside lastSetAside;

    /**
     * Notes what opening a state file set aside: one WARN line naming the file, the line and where the bytes went, a
     * count for the metrics, and the last one for {@code /v1/health}. Nothing when nothing was set aside.
     */
    public void recovered(AppendOnlyFile.Recovery r) {
        if (r == null || !r.setAside()) {
            return;
        }
        LOG.warn("state file {}: the record at line {} ({} bytes) was torn or malformed; moved aside to {}", r.file(),
                r.line(), r.tornBytes(), r.tornRecordMovedTo());
        setAside.incrementAndGet();
        lastSetAside = new SetAside(java.time.Instant.now(), r.file().getFileName().toString(), r.line(), r.tornBytes(),
                r.tornRecordMovedTo().getFileName().toString());
    }

    /** Records set aside since the node started. */
    public long setAsideRecords() {
        return setAside.get();
    }

    /** The last record set aside since the node started, or {@code null}. */
    public SetAside lastSetAside() {
        return lastSetAside;
    }

    public boolean writable() {
        return problem == null;
    }

    /** What failed, or {@code null}. */
    public String problem() {
        return problem;
    }

    /** Records a failed write; starts the probe. */
    public synchronized void failed(Path file, IOException e) {
        if (problem == null) {
            LOG.error("cannot write {}: {}; refusing new jobs until the state directory is writable again", file, e.getMessage());
        }
        problem = "cannot write " + file.getFileName() + ": " + e.getMessage();
        failures++;
        if (probe == null) {
            probe = Thread.ofVirtual().name("state-probe").start(this::probeUntilWritable);
        }
    }

    private void probeUntilWritable() {
        Path p = dir.resolve(".write-probe");
        while (!closed) {
            try {
                Thread.sleep(PROBE_INTERVAL.toMillis());
                long seen;
                synchronized (this) {
                    seen = failures;
                }
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(ByteBuffer.allocate(PROBE_BYTES));
                    ch.force(true);
                }
                Files.deleteIfExists(p);
                synchronized (this) { // a write that failed while we probed keeps the node unwritable
                    if (failures != seen) {
                        continue;
                    }
                    problem = null;
                    probe = null;
                }
                LOG.info("the state directory {} is writable again; accepting jobs", dir);
                return;
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // still full
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
