package org.consortia.mpc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests the client sends and how it reads answers, against a scripted HTTP server on loopback (the real node
 * is party-node's JavaClientIT): methods, paths, the bearer header, bodies, error statuses, waiting.
 */
class MpcClientTest {
    private static final String TOKEN = "secret-token-do-not-print-0123";
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String api() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = x.getRequestURI().getRawPath();
        requests.add(x.getRequestMethod() + " " + path + " " + x.getRequestHeaders().getFirst("Authorization") + " " + body);
        if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            reply(x, 401, "{\"error\":\"unknown client\"}");
            return;
        }
        switch (x.getRequestMethod() + " " + path) {
            case "POST /v1/jobs" -> {
                if (body.contains("\"busy\"")) {
                    x.getResponseHeaders().add("Retry-After", "3");
                    reply(x, 503, "{\"error\":\"the submission queue is full\",\"code\":\"BUSY\"}");
                } else {
                    reply(x, 202, "{\"id\":\"j-1\"}");
                }
            }
            case "GET /v1/jobs" -> reply(x, 200, "{\"jobs\":[" + JsonMappingTest.SUCCEEDED + "]}");
            case "GET /v1/jobs/j-1" -> {
                int n = polls.incrementAndGet();
                String state = n < 3 ? "PROPOSED\",\"phase\":\"proposed" : n < 5 ? "RUNNING\",\"phase\":\"online"
                        : "SUCCEEDED\",\"phase\":\"online";
                reply(x, 200, "{\"id\":\"j-1\",\"spec\":{\"analysis\":\"secure-sum\",\"params\":{}},\"state\":\"" + state
                        + "\",\"hasResult\":true}");
            }
            case "GET /v1/jobs/j-slow" -> reply(x, 200, "{\"id\":\"j-slow\",\"state\":\"RUNNING\",\"phase\":\"online\"}");
            case "GET /v1/jobs/j-1/result" -> reply(x, 200, "{\"id\":\"j-1\",\"result\":[6.0,30.0,-3.0]}");
            case "GET /v1/jobs/j-2/result" -> reply(x, 403, "{\"error\":\"org-1 is not a result recipient of job j-2\"}");
            case "POST /v1/jobs/j-1/cancel" -> reply(x, 202, "{\"id\":\"j-1\",\"state\":\"cancelling\"}");
            case "POST /v1/queries" -> reply(x, x.getRequestURI().getRawQuery() == null ? 202 : 200,
                    x.getRequestURI().getRawQuery() == null ? "{\"id\":\"q-1\"}" : "{\"analysis\":\"query\",\"estimate\":"
                            + "{\"rounds\":12,\"bytesPerParty\":4096}}");
            case "GET /v1/jobs/q-1/result" -> reply(x, 200, "{\"id\":\"q-1\",\"result\":[1,4,2.5],\"table\":{\"header\":"
                    + "[\"region\",\"n\",\"avg\"],\"rows\":[[\"north\",4,2.5],[\"south\",1,null]]}}");
            default -> reply(x, 404, "{\"error\":\"unknown job\"}");
        }
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Test
    void submitWaitResultListCancel() throws Exception {
        MpcClient c = MpcClient.builder(api()).token(TOKEN).pollInterval(Duration.ofMillis(5)).build();
        String id = c.submit("secure-sum", Map.of("input", "v.csv"));
        assertEquals("j-1", id);
        assertEquals("POST /v1/jobs Bearer " + TOKEN + " {\"analysis\":\"secure-sum\",\"params\":{\"input\":\"v.csv\"}}",
                requests.get(0));
        List<Job> seen = new ArrayList<>();
        Job done = c.await(id, Duration.ofSeconds(10), seen::add);
        assertEquals(Job.State.SUCCEEDED, done.state());
        assertEquals(List.of(Job.State.PROPOSED, Job.State.RUNNING, Job.State.SUCCEEDED),
                seen.stream().map(Job::state).toList(), "each change once");
        assertEquals(5, polls.get());
        assertArrayEquals(new double[] {6, 30, -3}, c.result(id));
        assertEquals(List.of("j-0001-a1b2c3d4"), c.jobs().stream().map(Job::id).toList());
        c.cancel(id);
        assertTrue(requests.get(requests.size() - 1).startsWith("POST /v1/jobs/j-1/cancel "), requests.toString());
    }

    @Test
    void aQueryIsProposedExplainedAndReadAsATable() throws Exception {
        MpcClient c = MpcClient.builder(api()).token(TOKEN).build();
        Map<String, Object> tables = Map.of("customers", Map.of("member", "bank", "rows", 10, "columns",
                Map.of("id", "key", "region", List.of("north", "south"))));
        String sql = "SELECT region, COUNT(*) AS n FROM customers GROUP BY region";
        assertEquals("q-1", c.query(sql, tables, List.of("bank"), 5));
        String sent = requests.get(requests.size() - 1);
        assertTrue(sent.startsWith("POST /v1/queries Bearer " + TOKEN + " {\"sql\":\"" + sql + "\",\"tables\":"), sent);
        assertTrue(sent.endsWith(",\"to\":[\"bank\"],\"minGroup\":5}"), sent);
        assertEquals(12, ((Map<?, ?>) c.explain(sql, tables, List.of(), 1).get("estimate")).get("rounds"));
        QueryTable t = c.queryResult("q-1");
        assertEquals(List.of("region", "n", "avg"), t.header());
        assertEquals(List.of("north", 4L, 2.5), t.rows().get(0));
        assertEquals(java.util.Arrays.asList("south", 1L, null), t.rows().get(1));
    }

    @Test
    void refusalsAreApiExceptionsWithStatusReasonAndCode() throws Exception {
        MpcClient c = MpcClient.builder(api()).token(TOKEN).build();
        ApiException forbidden = assertThrows(ApiException.class, () -> c.result("j-2"));
        assertEquals(403, forbidden.status());
        assertEquals("HTTP 403: org-1 is not a result recipient of job j-2", forbidden.getMessage());
        ApiException missing = assertThrows(ApiException.class, () -> c.job("no-such-job"));
        assertEquals(404, missing.status());
        ApiException busy = assertThrows(ApiException.class, () -> c.submit(JobSpec.of("busy")));
        assertEquals(503, busy.status());
        assertEquals("BUSY", busy.code().orElseThrow());
        assertEquals(Duration.ofSeconds(3), busy.retryAfter().orElseThrow());
        ApiException unknown = assertThrows(ApiException.class,
                () -> MpcClient.builder(api()).token("wrong-token").build().jobs());
        assertEquals(401, unknown.status());
        assertFalse(unknown.getMessage().contains("wrong-token"));
        assertThrows(ApiException.class, () -> MpcClient.builder(api()).build().jobs(), "no token: 401");
        assertTrue(requests.get(requests.size() - 1).contains(" null "), "no Authorization header without a token");
    }

    @Test
    void awaitGivesUpAtItsTimeout() throws Exception {
        MpcClient c = MpcClient.builder(api()).token(TOKEN).pollInterval(Duration.ofMillis(20)).build();
        long t0 = System.nanoTime();
        TimeoutException e = assertThrows(TimeoutException.class, () -> c.await("j-slow", Duration.ofMillis(300)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 300 && ms < 5_000, ms + " ms");
        assertTrue(e.getMessage().contains("still RUNNING (online)"), e.getMessage());
    }

    @Test
    void theTokenIsNeverPrinted() throws Exception {
        MpcClient.Builder b = MpcClient.builder(api() + "/").token(TOKEN);
        MpcClient c = b.build();
        assertEquals("MpcClient[" + api() + "]", c.toString());
        assertFalse(b.toString().contains(TOKEN), b.toString());
    }

    @Test
    void optionsAreCheckedNamingTheField(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MpcClient.builder("org-a:8101"));
        assertTrue(e.getMessage().startsWith("api: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MpcClient.builder(api()).pollInterval(Duration.ZERO));
        assertTrue(e.getMessage().startsWith("pollInterval: "), e.getMessage());
        Path notPem = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
        IOException bad = assertThrows(IOException.class, () -> MpcClient.connect(api(), TOKEN, notPem));
        assertTrue(bad.getMessage().contains("caCertificate: "), bad.getMessage());
        assertThrows(IOException.class, () -> MpcClient.connect(api(), TOKEN, dir.resolve("missing.crt")));
    }
}
