package org.consortia.mpc.node.api;

import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;

import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.node.ConsortiumNode;
import org.consortia.mpc.node.analysis.SpecException;
import org.consortia.mpc.node.api.ApiClients.Role;
import org.consortia.mpc.node.budget.PrivacyBudgets;
import org.consortia.mpc.node.control.PolicyRefusal;
import org.consortia.mpc.node.control.Unavailable;
import org.consortia.mpc.node.jobs.JobPage;
import org.consortia.mpc.node.jobs.JobRecord;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.node.state.StateHealth;
import org.consortia.mpc.runtime.tls.Pki;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The node's job API (Vert.x) over HTTPS on the node file's {@code apiBind} (loopback by default), with the node's
 * own certificate. Every request is
 * authenticated as one of the node's {@link ApiClients} (bearer token or client certificate; 401 otherwise) and
 * authorised by its roles (403 otherwise); the certificates of consortium members (peers, dealer) are never
 * clients. Handlers only accept a request, hand it to the node and answer; docs/openapi.yaml describes it.
 * <pre>
 * POST /v1/jobs                 submitter   propose a job (JSON spec) -&gt; 202 {id}; 400 names the field; 409 names the
 *                                           policy rule that refuses it; 503 with Retry-After while
 *                                           {@link SubmissionQueue#MAX_WAITING} submissions wait
 * POST /v1/queries[?explain=true]  submitter   a joint query in SQL ({sql, tables, to, minGroup}) proposed as a job of
 *                                           analysis query (as POST /v1/jobs), or only compiled and checked here:
 *                                           200 with its estimated cost, reads, reveals and column uses
 * GET  /v1/jobs?state=&amp;limit=&amp;offset=   submitter, reader, auditor   job records here, newest first, a page
 *                                           ({@link JobPage}: at most 500, 50 by default) and the total
 * GET  /v1/jobs/{id}            submitter, reader, auditor   one record: state, phase, recipients, costs, error code
 * GET  /v1/jobs/{id}/result     reader      the result (with its labels; a query's also as its table), only on a
 *                                           recipient's node (403 elsewhere, 409 while running)
 * POST /v1/jobs/{id}/cancel     submitter   cancel on every node
 * GET  /v1/audit?from=N[&amp;job=ID]  auditor     audit records from sequence N (at most 1,000; with job, only that
 *                                           job's), and the head
 * GET  /v1/budget[?history=D]   submitter, reader, auditor   privacy budget per dataset; with history, the ledger
 * GET  /console                no auth     the operator console: a page without data that reads /v1 with a token
 * GET  /v1/health               any role    200 ready / 503 not (problems), peers, certificate expiry, audit head
 * GET  /v1/metrics              any role    Prometheus text: jobs by state, bytes, rounds, seconds
 * GET  /livez                  no auth     liveness: 200 {"live":true} whenever the event loop answers; nothing else
 * </pre>
 * The admin role may do everything and also sees the local detail of failed jobs.
 */
public final class JobApi implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobApi.class);
    private static final String CLIENT = "mpc.client";

    private final Vertx vertx;
    private final HttpServer server;
    private final ConsortiumNode node;
    private final ClientsFile clients;

    private JobApi(Vertx vertx, HttpServer server, ConsortiumNode node, ClientsFile clients) {
        this.vertx = vertx;
        this.server = server;
        this.node = node;
        this.clients = clients;
    }

    public static JobApi start(ConsortiumNode node, int port) {
        var cfg = node.config();
        ClientsFile clients = new ClientsFile(cfg.apiClients(), System::getenv);
        Set<String> members = new HashSet<>();
        for (int i = 0; i < cfg.consortium().nodeCount(); i++) {
            members.add(cfg.consortium().node(i).name());
        }
        Vertx vertx = Vertx.vertx();
        SubmissionQueue submissions = new SubmissionQueue(vertx, SubmissionQueue.WORKERS, SubmissionQueue.MAX_WAITING);
        Router r = Router.router(vertx);
        Metrics metrics = new Metrics(node);
        r.route().handler(ctx -> { // every request's duration by method, matched route (a pattern) and status
            long t0 = System.nanoTime();
            ctx.addEndHandler(v -> metrics.request(Metrics.method(ctx.request().method().name()), ctx.currentRoute() == null
                    || ctx.currentRoute().getPath() == null ? "other" : ctx.currentRoute().getPath(),
                    ctx.response().getStatusCode(), (System.nanoTime() - t0) / 1e9));
            ctx.next();
        });
        r.route("/v1/*").handler(ctx -> authenticate(ctx, clients.current(), members, node.tls().revoked()));
        // liveness for probes, without a token: answered by the event loop itself, so it says only that the loop
        // answers; nothing about peers, jobs or data (readiness is /v1/health, authenticated)
        r.get("/livez").handler(JobApi::live);
        // the operator console: a page holding no data (it reads /v1 with the operator's token, kept in the page)
        byte[] console = consolePage();
        r.get("/console").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .putHeader("content-security-policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                        + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'")
                .putHeader("referrer-policy", "no-referrer")
                .end(io.vertx.core.buffer.Buffer.buffer(console)));
        r.post("/v1/jobs").handler(BodyHandler.create().setBodyLimit(1 << 20)).handler(ctx -> allow(ctx, Role.SUBMITTER))
                .handler(ctx -> submit(node, ctx, submissions));
        r.post("/v1/queries").handler(BodyHandler.create().setBodyLimit(1 << 20)).handler(ctx -> allow(ctx, Role.SUBMITTER))
                .handler(ctx -> query(node, ctx, submissions));
        r.get("/v1/jobs").handler(ctx -> allow(ctx, Role.SUBMITTER, Role.READER, Role.AUDITOR)).handler(ctx -> list(node, ctx));
        r.get("/v1/jobs/:id").handler(ctx -> allow(ctx, Role.SUBMITTER, Role.READER, Role.AUDITOR))
                .handler(ctx -> withJob(node, ctx, j -> json(ctx, 200, view(ctx, j))));
        r.get("/v1/jobs/:id/result").handler(ctx -> allow(ctx, Role.READER))
                .handler(ctx -> withJob(node, ctx, j -> result(node, ctx, j)));
        r.post("/v1/jobs/:id/cancel").handler(ctx -> allow(ctx, Role.SUBMITTER)).handler(ctx -> withJob(node, ctx, j -> {
            String requester = "client " + client(ctx).name();
            ctx.vertx().executeBlocking(() -> {
                node.cancel(j.id(), requester);
                return j;
            }, false).onComplete(ar -> {
                if (ar.succeeded()) {
                    json(ctx, 202, new JsonObject().put("id", j.id()).put("state", j.state().name()));
                } else {
                    refusal(ctx, ar.cause());
                }
            });
        }));
        r.get("/v1/audit").handler(ctx -> allow(ctx, Role.AUDITOR)).handler(ctx -> audit(node, ctx));
        r.get("/v1/budget").handler(ctx -> allow(ctx, Role.SUBMITTER, Role.READER, Role.AUDITOR)).handler(ctx -> budget(node, ctx));
        r.get("/v1/health").handler(ctx -> {
            JsonObject h = health(node);
            json(ctx, h.getBoolean("ready") ? 200 : 503, h);
        });
        r.get("/v1/metrics").handler(ctx -> ctx.vertx().executeBlocking(metrics::render, false).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
            } else {
                ctx.fail(ar.cause());
            }
        }));
        io.vertx.core.net.ServerSSLOptions ssl = sslOptions(node, clients.current());
        io.vertx.core.http.HttpServerOptions opts = new io.vertx.core.http.HttpServerOptions().setSsl(true)
                .setKeyCertOptions(ssl.getKeyCertOptions()).setTrustOptions(ssl.getTrustOptions())
                .setClientAuth(io.vertx.core.http.ClientAuth.REQUEST);
        HttpServer server = vertx.createHttpServer(opts).requestHandler(r).listen(port, cfg.apiBind()).await();
        // reloaded credentials (SIGHUP) take effect for the API's new connections too
        node.onCredentialsReloaded(() -> server.updateSSLOptions(sslOptions(node, clients.current())).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("the job API keeps its previous certificate: {}", ar.cause().toString());
            } else {
                LOG.info("the job API presents the reloaded certificate to new connections");
            }
        }));
        return new JobApi(vertx, server, node, clients);
    }

    /**
     * Re-reads the API clients file (on SIGHUP), checked as at start: taken for every request from now on, or refused
     * with one WARN line naming the file and the field while the current clients stay. A changed client CA is trusted
     * by the API's new connections.
     */
    public void reloadClients() {
        ApiClients before = clients.current();
        ApiClients after;
        try {
            after = clients.reload();
        } catch (ConfigException e) {
            LOG.warn("API clients reload refused, keeping the current clients: {}", e.getMessage());
            return;
        }
        LOG.info("API clients reloaded from {}: {} clients", clients.file(), after.size());
        if (!java.util.Objects.equals(before.clientCa(), after.clientCa())) {
            server.updateSSLOptions(sslOptions(node, after)).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warn("the job API keeps trusting its previous client CA: {}", ar.cause().toString());
                } else {
                    LOG.info("the job API trusts the reloaded client CA for new connections");
                }
            });
        }
    }

    /** The API's TLS: the node's current key and certificate chain, trusting the consortium CA and the client CA. */
    static io.vertx.core.net.ServerSSLOptions sslOptions(ConsortiumNode node, ApiClients clients) {
        var tls = node.tls();
        StringBuilder chain = new StringBuilder();
        tls.chain().forEach(c -> chain.append(Pki.certificatePem(c)));
        PemTrustOptions trust = new PemTrustOptions().addCertValue(io.vertx.core.buffer.Buffer.buffer(Pki.certificatePem(tls.ca())));
        if (clients.clientCa() != null) {
            trust.addCertValue(io.vertx.core.buffer.Buffer.buffer(Pki.certificatePem(clients.clientCa())));
        }
        return new io.vertx.core.net.ServerSSLOptions()
                .setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
                        .setKeyValue(io.vertx.core.buffer.Buffer.buffer(Pki.privateKeyPem(tls.key())))
                        .setCertValue(io.vertx.core.buffer.Buffer.buffer(chain.toString())))
                .setTrustOptions(trust).setClientAuth(io.vertx.core.http.ClientAuth.REQUEST);
    }

    /** {@code GET /livez}: 200 and {@code {"live":true}}, for any caller; no state is read. */
    static void live(RoutingContext ctx) {
        ctx.response().putHeader("cache-control", "no-store");
        json(ctx, 200, new JsonObject().put("live", true));
    }

    /**
     * {@code GET /v1/jobs}: a page of the records, newest first (state, limit, offset as {@link JobPage.Query}); 400
     * names a wrong parameter. The records as this client may see them, from memory.
     */
    private static void list(ConsortiumNode node, RoutingContext ctx) {
        JobPage.Query q;
        try {
            q = JobPage.Query.parse(ctx.request().getParam("state"), ctx.request().getParam("limit"),
                    ctx.request().getParam("offset"));
        } catch (JobPage.QueryException e) {
            json(ctx, 400, new JsonObject().put("error", e.getMessage()).put("field", e.field()));
            return;
        }
        JobPage page = JobPage.of(node.jobs(), q);
        JsonArray a = new JsonArray();
        page.jobs().forEach(j -> a.add(view(ctx, j)));
        json(ctx, 200, new JsonObject().put("jobs", a).put("total", page.total()).put("offset", page.offset())
                .put("limit", page.limit()));
    }

    /** The console page, from the jar. */
    static byte[] consolePage() {
        try (var in = JobApi.class.getResourceAsStream("console.html")) {
            if (in == null) {
                throw new IllegalStateException("console.html is missing from the node's jar");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read console.html: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    /**
     * 401 without a known client or with a revoked certificate, 403 for a consortium member's certificate; otherwise
     * remembers the client.
     */
    private static void authenticate(RoutingContext ctx, ApiClients clients, Set<String> members,
            Set<java.math.BigInteger> revoked) {
        X509Certificate cert = clientCertificate(ctx);
        X509Certificate revokedCert = revokedInChain(ctx, revoked);
        if (revokedCert != null) {
            cert = revokedCert;
            LOG.warn("refused an API request presenting the revoked certificate CN={} (serial {})", Pki.commonName(cert),
                    cert.getSerialNumber().toString(16));
            json(ctx, 401, new JsonObject().put("error", "this client certificate is revoked"));
            return;
        }
        if (cert != null && members.contains(Pki.commonName(cert))) { // whoever issued it
            LOG.warn("refused an API request presenting the certificate of consortium member {}", Pki.commonName(cert));
            json(ctx, 403, new JsonObject().put("error", "the certificates of consortium members are not API clients"));
            return;
        }
        ApiClients.Client client = null;
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
            client = clients.byToken(auth.substring(7));
        } else if (cert != null) {
            client = clients.byCertificate(cert);
        }
        if (client == null) {
            json(ctx, 401, new JsonObject().put("error", "authenticate as one of this node's API clients (bearer token or "
                    + "client certificate)"));
            return;
        }
        ctx.put(CLIENT, client);
        ctx.next();
    }

    private static ApiClients.Client client(RoutingContext ctx) {
        return ctx.get(CLIENT);
    }

    private static void allow(RoutingContext ctx, Role... roles) {
        ApiClients.Client c = client(ctx);
        if (c.may(roles)) {
            ctx.next();
        } else {
            json(ctx, 403, new JsonObject().put("error", "client " + c.name() + " lacks the role for this request (one of "
                    + java.util.Arrays.toString(roles).toLowerCase(java.util.Locale.ROOT) + ")"));
        }
    }

    /** A job record as this client may see it: the local detail of a failure for admins only. */
    private static JsonObject view(RoutingContext ctx, JobRecord j) {
        return client(ctx).roles().contains(Role.ADMIN) ? j.toLocalJson() : j.toJson();
    }

    /** A certificate of the client's chain (its own or an intermediate) whose serial is revoked, or {@code null}. */
    static X509Certificate revokedInChain(RoutingContext ctx, Set<java.math.BigInteger> revoked) {
        try {
            var certs = ctx.request().connection().peerCertificates();
            for (var c : certs == null ? java.util.List.<java.security.cert.Certificate>of() : certs) {
                if (c instanceof X509Certificate x && revoked.contains(x.getSerialNumber())) {
                    return x;
                }
            }
        } catch (Exception e) {
            // no client certificate
        }
        return null;
    }

    /** The verified client certificate, or {@code null}. */
    static X509Certificate clientCertificate(RoutingContext ctx) {
        try {
            var certs = ctx.request().connection().peerCertificates();
            if (certs != null && !certs.isEmpty() && certs.get(0) instanceof X509Certificate x) {
                return x;
            }
        } catch (Exception notPresented) {
            // no client certificate: the bearer token decides
        }
        return null;
    }

    /** {@code GET /v1/audit?from=N[&job=ID]}: up to 1,000 records from N on; with {@code job}, only those naming it. */
    private static void audit(ConsortiumNode node, RoutingContext ctx) {
        long from;
        try {
            from = Long.parseLong(ctx.request().getParam("from", "1"));
        } catch (NumberFormatException e) {
            json(ctx, 400, new JsonObject().put("error", "from: expected a sequence number").put("field", "from"));
            return;
        }
        String job = ctx.request().getParam("job");
        java.util.function.Predicate<JsonObject> keep = job == null ? rec -> true
                : rec -> rec.getValue("fields") instanceof JsonObject f && job.equals(f.getValue("job"));
        vertxBlocking(ctx, () -> {
            JsonArray records = new JsonArray();
            node.audit().read(from, 1000, keep).forEach(records::add);
            return new JsonObject().put("head", node.audit().head().toJson()).put("records", records);
        });
    }

    /**
     * The privacy budget of every dataset with one (budget, spent this period, reserved, left); with {@code history}
     * (a dataset, or {@code *} for all), the ledger's records too (the last 1,000): which jobs reserved, spent and
     * released what.
     */
    private static void budget(ConsortiumNode node, RoutingContext ctx) {
        String history = ctx.request().getParam("history");
        vertxBlocking(ctx, () -> { // the ledger's lock is held across fsyncs: never on the event loop
            JsonArray datasets = new JsonArray();
            node.budgets().status().forEach(st -> datasets.add(PrivacyBudgets.json(st)));
            JsonObject out = new JsonObject().put("datasets", datasets);
            if (history != null) {
                var all = node.budgets().history(history.equals("*") ? null : history);
                JsonArray h = new JsonArray();
                all.subList(Math.max(0, all.size() - 1000), all.size())
                        .forEach(e -> h.add(PrivacyBudgets.json(e)));
                out.put("history", h);
            }
            return out;
        });
    }

    /** Runs a file read off the event loop and answers with its JSON. */
    private static void vertxBlocking(RoutingContext ctx, java.util.concurrent.Callable<JsonObject> work) {
        ctx.vertx().<JsonObject>executeBlocking(work).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, ar.result());
            } else {
                LOG.warn("API request failed", ar.cause());
                json(ctx, 500, new JsonObject().put("error", "internal error (see the node's log)"));
            }
        });
    }

    private static void submit(ConsortiumNode node, RoutingContext ctx, SubmissionQueue submissions) {
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
        String requester = "client " + client(ctx).name();
        // parsing, tracing and the own policy check run off the event loop; proposing never waits on a peer
        // on the submission workers: a burst of submissions (each may wait for a trace) never delays cancel or audit
        propose(ctx, submissions, node.config().self().name(), () -> node.submit(JobSpec.fromJson(body), requester));
    }

    /**
     * {@code POST /v1/queries}: the body's {@code sql}, {@code tables} (an object), {@code to} (a member or a list) and
     * {@code minGroup} as the parameters of a job of analysis {@code query}; proposed like any job, or with
     * {@code ?explain=true} only compiled and checked here (off the event loop), nothing proposed.
     */
    private static void query(ConsortiumNode node, RoutingContext ctx, SubmissionQueue submissions) {
        JobSpec spec;
        try {
            spec = querySpec(ctx.body().asJsonObject());
        } catch (RuntimeException e) {
            json(ctx, 400, new JsonObject().put("error", "the body must be a JSON object {sql, tables, to, minGroup}: "
                    + e.getMessage()).put("field", "(body)"));
            return;
        }
        if ("true".equals(ctx.queryParams().get("explain"))) {
            ctx.vertx().executeBlocking(() -> node.explain(spec), false).onComplete(ar -> {
                if (ar.succeeded()) {
                    json(ctx, 200, ar.result());
                } else {
                    refusal(ctx, ar.cause());
                }
            });
            return;
        }
        String requester = "client " + client(ctx).name();
        propose(ctx, submissions, node.config().self().name(), () -> node.submit(spec, requester));
    }

    /** A query's body as a job spec of analysis {@code query} (every value a string, as specs travel). */
    static JobSpec querySpec(JsonObject body) {
        if (body == null) {
            throw new IllegalArgumentException("no body");
        }
        for (String k : body.fieldNames()) {
            if (!java.util.List.of("sql", "tables", "to", "minGroup", "fractionalBits", "offline", "comparisons", "security").contains(k)) {
                throw new IllegalArgumentException("unknown field '" + k + "'");
            }
        }
        java.util.Map<String, String> p = new java.util.TreeMap<>();
        p.put("sql", body.getString("sql"));
        Object tables = body.getValue("tables");
        p.put("tables", tables instanceof JsonObject t ? t.encode() : String.valueOf(tables));
        Object to = body.getValue("to");
        if (to instanceof JsonArray a) {
            p.put("to", String.join(",", a.stream().map(String::valueOf).toList()));
        } else if (to != null) {
            p.put("to", String.valueOf(to));
        }
        for (String k : java.util.List.of("minGroup", "fractionalBits", "offline", "comparisons", "security")) {
            if (body.getValue(k) != null) {
                p.put(k, String.valueOf(body.getValue(k)));
            }
        }
        return new JobSpec("query", p);
    }

    /**
     * Queues a submission: 202 with its id once proposed, the refusal's status otherwise; 503 with a Retry-After
     * header at once when the submission queue is full (the submission never runs, so nothing of it is recorded).
     */
    static void propose(RoutingContext ctx, SubmissionQueue submissions, String self, java.util.concurrent.Callable<JobRecord> work) {
        io.vertx.core.Future<JobRecord> queued = submissions.offer(work);
        if (queued == null) {
            ctx.response().putHeader("Retry-After", String.valueOf(SubmissionQueue.RETRY_AFTER_SECONDS));
            json(ctx, 503, new JsonObject().put("error", "not proposed: " + self + " has " + submissions.maxWaiting()
                    + " submissions waiting already; submit again in " + SubmissionQueue.RETRY_AFTER_SECONDS + " s")
                    .put("code", "BUSY"));
            return;
        }
        queued.onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 202, new JsonObject().put("id", ar.result().id()));
            } else {
                refusal(ctx, ar.cause());
            }
        });
    }

    private static void refusal(RoutingContext ctx, Throwable t) {
        switch (t) {
            // 409: the request conflicts with a node's policy (not 403, which says the client lacks a role)
            case PolicyRefusal e -> json(ctx, 409, new JsonObject().put("error", e.getMessage()).put("code", "POLICY_REFUSED"));
            case Unavailable e -> json(ctx, 503, new JsonObject().put("error", e.getMessage()).put("code", "UNAVAILABLE"));
            case SpecException e -> json(ctx, 400, new JsonObject().put("error", e.getMessage()).put("field", e.field())
                    .put("code", "SPEC_INVALID"));
            case IllegalArgumentException e -> json(ctx, 400, new JsonObject().put("error", String.valueOf(e.getMessage()))
                    .put("code", "SPEC_INVALID"));
            default -> {
                LOG.warn("job request failed", t);
                json(ctx, 500, new JsonObject().put("error", "internal error (see the node's log)").put("code", "INTERNAL"));
            }
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
            JsonObject o = new JsonObject().put("id", j.id()).put("result", a);
            java.util.List<String> labels = node.resultLabels(j);
            if (labels != null && labels.size() == a.size()) { // names from the spec alone, in the result's order
                JsonObject named = new JsonObject();
                for (int i = 0; i < labels.size(); i++) {
                    named.put(labels.get(i), a.getValue(i));
                }
                o.put("labels", new JsonArray(labels)).put("named", named);
            }
            var table = node.resultTable(j);
            if (table != null) { // a query's result as its table: header and rows
                JsonArray rows = new JsonArray();
                table.rows().forEach(row -> rows.add(new JsonArray(new java.util.ArrayList<>(row))));
                o.put("table", new JsonObject().put("header", new JsonArray(table.header())).put("rows", rows));
            }
            json(ctx, 200, o);
        }
    }

    /**
     * Ready (200) when the state directory is writable and every other member is connected; otherwise 503, with
     * the reasons as codes ({@code STATE_UNWRITABLE}, {@code PEER_DOWN:name}).
     */
    private static JsonObject health(ConsortiumNode node) {
        JsonArray peers = new JsonArray();
        JsonArray problems = new JsonArray();
        for (ConsortiumNode.PeerStatus p : node.peerStatus()) {
            JsonObject o = new JsonObject().put("id", p.id()).put("name", p.name()).put("role", p.role())
                    .put("connected", p.connected());
            if (p.certificateDaysLeft() != null) {
                o.put("certificateDaysLeft", p.certificateDaysLeft());
            }
            peers.add(o);
            if (!p.connected()) {
                problems.add("PEER_DOWN:" + p.name());
            }
        }
        if (!node.health().writable()) {
            problems.add("STATE_UNWRITABLE");
        }
        int dealer = node.config().consortium().partyCount();
        boolean dealerUp = node.config().isDealer()
                || node.config().consortium().hasDealer() && node.transport().connected(dealer);
        return new JsonObject().put("node", node.config().self().name()).put("ready", problems.isEmpty())
                .put("problems", problems).put("peers", peers)
                .put("dealerReachable", dealerUp).put("offline", node.config().consortium().protocol().offline().word())
                .put("certificateDaysLeft", Pki.daysLeft(node.tls().certificate()))
                .put("caDaysLeft", Pki.daysLeft(node.tls().ca()))
                .put("securityEvents", new JsonArray(node.transport().securityEvents()))
                .put("auditHead", node.audit().head().toJson())
                .put("stateWritable", node.health().writable()).put("stateProblem", node.health().problem())
                .put("lastRecovery", lastRecovery(node.health().lastSetAside()));
    }

    /** The last state record set aside at start-up ({@code null}: none since the node started). */
    private static JsonObject lastRecovery(StateHealth.SetAside s) {
        return s == null ? null : new JsonObject().put("time", s.time().toString()).put("file", s.file())
                .put("line", s.line()).put("bytes", s.bytes()).put("movedTo", s.movedTo());
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
