package org.consortia.mpc.node.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import io.vertx.core.json.JsonObject;

/**
 * A node's append-only, hash-chained audit log: one JSON object per line with a sequence number, the time,
 * the event and its fields, the previous record's hash and its own hash (SHA-256 over the previous hash and
 * the record without its hash). Any edited, removed or reordered record breaks the chain, which
 * {@link #verify} reports with the line. Records name jobs, parties, analyses and what was revealed to whom;
 * never values.
 */
public final class AuditLog {
    private static final String GENESIS = "0".repeat(64);

    private final Path file;
    private long seq;
    private String last;

    private AuditLog(Path file, long seq, String last) {
        this.file = file;
        this.seq = seq;
        this.last = last;
    }

    /** Opens (or creates) the log; refuses a log whose chain is already broken. */
    public static AuditLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        Verification v = verify(file);
        if (!v.ok()) {
            throw new IOException(file + ": the audit log fails verification (" + v.problem() + "); refusing to append to it");
        }
        return new AuditLog(file, v.records(), v.lastHash());
    }

    /** Appends one event; returns its hash. */
    public synchronized String append(String event, JsonObject fields) {
        JsonObject rec = new JsonObject().put("seq", seq + 1).put("time", Instant.now().toString()).put("event", event)
                .put("fields", fields == null ? new JsonObject() : fields).put("prev", last);
        String hash = hash(last, rec.encode());
        rec.put("hash", hash);
        byte[] line = (rec.encode() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(line));
            ch.force(false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot append to the audit log " + file + ": " + e.getMessage(), e);
        }
        seq++;
        last = hash;
        return hash;
    }

    public Path file() {
        return file;
    }

    /** The newest record's sequence number and hash, from memory (no file access). */
    public synchronized JsonObject head() {
        return new JsonObject().put("seq", seq).put("hash", last);
    }

    /** Up to {@code limit} stored records from sequence number {@code from} on, as stored. */
    public List<JsonObject> read(long from, int limit) throws IOException {
        List<JsonObject> out = new java.util.ArrayList<>();
        try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null && out.size() < limit) {
                if (!line.isBlank()) {
                    JsonObject rec = new JsonObject(line);
                    if (rec.getLong("seq", 0L) >= from) {
                        out.add(rec);
                    }
                }
            }
        }
        return out;
    }

    /** The outcome of a verification: ok, or the first problem with its line. */
    public record Verification(boolean ok, long records, String lastHash, String problem) {
    }

    public static Verification verify(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String prev = GENESIS;
        long n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonObject rec;
            try {
                rec = new JsonObject(line);
            } catch (RuntimeException e) {
                return new Verification(false, n, prev, "line " + (i + 1) + " is not a JSON record");
            }
            String hash = rec.getString("hash");
            JsonObject body = rec.copy();
            body.remove("hash");
            if (rec.getLong("seq", -1L) != n + 1) {
                return new Verification(false, n, prev, "line " + (i + 1) + " has sequence " + rec.getLong("seq", -1L)
                        + ", expected " + (n + 1) + " (a record was removed or reordered)");
            }
            if (!prev.equals(rec.getString("prev"))) {
                return new Verification(false, n, prev, "line " + (i + 1) + " does not chain to the record before it");
            }
            if (hash == null || !hash.equals(hash(prev, body.encode()))) {
                return new Verification(false, n, prev, "line " + (i + 1) + " was edited (its hash does not match)");
            }
            prev = hash;
            n++;
        }
        return new Verification(true, n, prev, null);
    }

    private static String hash(String prev, String body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(prev.getBytes(StandardCharsets.UTF_8));
            d.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
