package org.consortia.mpc.node.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import org.consortia.mpc.node.state.AppendOnlyFile;
import org.consortia.mpc.node.state.StateCorruptException;
import org.consortia.mpc.node.state.StateHealth;
import org.consortia.mpc.node.state.StateUnwritableException;
import org.consortia.mpc.runtime.tls.Pki;

import io.vertx.core.json.JsonObject;

/**
 * A node's append-only, hash-chained and signed audit log: one JSON object per line,
 * <pre>
 * {"seq":7,"time":"...","event":"job-finished","fields":{...},"prev":"&lt;hash of record 6&gt;","hash":"...","sig":"..."}
 * \______________________ body: the exact stored bytes up to "prev" ___________________/
 * </pre>
 * {@code hash} is SHA-256 over the body's stored bytes (the line up to {@code ,"hash":}, closed by {@code }}),
 * and {@code sig} the node's signature (its TLS key) over the same bytes. Any edited, removed or reordered
 * record breaks the chain, which {@link #verify} reports with the line; a node that rewrites its own history
 * and re-signs it is caught by the heads its peers hold ({@link AuditCrossCheck}). Records name jobs, parties,
 * analyses and what was opened to whom; never values.
 */
public final class AuditLog {
    static final String GENESIS = "0".repeat(64);
    private static final String HASH_FIELD = ",\"hash\":\"";
    /** A stored line: the body (without its closing brace), then exactly the hash and the signature. */
    private static final java.util.regex.Pattern STORED = java.util.regex.Pattern.compile(
            "(\\{.*),\"hash\":\"([0-9a-f]{64})\",\"sig\":\"([A-Za-z0-9+/=]*)\"\\}");

    /** How an operator recovers from a log that fails verification. */
    public static final String RECOVERY = "check it with 'mpc-node audit verify FILE', then 'mpc-node state repair --config "
            + "NODE.yaml' moves it aside and starts a new signed log that names the old one";

    private final AppendOnlyFile file;
    private final PrivateKey signer;
    private final AppendOnlyFile.Recovery recovery;
    private long seq;
    private String last;
    /** The head as of the last successful append, readable without the append lock (health must never wait). */
    private volatile Head head;

    private AuditLog(AppendOnlyFile file, PrivateKey signer, long seq, String last, AppendOnlyFile.Recovery recovery) {
        this.file = file;
        this.signer = signer;
        this.seq = seq;
        this.last = last;
        this.head = new Head(seq, last);
        this.recovery = recovery;
    }

    /** Opens (or creates) the log; refuses a log whose chain is already broken. */
    public static AuditLog open(Path file, PrivateKey signer) throws IOException {
        return open(file, signer, null);
    }

    /**
     * Opens (or creates) the log: a torn last record (a crash or a full disk mid-write) is moved aside and noted
     * in the log; any other problem is a {@link StateCorruptException} naming the line and the recovery.
     */
    public static AuditLog open(Path file, PrivateKey signer, StateHealth health) throws IOException {
        return open(file, signer, health, rec -> { });
    }

    /**
     * As {@link #open(Path, PrivateKey, StateHealth)}, handing every verified record to {@code replay} as it is read
     * (the node learns what its log holds without reading it twice or keeping it in memory).
     */
    public static AuditLog open(Path file, PrivateKey signer, StateHealth health, Consumer<JsonObject> replay)
            throws IOException {
        AppendOnlyFile f = new AppendOnlyFile(file, health);
        AppendOnlyFile.Recovery r = AppendOnlyFile.recover(file, AuditLog::wellFormed, RECOVERY);
        Verification v = scan(file, null, replay);
        if (!v.ok()) {
            throw new StateCorruptException(file + ": the audit log fails verification (" + v.problem()
                    + "); the node will not append to it. Recovery: " + RECOVERY);
        }
        AuditLog log = new AuditLog(f, signer, v.records(), v.lastHash(), r);
        if (r.tornRecordMovedTo() != null) {
            log.append("torn-record-recovered", new JsonObject().put("file", file.getFileName().toString())
                    .put("movedTo", r.tornRecordMovedTo().getFileName().toString()).put("bytes", r.tornBytes()));
        }
        return log;
    }

    /** What opening the log recovered (a torn last record moved aside), for the node's start-up notes. */
    public AppendOnlyFile.Recovery recovery() {
        return recovery;
    }

    private static boolean wellFormed(String line) {
        try {
            JsonObject o = new JsonObject(line);
            return o.getString("hash") != null && o.getLong("seq") != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Appends one event; returns its hash. */
    public synchronized String append(String event, JsonObject fields) {
        String body = new JsonObject().put("seq", seq + 1).put("time", Instant.now().toString()).put("event", event)
                .put("fields", fields == null ? new JsonObject() : fields).put("prev", last).encode();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String hash = HexFormat.of().formatHex(sha256(bytes));
        String line = body.substring(0, body.length() - 1) + HASH_FIELD + hash + "\",\"sig\":\"" + sign(signer, bytes) + "\"}";
        try {
            file.append(line);
        } catch (IOException e) {
            throw new StateUnwritableException("cannot append to the audit log: " + e.getMessage(), e);
        }
        seq++;
        last = hash;
        head = new Head(seq, hash);
        return hash;
    }

    public Path file() {
        return file.file();
    }

    /** The newest record's sequence number and hash, from memory (no file access). */
    public Head head() {
        return head;
    }

    /** A log's newest record: its sequence number and hash. */
    public record Head(long seq, String hash) {
        public JsonObject toJson() {
            return new JsonObject().put("seq", seq).put("hash", hash);
        }

        /** The bytes a node signs when it hands its head to its peers. */
        public byte[] signedBytes(String node) {
            return ("mpc-audit-head|" + node + "|" + seq + "|" + hash).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Signs a head for the peers (see {@link Head#signedBytes}). */
    public String signHead(String node, Head head) {
        return sign(signer, head.signedBytes(node));
    }

    /** Up to {@code limit} stored records from sequence number {@code from} on, read from their signed bytes. */
    public List<JsonObject> read(long from, int limit) throws IOException {
        return read(from, limit, rec -> true);
    }

    /** As {@link #read(long, int)}, only the records {@code keep} accepts (the limit counts those). */
    public List<JsonObject> read(long from, int limit, java.util.function.Predicate<JsonObject> keep) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        try (BufferedReader r = lenientReader(file.file())) {
            String line;
            while ((line = r.readLine()) != null && out.size() < limit) {
                java.util.regex.Matcher m = STORED.matcher(line);
                if (m.matches()) {
                    JsonObject rec = new JsonObject(m.group(1) + "}").put("hash", m.group(2)).put("sig", m.group(3));
                    if (rec.getLong("seq", 0L) >= from && keep.test(rec)) {
                        out.add(rec);
                    }
                }
            }
        }
        return out;
    }

    /** The outcome of a verification: ok, or the first problem with its line; and every record read. */
    public record Verification(boolean ok, long records, String lastHash, String problem, List<JsonObject> entries) {
        /** The stored record with sequence number {@code seq}, or {@code null}. */
        public JsonObject record(long seq) {
            return seq >= 1 && seq <= entries.size() ? entries.get((int) seq - 1) : null;
        }
    }

    /** Verifies the chain, and every signature when {@code key} (the node's public key) is given. */
    public static Verification verify(Path file, PublicKey key) throws IOException {
        List<JsonObject> entries = new ArrayList<>();
        Verification v = scan(file, key, entries::add);
        return new Verification(v.ok(), v.records(), v.lastHash(), v.problem(), entries);
    }

    /** Verifies the log, handing each verified record to {@code each}; the result lists no entries. */
    private static Verification scan(Path file, PublicKey key, Consumer<JsonObject> each) throws IOException {
        String prev = GENESIS;
        long n = 0;
        List<JsonObject> entries = List.of();
        int lineNo = 0;
        try (BufferedReader r = lenientReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String where = "line " + lineNo;
                java.util.regex.Matcher m = STORED.matcher(line);
                if (!m.matches()) {
                    return new Verification(false, n, prev, where + " is not a stored record (body, hash, signature)", entries);
                }
                byte[] body = (m.group(1) + "}").getBytes(StandardCharsets.UTF_8);
                JsonObject rec;
                try {
                    rec = new JsonObject(m.group(1) + "}"); // the fields are read from the hashed and signed bytes only
                } catch (RuntimeException e) {
                    return new Verification(false, n, prev, where + " is not a JSON record", entries);
                }
                rec.put("hash", m.group(2)).put("sig", m.group(3));
                if (rec.getLong("seq", -1L) != n + 1) {
                    return new Verification(false, n, prev, where + " has sequence " + rec.getLong("seq", -1L) + ", expected "
                            + (n + 1) + " (a record was removed or reordered)", entries);
                }
                if (!prev.equals(rec.getString("prev"))) {
                    return new Verification(false, n, prev, where + " does not chain to the record before it", entries);
                }
                String hash = rec.getString("hash");
                if (hash == null || !hash.equals(HexFormat.of().formatHex(sha256(body)))) {
                    return new Verification(false, n, prev, where + " was edited (its hash does not match)", entries);
                }
                if (key != null && !verifySignature(key, body, rec.getString("sig"))) {
                    return new Verification(false, n, prev, where + " is not signed by the node's key", entries);
                }
                each.accept(rec);
                prev = hash;
                n++;
            }
        }
        return new Verification(true, n, prev, null, entries);
    }

    /** A reader that turns bytes that are not UTF-8 into replacement characters (a bad record, not a crash). */
    public static BufferedReader lenientReader(Path file) throws IOException {
        return new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)));
    }

    /** Signs {@code bytes} with {@code key} (base64), or "" without a key (tests of the chain alone). */
    static String sign(PrivateKey key, byte[] bytes) {
        if (key == null) {
            return "";
        }
        try {
            Signature s = Signature.getInstance(Pki.signatureAlgorithm(key.getAlgorithm()));
            s.initSign(key);
            s.update(bytes);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit record: " + e.getMessage(), e);
        }
    }

    /** Whether {@code sig} (base64) is {@code key}'s signature of {@code bytes}. */
    public static boolean verifySignature(PublicKey key, byte[] bytes, String sig) {
        if (sig == null || sig.isEmpty()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(Pki.signatureAlgorithm(key.getAlgorithm()));
            s.initVerify(key);
            s.update(bytes);
            return s.verify(Base64.getDecoder().decode(sig));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
