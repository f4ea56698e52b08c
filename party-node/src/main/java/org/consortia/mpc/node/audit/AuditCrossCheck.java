package org.consortia.mpc.node.audit;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonObject;

/**
 * Holds a member to account with the heads its peers kept: after every job each node sends its signed audit
 * head to the others, which append it to their own signed logs as {@code peer-audit-head}. Checking node A's
 * log against node B's finds every head of B that A holds and requires B's log to contain that record with that
 * hash: a rewritten (even re-hashed and re-signed) or truncated history of B shows as a mismatch.
 */
public final class AuditCrossCheck {
    private AuditCrossCheck() {
    }

    /** How many heads of the peer the holder keeps, and every problem found (none: the peer's log agrees). */
    public record Result(int heldHeads, List<String> problems) {
    }

    /**
     * Checks a peer's log against the heads of it that another node holds.
     * @param holder     the verified log that holds peer heads
     * @param peer       the peer's name
     * @param peerLog    the peer's verified log
     * @param peerKey    the peer's public key, to check the signature of each held head (or {@code null})
     */
    public static Result check(AuditLog.Verification holder, String peer, AuditLog.Verification peerLog, PublicKey peerKey) {
        List<String> problems = new ArrayList<>();
        int held = 0;
        for (JsonObject rec : holder.entries()) {
            if (!"peer-audit-head".equals(rec.getString("event"))) {
                continue;
            }
            JsonObject f = rec.getJsonObject("fields", new JsonObject());
            if (!peer.equals(f.getString("node"))) {
                continue;
            }
            held++;
            long seq = f.getLong("seq", 0L);
            String hash = f.getString("hash", "");
            AuditLog.Head head = new AuditLog.Head(seq, hash);
            if (peerKey != null && !AuditLog.verifySignature(peerKey, head.signedBytes(peer), f.getString("signature"))) {
                problems.add("the head of " + peer + " held at record " + rec.getLong("seq") + " is not signed by " + peer + "'s key");
                continue;
            }
            if (seq == 0) {
                continue;
            }
            JsonObject theirs = peerLog.record(seq);
            if (theirs == null) {
                problems.add(peer + " truncated its audit log: it signed record " + seq + " (hash " + hash.substring(0, 12)
                        + "...), its log now ends at record " + peerLog.records());
            } else if (!hash.equals(theirs.getString("hash"))) {
                problems.add(peer + " rewrote its audit log: it signed record " + seq + " with hash " + hash.substring(0, 12)
                        + "..., its log now has " + theirs.getString("hash", "").substring(0, 12) + "...");
            }
        }
        return new Result(held, problems);
    }
}
