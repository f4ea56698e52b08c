package org.consortia.mpc.node.api;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

import org.consortia.mpc.node.ConsortiumNode;
import org.consortia.mpc.node.analysis.SpecException;
import org.consortia.mpc.node.control.PolicyRefusal;
import org.consortia.mpc.node.jobs.JobRecord;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.runtime.tls.Pki;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The node's job API (Vert.x) over HTTPS on 127.0.0.1, with the node's own certificate. A client
 * authenticates with a certificate from the consortium CA or with {@code Authorization: Bearer <apiToken>}
 * (401 otherwise). Handlers only accept a request, hand it to the node and answer; docs/openapi.yaml
 * describes it.
 * <pre>
 * POST /v1/jobs                 propose a job (JSON spec) -&gt; 202 {id}; 400 names the bad field; 403 with the rule
 * GET  /v1/jobs                 all job records here
 * GET  /v1/jobs/{id}            one record: state, phase, recipients, timings, bytes, rounds, error
 * GET  /v1/jobs/{id}/result     the result, only on a recipient's node (403 elsewhere, 409 while not finished)
 * POST /v1/jobs/{id}/cancel     cancel on every node
 * GET  /v1/health               peers connected, dealer reachable, certificate expiry, audit head
 * GET  /v1/metrics              Prometheus text: jobs by state, bytes, rounds, seconds
 * </pre>
 */
public final class JobApi implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobApi.class);
    private final Vertx vertx;
    private final HttpServer server;

    private JobApi(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static JobApi start(ConsortiumNode node, int port) {
        Vertx vertx = Vertx.vertx();
        Router r = Router.router(vertx);
        byte[] token = ("Bearer " + node.config().apiToken()).getBytes(StandardCharsets.UTF_8);
        r.route("/v1/*").handler(ctx -> {
            String auth = ctx.request().getHeader("Authorization");
            boolean tokenOk = auth != null && MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.UTF_8));
            if (tokenOk || clientCertificate(ctx) != null) {
                ctx.next();
            } else {
                json(ctx, 401, new JsonObject().put("error", "authenticate with a consortium client certificate or the bearer token"));
            }
        });
        r.post("/v1/jobs").handler(BodyHandler.create().setBodyLimit(1 << 20)).handler(ctx -> submit(node, ctx));
        r.get("/v1/jobs").handler(ctx -> {
            JsonArray a = new JsonArray();
            node.jobs().forEach(j -> a.add(j.toJson()));
            json(ctx, 200, new JsonObject().put("jobs", a));
        });
        r.get("/v1/jobs/:id").handler(ctx -> withJob(node, ctx, j -> json(ctx, 200, j.toJson())));
        r.get("/v1/jobs/:id/result").handler(ctx -> withJob(node, ctx, j -> result(node, ctx, j)));
        r.post("/v1/jobs/:id/cancel").handler(ctx -> withJob(node, ctx, j -> {
            node.cancel(j.id(), "api");
            json(ctx, 202, new JsonObject().put("id", j.id()).put("state", j.state().name()));
        }));
        r.get("/v1/health").handler(ctx -> json(ctx, 200, health(node)));
        r.get("/v1/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4")
                .end(Metrics.render(node)));
        var cfg = node.config();
        io.vertx.core.http.HttpServerOptions opts = new io.vertx.core.http.HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions().setKeyPath(cfg.privateKey().toString())
                        .setCertPath(cfg.certificate().toString()))
                .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(cfg.consortium().caCertificate().toString()))
                .setClientAuth(io.vertx.core.http.ClientAuth.REQUEST);
        HttpServer server = vertx.createHttpServer(opts).requestHandler(r).listen(port, "127.0.0.1").await();
        return new JobApi(vertx, server);
    }

    public int port() {
        return server.actualPort();
    }

    /** The CN of a verified consortium client certificate, or {@code null}. */
    static String clientCertificate(RoutingContext ctx) {
        try {
            var certs = ctx.request().connection().peerCertificates();
            if (certs != null && !certs.isEmpty() && certs.get(0) instanceof java.security.cert.X509Certificate x) {
                return Pki.commonName(x);
            }
        } catch (Exception notPresented) {
            // no client certificate: the bearer token decides
        }
        return null;
    }

    private static void submit(ConsortiumNode node, RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            json(ctx, 400, new JsonObject().put("error", "the body is not JSON").put("field", "(body)"));
            return;
        }
        if (body == null) {
            json(ctx, 400, new JsonObject().put("error", "the body must be a JSON job spec").put("field", "(body)"));
            return;
        }
        try {
            String who = clientCertificate(ctx);
            JobRecord rec = node.submit(JobSpec.fromJson(body), who == null ? "api token" : "certificate CN=" + who);
            json(ctx, 202, new JsonObject().put("id", rec.id()));
        } catch (PolicyRefusal e) {
            json(ctx, 403, new JsonObject().put("error", e.getMessage()).put("code", "POLICY_REFUSED"));
        } catch (SpecException e) {
            json(ctx, 400, new JsonObject().put("error", e.getMessage()).put("field", e.field()).put("code", "SPEC_INVALID"));
        } catch (IllegalArgumentException e) {
            json(ctx, 400, new JsonObject().put("error", String.valueOf(e.getMessage())).put("code", "SPEC_INVALID"));
        } catch (RuntimeException e) {
            LOG.warn("job submission failed", e);
            json(ctx, 500, new JsonObject().put("error", "internal error (see the node's log)").put("code", "INTERNAL"));
        }
    }

    private static void result(ConsortiumNode node, RoutingContext ctx, JobRecord j) {
        if (!j.recipients().contains(node.config().self().name())) {
            json(ctx, 403, new JsonObject().put("error", "this node (" + node.config().self().name()
                    + ") is not a result recipient of job " + j.id() + "; recipients: " + j.recipients()));
        } else if (!j.finished()) {
            json(ctx, 409, new JsonObject().put("error", "job " + j.id() + " is " + j.state().name().toLowerCase()));
        } else if (j.result() == null) {
            JsonObject o = new JsonObject().put("error", "job " + j.id() + " has no result: " + j.state().name().toLowerCase());
            if (j.failure() != null) {
                o.put("failure", j.failure().toJson());
            }
            json(ctx, 409, o);
        } else {
            JsonArray a = new JsonArray();
            for (double v : j.result()) {
                a.add(v);
            }
            json(ctx, 200, new JsonObject().put("id", j.id()).put("result", a));
        }
    }

    private static JsonObject health(ConsortiumNode node) {
        int dealer = node.config().consortium().partyCount();
        boolean dealerUp = node.config().isDealer() || node.transport().connected(dealer);
        return new JsonObject().put("node", node.config().self().name()).put("peers", new JsonArray(node.peerStatus()))
                .put("dealerReachable", dealerUp)
                .put("certificateDaysLeft", Pki.daysLeft(node.tls().certificate()))
                .put("caDaysLeft", Pki.daysLeft(node.tls().ca()))
                .put("securityEvents", new JsonArray(node.transport().securityEvents()))
                .put("auditRecords", audit(node).records()).put("auditHead", audit(node).lastHash());
    }

    private static org.consortia.mpc.node.audit.AuditLog.Verification audit(ConsortiumNode node) {
        try {
            return org.consortia.mpc.node.audit.AuditLog.verify(node.audit().file());
        } catch (java.io.IOException e) {
            return new org.consortia.mpc.node.audit.AuditLog.Verification(false, 0, "", e.getMessage());
        }
    }

    private interface JobHandler {
        void handle(JobRecord j);
    }

    private static void withJob(ConsortiumNode node, RoutingContext ctx, JobHandler h) {
        JobRecord j = node.job(ctx.pathParam("id"));
        if (j == null) {
            json(ctx, 404, new JsonObject().put("error", "no job " + ctx.pathParam("id")));
        } else {
            h.handle(j);
        }
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encodePrettily());
    }

    @Override
    public void close() {
        server.close().await();
        vertx.close().await();
    }
}
