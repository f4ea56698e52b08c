package org.consortia.mpc.client;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * The API's JSON to and from the records: unknown fields are ignored (a newer node may add some), unknown states read
 * as {@link Job.State#UNKNOWN}, times are ISO-8601 instants (without Jackson's JSR-310 module: one deserializer here).
 */
final class JsonMapping {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .addModule(new SimpleModule("mpc-client").addDeserializer(Instant.class, new InstantDeserializer()))
            .build();

    private JsonMapping() {
    }

    /** The body of {@code POST /v1/jobs}. */
    static String spec(JobSpec spec) {
        try {
            return MAPPER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec of strings always serialises", e);
        }
    }

    /** The answer of {@code POST /v1/jobs}: the new job's id. */
    static String query(String sql, java.util.Map<String, Object> tables, List<String> to, int minGroup) throws IOException {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("sql", sql);
        body.put("tables", tables);
        if (to != null && !to.isEmpty()) {
            body.put("to", to);
        }
        body.put("minGroup", minGroup);
        return MAPPER.writeValueAsString(body);
    }

    @SuppressWarnings("unchecked")
    static java.util.Map<String, Object> map(String body) throws IOException {
        return MAPPER.readValue(body, java.util.Map.class);
    }

    /** A result's {@code table}: header and rows (counts arrive as integers, read as longs). */
    static QueryTable table(String body) throws IOException {
        JsonNode t = tree(body).get("table");
        if (t == null || !t.isObject()) {
            throw new IOException("the result has no table (not a query job?)");
        }
        List<String> header = new java.util.ArrayList<>();
        t.get("header").forEach(h -> header.add(h.asText()));
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (JsonNode r : t.get("rows")) {
            List<Object> row = new java.util.ArrayList<>();
            for (JsonNode v : r) {
                row.add(v.isNull() ? null : v.isIntegralNumber() ? (Object) v.asLong() : v.isNumber() ? (Object) v.asDouble()
                        : v.asText());
            }
            rows.add(row);
        }
        return new QueryTable(header, rows);
    }

    static String jobId(String body) throws IOException {
        return text(tree(body), "id");
    }

    static Job job(String body) throws IOException {
        return MAPPER.readValue(body, Job.class);
    }

    /** The answer of {@code GET /v1/jobs}: {@code {"jobs": [...]}}. */
    static List<Job> jobs(String body) throws IOException {
        JsonNode jobs = tree(body).get("jobs");
        if (jobs == null || !jobs.isArray()) {
            throw new IOException("the node's answer has no array 'jobs'");
        }
        return List.copyOf(MAPPER.convertValue(jobs, MAPPER.getTypeFactory().constructCollectionType(List.class, Job.class)));
    }

    /** The answer of {@code GET /v1/jobs/ID/result}: {@code {"id": ..., "result": [numbers]}}. */
    static double[] result(String body) throws IOException {
        JsonNode r = tree(body).get("result");
        if (r == null || !r.isArray()) {
            throw new IOException("the node's answer has no array 'result'");
        }
        double[] out = new double[r.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = r.get(i);
            if (!v.isNumber()) {
                throw new IOException("result[" + i + "] is not a number");
            }
            out[i] = v.doubleValue();
        }
        return out;
    }

    /** An error body {@code {"error": ..., "code": ...}}: {reason, code or null}; a body that is not JSON is the reason. */
    static String[] error(String body) {
        String b = body == null ? "" : body;
        try {
            JsonNode n = MAPPER.readTree(b);
            if (n != null && n.isObject() && n.hasNonNull("error")) {
                return new String[] {bounded(n.get("error").asText()), n.hasNonNull("code") ? n.get("code").asText() : null};
            }
        } catch (IOException notJson) {
            // the body itself is the reason
        }
        return new String[] {bounded(b), null};
    }

    private static String bounded(String s) {
        String one = String.join(" ", s.strip().split("\\s+"));
        return one.length() <= 500 ? one : one.substring(0, 500) + "...";
    }

    private static JsonNode tree(String body) throws IOException {
        JsonNode n = MAPPER.readTree(body == null ? "" : body);
        if (n == null || !n.isObject()) {
            throw new IOException("the node's answer is not a JSON object");
        }
        return n;
    }

    private static String text(JsonNode o, String field) throws IOException {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("the node's answer has no string '" + field + "'");
        }
        return v.asText();
    }

    private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = p.getValueAsString();
            if (s == null || s.isBlank()) {
                return null;
            }
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, s, "not an ISO-8601 instant");
            }
        }
    }
}
