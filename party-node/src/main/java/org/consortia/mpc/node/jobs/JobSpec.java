package org.consortia.mpc.node.jobs;

import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.json.JsonObject;

/**
 * What a job computes: the analysis by name and its public parameters (shapes, dataset names, result party).
 * Travels as JSON between nodes and from the API.
 */
public record JobSpec(String analysis, Map<String, String> params) {
    public JobSpec {
        params = Map.copyOf(params);
    }

    public String param(String key) {
        String v = params.get(key);
        if (v == null) {
            throw new IllegalArgumentException("analysis " + analysis + " needs parameter '" + key + "'");
        }
        return v;
    }

    public String param(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }

    public int intParam(String key, int fallback) {
        String v = params.get(key);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + key + "' = \"" + v + "\" is not an integer");
        }
    }

    /** The canonical form (analysis, then parameters sorted by name) as compact JSON. */
    public String canonical() {
        return toJson().encode();
    }

    /** SHA-256 of {@link #canonical()}, hex: what votes and START carry, so all nodes run the spec they voted on. */
    public String sha256() {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonObject toJson() {
        JsonObject p = new JsonObject();
        new TreeMap<>(params).forEach(p::put);
        return new JsonObject().put("analysis", analysis).put("params", p);
    }

    public static JobSpec fromJson(JsonObject o) {
        String a = o.getString("analysis");
        if (a == null || a.isBlank()) {
            throw new IllegalArgumentException("job spec: field 'analysis' is missing");
        }
        Map<String, String> p = new TreeMap<>();
        JsonObject params = o.getJsonObject("params", new JsonObject());
        for (String k : params.fieldNames()) {
            p.put(k, String.valueOf(params.getValue(k)));
        }
        return new JobSpec(a, p);
    }
}
