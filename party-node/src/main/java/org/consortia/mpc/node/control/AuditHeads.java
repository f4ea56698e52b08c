package org.consortia.mpc.node.control;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import org.consortia.mpc.node.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.json.JsonObject;

/**
 * The audit heads nodes exchange after each job: this node's head, signed with its key, for its peers; and a
 * peer's head, kept in this node's own signed log once per job it shares with that peer, if it is signed by the
 * key of the certificate the peer presented over TLS. A member that later rewrites or truncates its history is
 * caught against these ({@code audit verify --peer}).
 */
final class AuditHeads {
    private static final Logger LOG = LoggerFactory.getLogger(AuditHeads.class);
    private static final int REMEMBERED = 10_000;

    private final AuditLog audit;
    private final String self;
    private final IntFunction<String> names;
    private final IntFunction<X509Certificate> certificates;
    private final Predicate<String> sharedJob;
    /** The (job, sender) pairs whose head this node kept: one head per peer per job. */
    private final Set<String> kept = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<String, Boolean>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    AuditHeads(AuditLog audit, String self, IntFunction<String> names, IntFunction<X509Certificate> certificates,
            Predicate<String> sharedJob) {
        this.audit = audit;
        this.self = self;
        this.names = names;
        this.certificates = certificates;
        this.sharedJob = sharedJob;
    }

    /** This node's head after job {@code session}, signed. */
    ControlMessage.AuditHead own(long session) {
        AuditLog.Head head = audit.head();
        return new ControlMessage.AuditHead(session, self, head.seq(), head.hash(), audit.signHead(self, head));
    }

    /** Keeps a peer's head in this node's log if the job is shared, it is the first for it, and the signature holds. */
    void keep(int sender, ControlMessage.AuditHead h) {
        String job = Long.toHexString(h.session());
        if (!sharedJob.test(job) || !kept.add(job + "/" + sender)) {
            LOG.warn("ignoring an audit head from node {} for a job it does not share with this node, or a second one", sender);
            return;
        }
        X509Certificate cert = certificates.apply(sender);
        AuditLog.Head head = new AuditLog.Head(h.seq(), h.hash());
        if (!names.apply(sender).equals(h.node()) || cert == null
                || !AuditLog.verifySignature(cert.getPublicKey(), head.signedBytes(h.node()), h.signature())) {
            LOG.warn("ignoring an audit head from node {} that is not signed by its key", sender);
            return;
        }
        try {
            audit.append("peer-audit-head", new JsonObject().put("node", h.node()).put("seq", h.seq()).put("hash", h.hash())
                    .put("signature", h.signature()).put("job", job));
        } catch (RuntimeException e) {
            LOG.warn("could not keep the audit head of {}: {}", h.node(), e.getMessage());
        }
    }
}
