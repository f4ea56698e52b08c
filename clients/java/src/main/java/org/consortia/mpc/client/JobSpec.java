package org.consortia.mpc.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a job runs: an analysis ({@code secure-sum}, {@code linear-regression}, {@code inference}, ...) and its
 * parameters, all strings as the API takes them (docs/openapi.yaml, {@code JobSpec}).
 *
 * @param analysis the analysis' name
 * @param params   its parameters, in the order given (never null)
 */
public record JobSpec(String analysis, Map<String, String> params) {
    public JobSpec {
        Objects.requireNonNull(analysis, "analysis");
        if (analysis.isBlank()) {
            throw new IllegalArgumentException("analysis: must not be blank");
        }
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        params.forEach((k, v) -> {
            Objects.requireNonNull(k, "params: a key");
            Objects.requireNonNull(v, () -> "params." + k);
        });
    }

    /** A spec with parameters given as key, value pairs: {@code JobSpec.of("secure-sum", "input", "v.csv", "length", "3")}. */
    public static JobSpec of(String analysis, String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keysAndValues: an odd count (" + keysAndValues.length + "), expected pairs");
        }
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new JobSpec(analysis, p);
    }
}
