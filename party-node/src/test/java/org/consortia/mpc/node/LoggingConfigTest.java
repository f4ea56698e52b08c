package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;

/**
 * The distribution's two logging configurations, loaded as bin/mpc-node loads them: the text lines carry a timestamp,
 * the level and the job, phase and peer a line concerns (MDC fields; nothing when none is set); MPC_LOG_FORMAT=json
 * gives one JSON object per line with the same fields under "mdc". The test's own configuration is restored after.
 */
class LoggingConfigTest {

    private static String logWith(Path config, Runnable body) throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            configure(ctx, config.toUri().toURL());
            body.run();
        } finally {
            System.setErr(old);
            configure(ctx, LoggingConfigTest.class.getResource("/logback.xml"));
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void configure(LoggerContext ctx, java.net.URL config) throws Exception {
        ctx.reset();
        JoranConfigurator j = new JoranConfigurator();
        j.setContext(ctx);
        j.doConfigure(config);
    }

    private static void logBoth() {
        MDC.clear(); // this thread may have run sessions in earlier tests
        var log = LoggerFactory.getLogger("org.consortia.mpc.node.jobs.JobExecutor");
        log.info("the node is up");
        MDC.put("job", "j-42");
        MDC.put("phase", "online");
        try (var m = MDC.putCloseable("peer", "org-1")) {
            log.warn("job j-42 failed: PEER_LOST");
        } finally {
            MDC.remove("job");
            MDC.remove("phase");
        }
    }

    @Test
    void textLinesCarryTimeLevelAndTheJobPhaseAndPeer() throws Exception {
        String out = logWith(Path.of("src/dist/conf/logback.xml"), LoggingConfigTest::logBoth);
        String[] lines = out.strip().split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[^ ]* \\[INFO\\] JobExecutor - the node is up"),
                lines[0]);
        assertTrue(lines[1].endsWith("[WARN] JobExecutor {job=j-42, phase=online, peer=org-1} - job j-42 failed: PEER_LOST"),
                lines[1]);
    }

    @Test
    void jsonLinesCarryTheSameFields() throws Exception {
        String out = logWith(Path.of("src/dist/conf/logback-json.xml"), LoggingConfigTest::logBoth);
        String[] lines = out.strip().split("\n");
        assertEquals(2, lines.length, out);
        var first = new io.vertx.core.json.JsonObject(lines[0]);
        assertEquals("INFO", first.getString("level"));
        assertEquals("the node is up", first.getString("formattedMessage"));
        var second = new io.vertx.core.json.JsonObject(lines[1]);
        assertEquals("WARN", second.getString("level"));
        assertEquals("org.consortia.mpc.node.jobs.JobExecutor", second.getString("loggerName"));
        assertEquals("job j-42 failed: PEER_LOST", second.getString("formattedMessage"));
        var mdc = second.getJsonObject("mdc");
        assertEquals("j-42", mdc.getString("job"));
        assertEquals("online", mdc.getString("phase"));
        assertEquals("org-1", mdc.getString("peer"));
    }
}
