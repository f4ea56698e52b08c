package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.consortia.mpc.config.ConfigLoader;
import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.runtime.netty.NettyTransport;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * A member floods another member's node (a real process with a 512 MiB heap) with 1,000 frames of 1 MiB for
 * sessions it never proposed: the node drops them, its heap does not grow, and when the member behaves again
 * the next job succeeds. The flooding member is this test, holding org-1's real credentials.
 */
class UnknownSessionFloodIT {
    static final int FRAMES = 1000;
    static final int WORDS = 1 << 17; // 1 MiB of payload per frame

    @Test
    void thousandFramesForUnknownSessionsDoNotGrowTheHeap(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "8s")) {
            for (int i = 0; i < 2; i++) {
                Files.writeString(c.dataDir(i).resolve("vec.csv"), (i + 1) + ",2,3\n");
            }
            c.start(0);
            c.start(2); // the dealer
            ConsortiumConfig consortium = ConfigLoader.consortium(dir.resolve("consortium.yaml"));
            long seed = new SecureRandom().nextLong();
            System.out.println("UnknownSessionFloodIT: session ids from seed " + seed);
            try (NettyTransport member = NettyTransport.start(consortium, 1, TlsMaterial.load(dir.resolve("org-1.key"),
                    dir.resolve("org-1.crt"), dir.resolve("ca.crt")), TlsMaterial.provider("jdk"))) {
                assertTrue(member.awaitAllConnected(Duration.ofSeconds(60)), "the flooding member connects");
                for (int i = 0; i < FRAMES; i++) {
                    long session = (seed + i * 0x9E3779B97F4A7C15L) | 1;
                    member.send(0, new Frame(session, 0, FrameKind.DATA, 1, new long[WORDS]));
                    if (i % 50 == 49) {
                        Thread.sleep(20); // let the socket drain: the test measures the receiver, not our buffer
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (metric(c, "mpc_frames_dropped_total") < FRAMES) {
                    assertTrue(System.nanoTime() < deadline, "not all frames arrived: " + metric(c, "mpc_frames_dropped_total"));
                    Thread.sleep(100);
                }
            }
            assertEquals(FRAMES, metric(c, "mpc_frames_dropped_total"));
            assertEquals(0, metric(c, "mpc_open_sessions"));
            long heap = metric(c, "mpc_heap_live_after_gc_bytes");
            System.out.println("UnknownSessionFloodIT: heap live after the last GC, after " + FRAMES
                    + " MiB of unknown frames: " + (heap >> 20) + " MiB");
            assertTrue(heap >= 0 && heap < 128L << 20, "heap live after GC " + (heap >> 20) + " MiB");

            c.start(1); // the member behaves again
            c.awaitMesh(0, Duration.ofSeconds(60));
            c.awaitMesh(1, Duration.ofSeconds(60));
            String id = c.submit(0, new JsonObject().put("analysis", "secure-sum").put("params", new JsonObject()
                    .put("input", "vec.csv").put("length", "3").put("resultParty", "0")));
            JsonObject rec = c.awaitJob(0, id, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", rec.getString("state"), rec.encode());
            assertEquals(3.0, rec.getJsonArray("result").getDouble(0), 1e-3);
        }
    }

    private static long metric(LocalConsortium c, String name) throws Exception {
        String text = c.request(0, "GET", "/v1/metrics", null, LocalConsortium.TOKEN)[1];
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} (\\d+)").matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
