package org.consortia.mpc.node.api;

import org.consortia.mpc.node.ConsortiumNode;
import org.consortia.mpc.node.jobs.JobRecord;
import org.consortia.mpc.node.jobs.JobSpec;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The node's local job API on 127.0.0.1 (Vert.x): {@code POST /v1/jobs}, {@code GET /v1/jobs},
 * {@code GET /v1/jobs/{id}}, {@code GET /v1/health}. Handlers only accept a request, hand it to the node and
 * answer. It listens on loopback only and has no authentication yet (the coordinator API with client
 * certificates or tokens, policies and audit is a later issue).
 */
public final class JobApi implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;

    private JobApi(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static JobApi start(ConsortiumNode node, int port) {
        Vertx vertx = Vertx.vertx();
        Router r = Router.router(vertx);
        r.post("/v1/jobs").handler(BodyHandler.create().setBodyLimit(1 << 20)).handler(ctx -> submit(node, ctx));
        r.get("/v1/jobs").handler(ctx -> {
            JsonArray a = new JsonArray();
            node.jobs().forEach(j -> a.add(j.toJson()));
            json(ctx, 200, new JsonObject().put("jobs", a));
        });
        r.get("/v1/jobs/:id").handler(ctx -> {
            JobRecord j = node.job(ctx.pathParam("id"));
            if (j == null) {
                json(ctx, 404, new JsonObject().put("error", "no job " + ctx.pathParam("id")));
            } else {
                json(ctx, 200, j.toJson());
            }
        });
        r.get("/v1/health").handler(ctx -> json(ctx, 200, new JsonObject().put("node", node.config().self().name())
                .put("peers", new JsonArray(node.peerStatus()))));
        HttpServer server = vertx.createHttpServer().requestHandler(r).listen(port, "127.0.0.1").await();
        return new JobApi(vertx, server);
    }

    public int port() {
        return server.actualPort();
    }

    private static void submit(ConsortiumNode node, RoutingContext ctx) {
        JobSpec spec;
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("the body must be a JSON job spec");
            }
            spec = JobSpec.fromJson(body);
            JobRecord rec = node.submit(spec);
            json(ctx, 202, new JsonObject().put("id", rec.id()));
        } catch (RuntimeException e) {
            json(ctx, 400, new JsonObject().put("error", String.valueOf(e.getMessage())));
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
