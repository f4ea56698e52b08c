package org.consortia.mpc.node.jobs;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One page of a node's job records, newest first, optionally of one state: what {@code GET /v1/jobs} and
 * {@code mpc-node jobs} list. {@code total} counts every record of that state (all records without one), so a client
 * pages with {@code offset += limit} while {@code offset < total}.
 *
 * <pre>
 * GET /v1/jobs?state=FAILED&amp;limit=50&amp;offset=0  -&gt;  {"jobs": [newest, ...], "total": 73, "offset": 0, "limit": 50}
 * </pre>
 *
 * @param jobs   at most {@code limit} records, newest first
 * @param total  the records of the state asked for (all states: every record)
 * @param offset how many newer records were skipped
 * @param limit  the page size asked for
 */
public record JobPage(List<JobRecord> jobs, int total, int offset, int limit) {
    /** The page size when none is asked for. */
    public static final int DEFAULT_LIMIT = 50;
    /** The largest page a client may ask for. */
    public static final int MAX_LIMIT = 500;

    /** Newest first: by the time this node recorded the job, then by id (both descending). */
    public static final Comparator<JobRecord> NEWEST_FIRST = Comparator.comparing(JobRecord::started)
            .thenComparing(JobRecord::id).reversed();

    public JobPage {
        jobs = List.copyOf(jobs);
    }

    /** A query parameter that is not what the listing expects: names the parameter (HTTP 400). */
    public static final class QueryException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        QueryException(String field, String expected) {
            super(field + ": expected " + expected);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * What to list, parsed once from the query parameters (each may be {@code null}: absent).
     *
     * @param state  only records in this state, or {@code null} for all
     * @param offset how many of the newest (matching) records to skip, at least 0
     * @param limit  how many to list, 1 to {@link #MAX_LIMIT}
     */
    public record Query(JobRecord.State state, int offset, int limit) {
        public static final Query FIRST_PAGE = new Query(null, 0, DEFAULT_LIMIT);

        public Query {
            if (offset < 0) {
                throw new QueryException("offset", "an integer >= 0, got " + offset);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new QueryException("limit", "an integer from 1 to " + MAX_LIMIT + ", got " + limit);
            }
        }

        /** From {@code ?state=&limit=&offset=}; a state in any case; a wrong value names its parameter. */
        public static Query parse(String state, String limit, String offset) {
            JobRecord.State s = null;
            if (state != null && !state.isBlank()) {
                try {
                    s = JobRecord.State.valueOf(state.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new QueryException("state", "one of " + java.util.Arrays.toString(JobRecord.State.values())
                            + ", got '" + state + "'");
                }
            }
            return new Query(s, integer("offset", offset, 0), integer("limit", limit, DEFAULT_LIMIT));
        }

        private static int integer(String field, String text, int absent) {
            if (text == null || text.isBlank()) {
                return absent;
            }
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new QueryException(field, "an integer, got '" + text + "'");
            }
        }
    }

    /** The page {@code q} asks for of {@code all} (any order; not modified). */
    public static JobPage of(Collection<JobRecord> all, Query q) {
        List<JobRecord> matching = all.stream().filter(j -> q.state() == null || j.state() == q.state())
                .sorted(NEWEST_FIRST).toList();
        int from = Math.min(q.offset(), matching.size());
        int to = (int) Math.min((long) from + q.limit(), matching.size());
        return new JobPage(matching.subList(from, to), matching.size(), q.offset(), q.limit());
    }
}
