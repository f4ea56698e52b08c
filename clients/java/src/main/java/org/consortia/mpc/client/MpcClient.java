package org.consortia.mpc.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One party node's job API (docs/openapi.yaml). Thread-safe; {@link #toString()} names the API, never the token.
 *
 * <pre>{@code
 * MpcClient c = MpcClient.builder("https://org-a.example.net:8101")
 *         .token(System.getenv("MPC_API_TOKEN")).caCertificate(Path.of("ca.crt")).build();
 * String id = c.submit(JobSpec.of("secure-sum", "input", "v.csv", "length", "3", "resultParty", "0"));
 * Job job = c.await(id, Duration.ofMinutes(10));       // the final record, whatever its state
 * if (job.succeeded()) {
 *     double[] sum = c.result(id);                     // at a result recipient's node, with the reader role
 * } else {
 *     System.err.println(job.state() + " " + job.error() + " " + job.refusal());
 * }
 * }</pre>
 *
 * Every call is one HTTPS request (but {@link #await}, which polls); a status other than the expected one is an
 * {@link ApiException}, an unreachable node or a failed TLS handshake the HTTP client's {@link IOException}.
 */
public final class MpcClient {
    /** How long to wait for a TCP and TLS connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long one request may take. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How often {@link #await} asks for the job's record. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

    private final HttpClient http;
    private final String api;
    private final String token;
    private final Duration requestTimeout;
    private final Duration pollInterval;

    private MpcClient(Builder b, HttpClient http) {
        this.http = http;
        this.api = b.api;
        this.token = b.token;
        this.requestTimeout = b.requestTimeout;
        this.pollInterval = b.pollInterval;
    }

    /** A client of the API at {@code api}, e.g. {@code https://org-a.example.net:8101}. */
    public static Builder builder(String api) {
        return new Builder(api);
    }

    /** A client with a bearer token that trusts the CA certificate in {@code caPem} (null: the system's CAs). */
    public static MpcClient connect(String api, String token, Path caPem) throws IOException {
        return builder(api).token(token).caCertificate(caPem).build();
    }

    /** Options of a client; {@link #toString()} never prints the token. */
    public static final class Builder {
        private final String api;
        private String token = "";
        private Path caPem;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder(String api) {
            Objects.requireNonNull(api, "api");
            URI u;
            try {
                u = URI.create(api);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("api: not a URL: " + e.getMessage(), e);
            }
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("api: expected https://HOST:PORT, got '" + api + "'");
            }
            this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        }

        /** A bearer token from the node's clients file (null or empty: none, and the node answers 401). */
        public Builder token(String token) {
            this.token = token == null ? "" : token.strip();
            return this;
        }

        /** The consortium CA's certificate (PEM) that signed the node's; without one, the system's CAs. */
        public Builder caCertificate(Path caPem) {
            this.caPem = caPem;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        public Builder pollInterval(Duration d) {
            this.pollInterval = positive(d, "pollInterval");
            return this;
        }

        /** The client; reads the CA certificate now. */
        public MpcClient build() throws IOException {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout);
            if (caPem != null) {
                b.sslContext(trusting(caPem));
            }
            return new MpcClient(this, b.build());
        }

        @Override
        public String toString() {
            return "MpcClient.Builder[" + api + (caPem == null ? "" : ", ca " + caPem) + "]";
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": must be positive, got " + d);
            }
            return d;
        }
    }

    /** A TLS context that trusts exactly the certificates in a PEM file. */
    static SSLContext trusting(Path caPem) throws IOException {
        try (InputStream in = Files.newInputStream(caPem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("caCertificate: " + caPem + " holds no certificate");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("caCertificate: cannot trust " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** Proposes a job to the consortium through this node; returns its id (the nodes then vote on it). */
    public String submit(JobSpec spec) throws IOException, InterruptedException {
        return JsonMapping.jobId(expect(202, send("POST", "/v1/jobs", JsonMapping.spec(spec))));
    }

    /** As {@link #submit(JobSpec)}. */
    public String submit(String analysis, Map<String, String> params) throws IOException, InterruptedException {
        return submit(new JobSpec(analysis, params));
    }

    /** The job's record at this node. */
    public Job job(String id) throws IOException, InterruptedException {
        return JsonMapping.job(expect(200, send("GET", "/v1/jobs/" + path(id), null)));
    }

    /** Every job this node knows, oldest first. */
    public List<Job> jobs() throws IOException, InterruptedException {
        return JsonMapping.jobs(expect(200, send("GET", "/v1/jobs", null)));
    }

    /** The job's result: only at a result recipient's node, and with the reader role (else 403; 409 before it ends). */
    public double[] result(String id) throws IOException, InterruptedException {
        return JsonMapping.result(expect(200, send("GET", "/v1/jobs/" + path(id) + "/result", null)));
    }

    /**
     * Proposes a joint query in SQL (README, "Joint queries in SQL") through this node; returns its job id.
     * @param tables   the public schema of the tables it may name: {@code {name: {member, dataset, rows, columns}}}
     * @param to       the members that receive the result (empty: every member)
     * @param minGroup the fewest rows behind a shown group
     */
    public String query(String sql, Map<String, Object> tables, List<String> to, int minGroup)
            throws IOException, InterruptedException {
        return JsonMapping.jobId(expect(202, send("POST", "/v1/queries", JsonMapping.query(sql, tables, to, minGroup))));
    }

    /** What a query would read, reveal and cost, checked at this node; nothing is proposed (the API's JSON, as maps). */
    public Map<String, Object> explain(String sql, Map<String, Object> tables, List<String> to, int minGroup)
            throws IOException, InterruptedException {
        return JsonMapping.map(expect(200, send("POST", "/v1/queries?explain=true", JsonMapping.query(sql, tables, to,
                minGroup))));
    }

    /** A query job's result table at a recipient's node (else 403; 409 before it ends). */
    public QueryTable queryResult(String id) throws IOException, InterruptedException {
        return JsonMapping.table(expect(200, send("GET", "/v1/jobs/" + path(id) + "/result", null)));
    }

    /** Cancels the job on every node (the submitter role). */
    public void cancel(String id) throws IOException, InterruptedException {
        expect(202, send("POST", "/v1/jobs/" + path(id) + "/cancel", "{}"));
    }

    /** Waits until the job ends; returns its final record, whatever the state. */
    public Job await(String id, Duration timeout) throws IOException, InterruptedException, TimeoutException {
        return await(id, timeout, j -> { });
    }

    /**
     * Waits until the job ends, telling {@code onChange} each record whose state or phase differs from the last;
     * returns the final record, whatever the state.
     *
     * @throws TimeoutException when it has not ended within {@code timeout} (it goes on; {@link #cancel} stops it)
     */
    public Job await(String id, Duration timeout, Consumer<Job> onChange)
            throws IOException, InterruptedException, TimeoutException {
        Objects.requireNonNull(onChange, "onChange");
        long end = System.nanoTime() + timeout.toNanos();
        Job last = null;
        while (true) {
            Job j = job(id);
            if (last == null || j.state() != last.state() || !j.phase().equals(last.phase())) {
                onChange.accept(j);
            }
            last = j;
            if (j.ended()) {
                return j;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("job " + id + " still " + j.state() + " (" + j.phase() + ") after " + timeout);
            }
            Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, left / 1_000_000)));
        }
    }

    private static String path(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id: empty");
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(requestTimeout)
                .header("Accept", "application/json");
        if (!token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String expect(int status, HttpResponse<String> r) throws ApiException {
        if (r.statusCode() != status) {
            String[] e = JsonMapping.error(r.body());
            Duration retry = r.headers().firstValue("Retry-After").flatMap(MpcClient::seconds).orElse(null);
            throw new ApiException(r.statusCode(), e[0], e[1], retry);
        }
        return r.body();
    }

    private static java.util.Optional<Duration> seconds(String s) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(s.strip())));
        } catch (NumberFormatException notSeconds) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "MpcClient[" + api + "]";
    }
}
