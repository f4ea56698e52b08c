package org.consortia.mpc.node.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** Listing job records: newest first whatever the store's order, one state, pages, and parameters that name themselves. */
class JobPageTest {
    private static JobRecord record(String id, Instant started, JobRecord.State state) {
        return JobRecord.fromStored(new JsonObject().put("id", id).put("initiator", 0)
                .put("spec", new JsonObject().put("analysis", "secure-sum").put("params", new JsonObject()))
                .put("started", started.toString()).put("state", state.name()).put("phase", "online"));
    }

    /** 120 records, one a second from t0; every third failed; shuffled (the store keeps no order). */
    private static List<JobRecord> records() {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        List<JobRecord> all = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            all.add(record(String.format("job-%03d", i), t0.plusSeconds(i),
                    i % 3 == 0 ? JobRecord.State.FAILED : JobRecord.State.SUCCEEDED));
        }
        Collections.shuffle(all, new Random(27));
        return all;
    }

    private static List<String> ids(JobPage p) {
        return p.jobs().stream().map(JobRecord::id).toList();
    }

    @Test
    void newestFirstInPagesWithTheTotal() {
        List<JobRecord> all = records();
        JobPage first = JobPage.of(all, JobPage.Query.FIRST_PAGE);
        assertEquals(120, first.total());
        assertEquals(50, first.jobs().size());
        assertEquals("job-119", first.jobs().get(0).id());
        assertEquals("job-070", first.jobs().get(49).id());
        JobPage last = JobPage.of(all, JobPage.Query.parse(null, "50", "100"));
        assertEquals(List.of("job-019", "job-018", "job-017"), ids(last).subList(0, 3));
        assertEquals(20, last.jobs().size());
        assertEquals("job-000", last.jobs().get(19).id());
        JobPage beyond = JobPage.of(all, JobPage.Query.parse(null, "10", "500"));
        assertEquals(List.of(), beyond.jobs());
        assertEquals(120, beyond.total());
    }

    @Test
    void oneStateOnly() {
        JobPage failed = JobPage.of(records(), JobPage.Query.parse("failed", "500", null));
        assertEquals(40, failed.total());
        assertEquals(40, failed.jobs().size());
        assertEquals("job-117", failed.jobs().get(0).id());
        failed.jobs().forEach(j -> assertEquals(JobRecord.State.FAILED, j.state()));
        assertEquals(0, JobPage.of(records(), JobPage.Query.parse("RUNNING", null, null)).total());
    }

    @Test
    void theSameStartTimeOrdersByIdDescending() {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        JobPage p = JobPage.of(List.of(record("a", t, JobRecord.State.SUCCEEDED), record("c", t, JobRecord.State.SUCCEEDED),
                record("b", t, JobRecord.State.SUCCEEDED)), JobPage.Query.FIRST_PAGE);
        assertEquals(List.of("c", "b", "a"), ids(p));
    }

    @Test
    void aWrongParameterIsNamed() {
        assertEquals("limit", assertThrows(JobPage.QueryException.class, () -> JobPage.Query.parse(null, "501", null)).field());
        assertEquals("limit", assertThrows(JobPage.QueryException.class, () -> JobPage.Query.parse(null, "0", null)).field());
        assertEquals("limit", assertThrows(JobPage.QueryException.class, () -> JobPage.Query.parse(null, "ten", null)).field());
        assertEquals("offset", assertThrows(JobPage.QueryException.class, () -> JobPage.Query.parse(null, null, "-1")).field());
        var state = assertThrows(JobPage.QueryException.class, () -> JobPage.Query.parse("BROKEN", null, null));
        assertEquals("state", state.field());
        assertEquals("state: expected one of [PROPOSED, RUNNING, SUCCEEDED, FAILED, REFUSED, CANCELLED], got 'BROKEN'",
                state.getMessage());
        assertEquals(new JobPage.Query(null, 0, 500), JobPage.Query.parse("", "500", ""));
    }
}
