package org.consortia.mpc.node.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.runtime.tls.Pki;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One node's job API. Thread-safe; the token is never printed ({@link #toString()} names the API only).
 *
 * <pre>{@code
 * JobClient c = JobClient.connect("https://org-a.example.net:8101", System.getenv("MPC_API_TOKEN"), Path.of("ca.crt"));
 * String id = c.submit("secure-sum", Map.of("input", "v.csv", "length", "3"));
 * JsonObject record = c.follow(id, Duration.ofMinutes(10), p -> System.err.println(p));
 * double[] result = c.result(id);   // at a result recipient's node
 * }</pre>
 */
public final class JobClient {
    /** The phases a job passes through, in order (for progress). */
    public static final List<String> PHASES = List.of("proposed", "starting", "input check", "offline", "online");
    private static final List<String> FINAL = List.of("SUCCEEDED", "FAILED", "REFUSED", "CANCELLED");

    private final HttpClient http;
    private final String api;
    private final String token;

    private JobClient(HttpClient http, String api, String token) {
        this.http = http;
        this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        this.token = token == null ? "" : token;
    }

    /**
     * @param api   the node's API, e.g. {@code https://org-a.example.net:8101}
     * @param token a bearer token from the node's clients file
     * @param ca    the consortium CA's certificate (PEM) that signed the node's, or {@code null} for the system's CAs
     */
    public static JobClient connect(String api, String token, Path ca) throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (ca != null) {
            try {
                java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setCertificateEntry("consortium-ca", Pki.readCertificate(ca));
                javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                b.sslContext(ctx);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot trust " + ca + ": " + e.getMessage(), e);
            }
        }
        return new JobClient(b.build(), api, token);
    }

    /** An answer other than the expected status: the status and the node's reason. */
    public static final class ApiException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        ApiException(int status, String body) {
            super("HTTP " + status + ": " + reason(body));
            this.status = status;
        }

        public int status() {
            return status;
        }

        private static String reason(String body) {
            try {
                String e = new JsonObject(body).getString("error");
                return e != null ? e : body.strip();
            } catch (RuntimeException notJson) {
                return body.strip();
            }
        }
    }

    /** Where a followed job is: state, phase, phases done of {@link #PHASES}, elapsed time. */
    public record Progress(String id, String state, String phase, int phasesDone, Duration elapsed) {
        @Override
        public String toString() {
            int n = PHASES.size();
            return String.format(java.util.Locale.ROOT, "[%s%s] job %s: %s / %s, %.1f s", "#".repeat(phasesDone),
                    ".".repeat(Math.max(0, n - phasesDone)), id, state.toLowerCase(java.util.Locale.ROOT), phase,
                    elapsed.toMillis() / 1e3);
        }
    }

    /** Proposes a job; returns its id. */
    public String submit(String analysis, Map<String, String> params) throws IOException, InterruptedException {
        JsonObject spec = new JsonObject().put("analysis", analysis).put("params", new JsonObject(new java.util.LinkedHashMap<>(params)));
        return expect(202, send("POST", "/v1/jobs", spec.encode())).getString("id");
    }

    /** Proposes a job given as its JSON spec ({@code {"analysis": ..., "params": {...}}}). */
    public String submit(JsonObject spec) throws IOException, InterruptedException {
        return expect(202, send("POST", "/v1/jobs", spec.encode())).getString("id");
    }

    /**
     * A joint query ({@code {"sql", "tables", "to", "minGroup"}}): proposed (its id under {@code id}), or with
     * {@code explain} only compiled and checked at this node (its estimated cost, reads, reveals and column uses).
     */
    public JsonObject query(JsonObject body, boolean explain) throws IOException, InterruptedException {
        return expect(explain ? 200 : 202, send("POST", "/v1/queries" + (explain ? "?explain=true" : ""), body.encode()));
    }

    /** A job's result as the node returns it (values, labels and, for a query, its table). */
    public JsonObject resultJson(String id) throws IOException, InterruptedException {
        return expect(200, send("GET", "/v1/jobs/" + id + "/result", null));
    }

    /** The node's privacy budgets; with {@code history} (a dataset, or "*"), the ledger's records too. */
    public JsonObject budget(String history) throws IOException, InterruptedException {
        return expect(200, send("GET", "/v1/budget" + (history == null ? "" : "?history="
                + java.net.URLEncoder.encode(history, java.nio.charset.StandardCharsets.UTF_8)), null));
    }

    public JsonObject job(String id) throws IOException, InterruptedException {
        return expect(200, send("GET", "/v1/jobs/" + id, null));
    }

    /** The newest jobs (the node's first page: 50), newest first. */
    public List<JsonObject> jobs() throws IOException, InterruptedException {
        return jobs(null, 0, 0).jobs();
    }

    /** A page of the node's job records, newest first, and how many there are of that state (of all, without one). */
    public record JobList(List<JsonObject> jobs, int total, int offset, int limit) {
    }

    /**
     * The page of jobs in {@code state} ({@code null}: any) after the {@code offset} newest, at most {@code limit}
     * ({@code 0}: the node's default, 50; at most 500).
     */
    public JobList jobs(String state, int offset, int limit) throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder();
        if (state != null) {
            q.append("&state=").append(java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (offset != 0) {
            q.append("&offset=").append(offset);
        }
        if (limit != 0) {
            q.append("&limit=").append(limit);
        }
        JsonObject page = expect(200, send("GET", "/v1/jobs" + (q.isEmpty() ? "" : "?" + q.substring(1)), null));
        List<JsonObject> out = new ArrayList<>();
        JsonArray a = page.getJsonArray("jobs");
        a.forEach(o -> out.add((JsonObject) o));
        return new JobList(out, page.getInteger("total", out.size()), page.getInteger("offset", offset),
                page.getInteger("limit", out.size()));
    }

    /**
     * The result with the names of its values (from the job's spec: {@code coefficient[x3]}, {@code intercept},
     * {@code bin[20,40)}, ...), in order; labels are {@code null} where the values have no names beyond positions.
     */
    public record LabelledResult(double[] values, java.util.List<String> labels) {
    }

    /** The labelled result, at a result recipient's node. */
    public LabelledResult labelledResult(String id) throws IOException, InterruptedException {
        JsonObject o = expect(200, send("GET", "/v1/jobs/" + id + "/result", null));
        JsonArray r = o.getJsonArray("result");
        double[] out = new double[r.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.getDouble(i);
        }
        JsonArray l = o.getJsonArray("labels");
        return new LabelledResult(out, l == null ? null : l.stream().map(String::valueOf).toList());
    }

    /** The result, at a result recipient's node. */
    public double[] result(String id) throws IOException, InterruptedException {
        JsonArray r = expect(200, send("GET", "/v1/jobs/" + id + "/result", null)).getJsonArray("result");
        double[] out = new double[r.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.getDouble(i);
        }
        return out;
    }

    public void cancel(String id) throws IOException, InterruptedException {
        expect(202, send("POST", "/v1/jobs/" + id + "/cancel", ""));
    }

    /** The node's health (200 ready or 503 not ready: both answer the body). */
    public JsonObject health() throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", "/v1/health", null);
        if (r.statusCode() != 200 && r.statusCode() != 503) {
            throw new ApiException(r.statusCode(), r.body());
        }
        return new JsonObject(r.body());
    }

    /**
     * Follows the job until it ends or {@code timeout} passes, telling {@code progress} whenever its state or phase
     * changes; returns the final record (whatever its state), or {@code null} on timeout.
     */
    public JsonObject follow(String id, Duration timeout, java.util.function.Consumer<Progress> progress)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String last = "";
        while (System.nanoTime() - t0 < timeout.toNanos()) {
            JsonObject rec = job(id);
            String state = rec.getString("state", "");
            String phase = rec.getString("phase", "");
            boolean done = FINAL.contains(state);
            if (!(state + phase).equals(last)) {
                int i = PHASES.indexOf(phase);
                progress.accept(new Progress(id, state, phase, done ? PHASES.size() : Math.max(0, i + 1),
                        Duration.ofNanos(System.nanoTime() - t0)));
                last = state + phase;
            }
            if (done) {
                return rec;
            }
            Thread.sleep(100);
        }
        return null;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            b.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject expect(int status, HttpResponse<String> r) throws ApiException {
        if (r.statusCode() != status) {
            throw new ApiException(r.statusCode(), r.body());
        }
        String b = r.body();
        return b == null || b.isBlank() ? new JsonObject() : new JsonObject(b);
    }

    @Override
    public String toString() {
        return "JobClient[" + api + "]";
    }
}
