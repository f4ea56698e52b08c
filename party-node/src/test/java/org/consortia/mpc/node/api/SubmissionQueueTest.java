package org.consortia.mpc.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.consortia.mpc.node.jobs.JobRecord;
import org.consortia.mpc.node.jobs.JobSpec;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The bounded submission queue behind {@code POST /v1/jobs}, over HTTP: with one worker busy and two submissions
 * waiting, the next is answered 503 at once with a Retry-After and one line, and never runs; once the worker is free
 * the waiting ones are proposed (202, each its own id) and the queue takes submissions again.
 */
class SubmissionQueueTest {
    @Test
    void aFullQueueAnswers503WithRetryAfterAndLosesNothing() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            SubmissionQueue queue = new SubmissionQueue(vertx, 1, 2);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            Router r = Router.router(vertx);
            r.post("/v1/jobs").handler(ctx -> JobApi.propose(ctx, queue, "org-0", () -> {
                int n = ran.incrementAndGet();
                assertTrue(release.await(30, TimeUnit.SECONDS), "never released");
                return new JobRecord("job-" + n, new JobSpec("secure-sum", Map.of()), 0, List.of("org-0"));
            }));
            HttpServer server = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").await();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/v1/jobs"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();

            List<CompletableFuture<HttpResponse<String>>> accepted = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // one proposed (held), two waiting
                accepted.add(http.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
            }
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (queue.pending() < 3) {
                assertTrue(System.nanoTime() < end, "the three submissions never reached the queue: " + queue.pending());
                Thread.sleep(10);
            }

            HttpResponse<String> full = http.send(post, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, full.statusCode(), full.body());
            assertEquals("5", full.headers().firstValue("Retry-After").orElse(null));
            JsonObject body = new JsonObject(full.body());
            assertEquals("BUSY", body.getString("code"));
            assertEquals("not proposed: org-0 has 2 submissions waiting already; submit again in 5 s", body.getString("error"));
            assertEquals(1, ran.get(), "only the proposed submission runs while the others wait");
            assertFalse(accepted.stream().anyMatch(CompletableFuture::isDone), "a queued submission was answered early");

            release.countDown();
            Set<String> ids = new TreeSet<>();
            for (var f : accepted) {
                HttpResponse<String> ok = f.get(30, TimeUnit.SECONDS);
                assertEquals(202, ok.statusCode(), ok.body());
                ids.add(new JsonObject(ok.body()).getString("id"));
            }
            assertEquals(Set.of("job-1", "job-2", "job-3"), ids, "every queued submission is proposed once");
            assertEquals(3, ran.get(), "the refused submission never ran");
            assertEquals(0, queue.pending());

            HttpResponse<String> again = http.send(post, HttpResponse.BodyHandlers.ofString());
            assertEquals(202, again.statusCode(), again.body());
            assertEquals("job-4", new JsonObject(again.body()).getString("id"));
        } finally {
            vertx.close().await();
        }
    }
}
