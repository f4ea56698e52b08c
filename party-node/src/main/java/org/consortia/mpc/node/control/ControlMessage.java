package org.consortia.mpc.node.control;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.runtime.transport.Frame;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The messages nodes exchange about jobs, in CONTROL frames (JSON on the wire, typed here; decoded in one
 * place). A proposal carries the spec and the SHA-256 of its canonical form; a vote and START carry the hash the
 * sender voted on, so a node runs only the job it accepted. Refusals name a node and a policy rule; nothing in a
 * control message names a member's files, counts or values.
 */
public sealed interface ControlMessage {
    /** The largest CONTROL payload accepted, in bytes. */
    int MAX_BYTES = 2 << 20;

    long session();

    /** An initiator proposes a job. */
    record Propose(long session, JobSpec spec, String specSha256) implements ControlMessage {
    }

    /** A node's answer to a proposal; {@code refusal} names the node and the rule. */
    record Vote(long session, String specSha256, boolean accept, String refusal) implements ControlMessage {
    }

    /** The initiator starts a job every node accepted. */
    record Start(long session, String specSha256) implements ControlMessage {
    }

    /** The initiator drops a job some node refused. */
    record Reject(long session, List<String> refusals) implements ControlMessage {
    }

    /** Cancel a job on every node. */
    record Cancel(long session) implements ControlMessage {
    }

    /**
     * A node's audit head after a job, signed with its key; each peer keeps it in its own signed log, so that a
     * node that later rewrites or truncates its history is caught ({@code audit verify --peer}).
     */
    record AuditHead(long session, String node, long seq, String hash, String signature) implements ControlMessage {
    }

    static long[] encode(ControlMessage m) {
        JsonObject o = new JsonObject().put("session", m.session());
        switch (m) {
            case Propose p -> o.put("type", "propose").put("spec", p.spec().toJson()).put("specSha256", p.specSha256());
            case Vote v -> o.put("type", "vote").put("specSha256", v.specSha256()).put("accept", v.accept())
                    .put("refusal", v.refusal());
            case Start s -> o.put("type", "start").put("specSha256", s.specSha256());
            case Reject r -> o.put("type", "reject").put("refusals", new JsonArray(r.refusals()));
            case Cancel c -> o.put("type", "cancel");
            case AuditHead h -> o.put("type", "audit-head").put("node", h.node()).put("seq", h.seq()).put("hash", h.hash())
                    .put("signature", h.signature());
        }
        return Frame.wordsOf(o.encode().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a CONTROL payload; throws {@link IllegalArgumentException} for anything malformed. */
    static ControlMessage decode(long[] payload) {
        if ((long) payload.length * 8 > MAX_BYTES) {
            throw new IllegalArgumentException("control message larger than " + MAX_BYTES + " bytes");
        }
        JsonObject o;
        try {
            o = new JsonObject(new String(Frame.bytesOf(payload), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("control message is not JSON");
        }
        Long session = o.getLong("session");
        String type = o.getString("type");
        if (session == null || type == null) {
            throw new IllegalArgumentException("control message without session or type");
        }
        return switch (type) {
            case "propose" -> new Propose(session, JobSpec.fromJson(o.getJsonObject("spec")), hash(o));
            case "vote" -> new Vote(session, hash(o), o.getBoolean("accept", false), bounded(o.getString("refusal")));
            case "start" -> new Start(session, hash(o));
            case "reject" -> new Reject(session, o.getJsonArray("refusals", new JsonArray()).stream().limit(16)
                    .map(x -> bounded(String.valueOf(x))).toList());
            case "cancel" -> new Cancel(session);
            case "audit-head" -> new AuditHead(session, bounded(o.getString("node")), o.getLong("seq", 0L), hash(o.getString("hash")),
                    bounded(o.getString("signature")));
            default -> throw new IllegalArgumentException("control message of unknown type");
        };
    }

    private static String hash(JsonObject o) {
        return hash(o.getString("specSha256"));
    }

    private static String hash(String h) {
        if (h == null || !h.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("control message without a SHA-256");
        }
        return h;
    }

    private static String bounded(String s) {
        return s == null ? null : s.length() <= 400 ? s : s.substring(0, 400);
    }
}
