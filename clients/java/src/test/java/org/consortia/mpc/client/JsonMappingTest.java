package org.consortia.mpc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The API's JSON (as party-node's JobRecord.toJson writes it, docs/openapi.yaml) to and from the records. */
class JsonMappingTest {
    static final String SUCCEEDED = """
            {"id":"j-0001-a1b2c3d4","spec":{"analysis":"secure-sum","params":{"input":"vec.csv","length":"3","resultParty":"0"}},
             "specSha256":"9f86d081","initiator":1,"recipients":["org-0"],"state":"SUCCEEDED","phase":"online",
             "started":"2026-12-05T03:00:00.123Z","hasResult":true,"finished":"2026-12-05T03:00:01.623Z","seconds":1.5,
             "online_ms":12.5,"bytes_sent":4096,"rounds":3}
            """;
    static final String FAILED = """
            {"id":"j-2","spec":{"analysis":"linear-regression","params":{}},"specSha256":"ab","initiator":0,
             "recipients":["org-2"],"state":"FAILED","phase":"input check","started":"2026-12-05T03:00:00Z",
             "hasResult":false,"finished":"2026-12-05T03:00:02Z","seconds":2.0,
             "error":{"code":"INPUT_INVALID","phase":"input check","party":"org-1"},"detail":"local detail for admins"}
            """;

    @Test
    void aSucceededJobReadsIntoTheRecord() throws IOException {
        Job j = JsonMapping.job(SUCCEEDED);
        assertEquals("j-0001-a1b2c3d4", j.id());
        assertEquals(new JobSpec("secure-sum", Map.of("input", "vec.csv", "length", "3", "resultParty", "0")), j.spec());
        assertEquals("secure-sum", j.analysis());
        assertEquals("9f86d081", j.specSha256());
        assertEquals(1, j.initiator());
        assertEquals(List.of("org-0"), j.recipients());
        assertEquals(Job.State.SUCCEEDED, j.state());
        assertEquals("online", j.phase());
        assertEquals(Instant.parse("2026-12-05T03:00:00.123Z"), j.started());
        assertEquals(Instant.parse("2026-12-05T03:00:01.623Z"), j.finished());
        assertEquals(1.5, j.seconds());
        assertEquals(12.5, j.onlineMillis());
        assertEquals(4096L, j.bytesSent());
        assertEquals(3L, j.rounds());
        assertTrue(j.hasResult());
        assertTrue(j.succeeded() && j.ended());
        assertTrue(j.failure().isEmpty());
        assertNull(j.refusal());
    }

    @Test
    void aFailedJobCarriesCodePhaseAndParty() throws IOException {
        Job j = JsonMapping.job(FAILED);
        assertEquals(Job.State.FAILED, j.state());
        assertTrue(j.ended());
        assertFalse(j.succeeded());
        assertEquals(new JobError("INPUT_INVALID", "input check", "org-1"), j.error());
        assertEquals(j.error(), j.failure().orElseThrow());
        assertEquals("local detail for admins", j.detail());
        assertNull(j.onlineMillis(), "only a job that succeeded has costs");
        assertEquals(Map.of(), j.spec().params());
        assertEquals("Job[j-2, linear-regression, FAILED, phase 'input check', started 2026-12-05T03:00:00Z, finished "
                + "2026-12-05T03:00:02Z, error INPUT_INVALID in 'input check' at org-1]", j.toString());
        assertFalse(JsonMapping.job(SUCCEEDED).toString().contains("vec.csv"), "no parameter values");
    }

    @Test
    void aRunningJobWithoutOptionalFieldsAndWithFieldsOfANewerNode() throws IOException {
        Job j = JsonMapping.job("""
                {"id":"j-3","spec":{"analysis":"matmul-loop","params":{"size":"4"}},"state":"RUNNING","phase":"offline",
                 "started":"2026-12-05T03:00:00Z","hasResult":false,"someFutureField":{"x":[1,2]}}
                """);
        assertEquals(Job.State.RUNNING, j.state());
        assertFalse(j.ended());
        assertNull(j.finished());
        assertNull(j.initiator());
        assertEquals(List.of(), j.recipients());
        Job future = JsonMapping.job("{\"id\":\"j-4\",\"state\":\"PAUSED\",\"phase\":\"online\"}");
        assertEquals(Job.State.UNKNOWN, future.state(), "a state this client does not know");
        assertFalse(future.ended(), "an unknown state is never final");
    }

    @Test
    void aRefusedJob() throws IOException {
        Job j = JsonMapping.job("""
                {"id":"j-5","spec":{"analysis":"secure-sum","params":{}},"state":"REFUSED","phase":"proposed",
                 "refusal":"org-1 refuses: rule 'resultRecipients' does not include org-2","hasResult":false}
                """);
        assertTrue(j.ended());
        assertTrue(j.refusal().contains("rule 'resultRecipients'"));
    }

    @Test
    void listsResultsAndIds() throws IOException {
        List<Job> jobs = JsonMapping.jobs("{\"jobs\":[" + SUCCEEDED + "," + FAILED + "]}");
        assertEquals(List.of("j-0001-a1b2c3d4", "j-2"), jobs.stream().map(Job::id).toList());
        assertEquals(List.of(), JsonMapping.jobs("{\"jobs\":[]}"));
        assertArrayEquals(new double[] {6.0, 30.0, -3.0}, JsonMapping.result("{\"id\":\"j-1\",\"result\":[6.0,30,-3.0]}"));
        assertEquals("j-77", JsonMapping.jobId("{\"id\":\"j-77\"}"));
        assertThrows(IOException.class, () -> JsonMapping.jobs("{\"error\":\"x\"}"));
        assertThrows(IOException.class, () -> JsonMapping.result("{\"result\":[1,\"two\"]}"));
        assertThrows(IOException.class, () -> JsonMapping.jobId("[1]"));
        assertThrows(IOException.class, () -> JsonMapping.job("{not json"));
    }

    @Test
    void aSpecIsWrittenAsTheApiTakesIt() throws IOException {
        String json = JsonMapping.spec(JobSpec.of("secure-sum", "input", "v.csv", "length", "3"));
        assertEquals("{\"analysis\":\"secure-sum\",\"params\":{\"input\":\"v.csv\",\"length\":\"3\"}}", json);
        assertEquals(new JobSpec("secure-sum", Map.of("input", "v.csv", "length", "3")),
                JsonMapping.MAPPER.readValue(json, JobSpec.class), "and reads back");
        assertThrows(IllegalArgumentException.class, () -> JobSpec.of("secure-sum", "input"));
        assertThrows(IllegalArgumentException.class, () -> new JobSpec(" ", Map.of()));
    }

    @Test
    void errorBodiesGiveReasonAndCode() {
        assertArrayEquals(new String[] {"submission queue full", "BUSY"},
                JsonMapping.error("{\"error\":\"submission queue full\",\"code\":\"BUSY\"}"));
        assertArrayEquals(new String[] {"field 'analysis' is missing", null},
                JsonMapping.error("{\"error\":\"field 'analysis' is missing\",\"field\":\"analysis\"}"));
        assertArrayEquals(new String[] {"Bad Gateway", null}, JsonMapping.error("Bad\n  Gateway\n"));
        assertEquals(503, JsonMapping.error("x".repeat(2000))[0].length(), "bounded to 500 characters and '...'");
    }
}
