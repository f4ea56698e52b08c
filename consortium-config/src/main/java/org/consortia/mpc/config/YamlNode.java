package org.consortia.mpc.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read cursor over one YAML mapping that knows the file and the path it was reached by, so every error
 * names both. Unknown keys are errors too (a typo should not silently fall back to a default).
 */
final class YamlNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final String file;
    private final String path;
    private final Map<String, Object> map;

    YamlNode(String file, String path, Map<String, Object> map) {
        this.file = file;
        this.path = path;
        this.map = map;
    }

    static YamlNode root(Path file, Object loaded) {
        if (!(loaded instanceof Map<?, ?> m)) {
            throw new ConfigException(file.toString(), "(top level)", describe(loaded), "a mapping of keys to values");
        }
        return new YamlNode(file.toString(), "", stringKeys(file.toString(), "", m));
    }

    String file() {
        return file;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void allowOnly(String... keys) {
        Set<String> allowed = Set.of(keys);
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                throw new ConfigException(file, path(k), "an unknown key", "one of " + String.join(", ", keys));
            }
        }
    }

    boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    String string(String key) {
        Object v = require(key, "a non-empty string");
        if (v instanceof String s && !s.isBlank()) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new ConfigException(file, path(key), describe(v), "a non-empty string");
    }

    String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    int integer(String key, int min, int max) {
        Object v = require(key, "an integer in " + min + ".." + max);
        if (v instanceof Integer i && i >= min && i <= max) {
            return i;
        }
        throw new ConfigException(file, path(key), describe(v), "an integer in " + min + ".." + max);
    }

    int integer(String key, int min, int max, int fallback) {
        return has(key) ? integer(key, min, max) : fallback;
    }

    long longValue(String key, long min, long max, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = map.get(key);
        if (v instanceof Number n && !(v instanceof Double) && n.longValue() >= min && n.longValue() <= max) {
            return n.longValue();
        }
        throw new ConfigException(file, path(key), describe(v), "an integer in " + min + ".." + max);
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = map.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(file, path(key), describe(v), "true or false");
    }

    Duration duration(String key, Duration fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = map.get(key);
        Matcher m = DURATION.matcher(String.valueOf(v).trim());
        if (v instanceof String && m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            if (!d.isZero()) {
                return d;
            }
        }
        throw new ConfigException(file, path(key), describe(v), "a positive duration such as 500ms, 30s, 5m or 1h");
    }

    YamlNode child(String key) {
        Object v = require(key, "a mapping");
        if (v instanceof Map<?, ?> m) {
            return new YamlNode(file, path(key), stringKeys(file, path(key), m));
        }
        throw new ConfigException(file, path(key), describe(v), "a mapping");
    }

    YamlNode childOrEmpty(String key) {
        return has(key) ? child(key) : new YamlNode(file, path(key), Map.of());
    }

    List<YamlNode> list(String key) {
        Object v = require(key, "a list of mappings");
        if (!(v instanceof List<?> l)) {
            throw new ConfigException(file, path(key), describe(v), "a list of mappings");
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            String p = path(key) + "[" + i + "]";
            if (!(l.get(i) instanceof Map<?, ?> m)) {
                throw new ConfigException(file, p, describe(l.get(i)), "a mapping");
            }
            out.add(new YamlNode(file, p, stringKeys(file, p, m)));
        }
        return out;
    }

    ConfigException error(String key, String found, String expected) {
        return new ConfigException(file, path(key), found, expected);
    }

    private Object require(String key, String expected) {
        if (!has(key)) {
            throw new ConfigException(file, path(key), "nothing (the key is missing)", expected);
        }
        return map.get(key);
    }

    private static Map<String, Object> stringKeys(String file, String path, Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new ConfigException(file, path.isEmpty() ? "(top level)" : path, "the key " + e.getKey(), "string keys");
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v.toString();
    }
}
