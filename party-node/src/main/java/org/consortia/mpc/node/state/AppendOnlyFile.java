package org.consortia.mpc.node.state;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * A file of newline-terminated records that a crash or a full disk at any byte cannot break for good. An append
 * writes the whole line and forces it to disk; if that fails, the file is cut back to its previous length (so no
 * half line stays behind) and the {@link StateHealth} learns of it. At start, {@link #recover} moves a torn last
 * record (no newline, or not well formed) aside to {@code FILE.torn-TIME}; a bad record anywhere else is a
 * {@link StateCorruptException} naming the file, the line and the recovery command.
 */
public final class AppendOnlyFile {
    /** The longest record accepted, in bytes. */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    private final Path file;
    private final StateHealth health;

    public AppendOnlyFile(Path file, StateHealth health) throws IOException {
        this.file = file;
        this.health = health;
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one record (a newline is added) durably, or throws {@link IOException} leaving the file as it was.
     * Written through a {@link RandomAccessFile}, which an interrupt cannot close half-way (a stopping or
     * cancelled job's thread is interrupted, and its outcome must still be written).
     */
    public synchronized void append(String record) throws IOException {
        byte[] line = (record + "\n").getBytes(StandardCharsets.UTF_8);
        if (line.length > MAX_RECORD_BYTES) {
            throw new IOException("a record of " + line.length + " bytes is larger than the limit of " + MAX_RECORD_BYTES);
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long before = f.length();
            try {
                f.seek(before);
                f.write(line);
                f.getFD().sync();
            } catch (IOException e) {
                try {
                    f.setLength(before);
                    f.getFD().sync();
                } catch (IOException ignored) {
                    // the torn tail is found and moved aside at the next start
                }
                throw e;
            }
        } catch (IOException e) {
            if (health != null) {
                health.failed(file, e);
            }
            throw e;
        }
    }

    /**
     * What {@link #recover} did: the file a torn last record was moved to ({@code null}: nothing was), its size and the
     * line it started on (1-based) in {@code file}.
     */
    public record Recovery(Path file, Path tornRecordMovedTo, long tornBytes, int line) {
        /** Whether a record was set aside. */
        public boolean setAside() {
            return tornRecordMovedTo != null;
        }
    }

    /**
     * Checks every record of {@code file} with {@code wellFormed}; moves a torn last record aside; throws a
     * {@link StateCorruptException} for a bad record elsewhere, naming the file, line and {@code recovery}.
     */
    public static Recovery recover(Path file, Predicate<String> wellFormed, String recovery) throws IOException {
        if (!Files.exists(file)) {
            return new Recovery(file, null, 0, 0);
        }
        long offset = 0;
        long lineStart = 0;
        long lastStart = 0;
        int lineNo = 0;
        String badLine = null;
        int badNo = 0;
        boolean endsWithNewline = true;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream cur = new ByteArrayOutputStream();
            int b;
            boolean tooLong = false;
            while ((b = in.read()) != -1) {
                offset++;
                if (b != '\n') {
                    if (cur.size() < MAX_RECORD_BYTES) {
                        cur.write(b);
                    } else {
                        tooLong = true;
                    }
                    endsWithNewline = false;
                    continue;
                }
                endsWithNewline = true;
                lineNo++;
                String line = cur.toString(StandardCharsets.UTF_8);
                cur.reset();
                boolean ok = !tooLong && (line.isBlank() || wellFormed.test(line));
                tooLong = false;
                if (!ok) {
                    if (badLine != null) {
                        throw corrupt(file, badNo, recovery);
                    }
                    badLine = line;
                    badNo = lineNo;
                    lastStart = lineStart;
                } else if (badLine != null) {
                    throw corrupt(file, badNo, recovery); // a bad record followed by good ones: not a torn tail
                }
                lineStart = offset;
            }
            if (!endsWithNewline && badLine == null) {
                lastStart = lineStart;
                badNo = lineNo + 1;
                badLine = cur.toString(StandardCharsets.UTF_8);
            } else if (!endsWithNewline) {
                throw corrupt(file, badNo, recovery);
            }
        }
        if (badLine == null) {
            return new Recovery(file, null, 0, 0);
        }
        Path aside = file.resolveSibling(file.getFileName() + ".torn-" + Instant.now().toString().replace(':', '-'));
        long torn = offset - lastStart;
        if (torn > MAX_RECORD_BYTES) { // no single append writes that much: this is not a torn record
            throw corrupt(file, badNo, recovery);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long done = 0; done < torn;) {
                done += ch.transferTo(lastStart + done, torn - done, out);
            }
            out.force(true);
            ch.truncate(lastStart);
            ch.force(true);
        }
        return new Recovery(file, aside, torn, badNo);
    }

    private static StateCorruptException corrupt(Path file, int line, String recovery) {
        return new StateCorruptException(file + ": line " + line + " is not a valid record (not a torn last record: "
                + "records follow it); the node will not start on it. Recovery: " + recovery);
    }
}
