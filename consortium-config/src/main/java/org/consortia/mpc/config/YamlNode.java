package org.consortia.mpc.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A read cursor over one YAML mapping that knows the file and the path it was reached by, so every error
 * names both. Unknown keys are errors too (a typo should not silently fall back to a default). The one YAML
 * reader of the project: the consortium, node, policy and API client files all go through {@link #load}.
 */
public final class YamlNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String file;
    private final String path;
    private final Map<String, Object> map;

    YamlNode(String file, String path, Map<String, Object> map) {
        this.file = file;
        this.path = path;
        this.map = map;
    }

    /** Reads {@code file} (a YAML mapping at the top) with SnakeYAML's safe loader; errors name the file and line. */
    public static YamlNode load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), "(file)", "no such file", "a readable YAML file");
        }
        try (Reader r = Files.newBufferedReader(file)) {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(MAX_FILE_CODE_POINTS);
            options.setAllowDuplicateKeys(false); // a key given twice is an error, not a silent override
            return root(file, new Yaml(new SafeConstructor(options)).load(r));
        } catch (MarkedYAMLException e) {
            throw new ConfigException(file.toString(), "(line " + (e.getProblemMark().getLine() + 1) + ", column "
                    + (e.getProblemMark().getColumn() + 1) + ")", "invalid YAML: " + e.getProblem(), "well-formed YAML");
        } catch (IOException | org.yaml.snakeyaml.error.YAMLException e) {
            throw new ConfigException(file.toString(), "(file)", "unreadable: " + e.getMessage(), "a readable YAML file");
        }
    }

    /** The largest configuration file read, in characters. */
    public static final int MAX_FILE_CODE_POINTS = 1 << 20;

    static YamlNode root(Path file, Object loaded) {
        if (!(loaded instanceof Map<?, ?> m)) {
            throw new ConfigException(file.toString(), "(top level)", describe(loaded), "a mapping of keys to values");
        }
        return new YamlNode(file.toString(), "", stringKeys(file.toString(), "", m));
    }

    public String file() {
        return file;
    }

    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public void allowOnly(String... keys) {
        Set<String> allowed = Set.of(keys);
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                throw new ConfigException(file, path(k), "an unknown key", "one of " + String.join(", ", keys));
            }
        }
    }

    /** Whether {@code key} holds exactly the string {@code value}. */
    public boolean is(String key, String value) {
        return value.equals(map.get(key));
    }

    /** The keys of this mapping, in file order. */
    public Set<String> keys() {
        return java.util.Collections.unmodifiableSet(map.keySet());
    }

    /** The plain value under {@code key} as the safe loader read it (maps, lists, strings, numbers), or {@code null}. */
    public Object raw(String key) {
        return map.get(key);
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    public String string(String key) {
        Object v = require(key, "a non-empty string");
        if (v instanceof String s && !s.isBlank()) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new ConfigException(file, path(key), describe(v), "a non-empty string");
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public int integer(String key, int min, int max) {
        Object v = require(key, "an integer in " + min + ".." + max);
        if (v instanceof Integer i && i >= min && i <= max) {
            return i;
        }
        throw new ConfigException(file, path(key), describe(v), "an integer in " + min + ".." + max);
    }

    public int integer(String key, int min, int max, int fallback) {
        return has(key) ? integer(key, min, max) : fallback;
    }

    public long longValue(String key, long min, long max, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = map.get(key);
        if (v instanceof Number n && !(v instanceof Double) && n.longValue() >= min && n.longValue() <= max) {
            return n.longValue();
        }
        throw new ConfigException(file, path(key), describe(v), "an integer in " + min + ".." + max);
    }

    /** A real number in [min, max] (YAML number, or a string such as 1e-6, which YAML 1.1 reads as text). */
    public double real(String key, double min, double max) {
        Object v = require(key, "a number in [" + min + ", " + max + "]");
        double d = Double.NaN;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof String str) {
            try {
                d = Double.parseDouble(str.trim());
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
        }
        if (!(d >= min && d <= max)) {
            throw new ConfigException(file, path(key), describe(v), "a number in [" + min + ", " + max + "]");
        }
        return d;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = map.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(file, path(key), describe(v), "true or false");
    }

    public Duration duration(String key, Duration fallback) {
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
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofHours(n);
            };
            if (!d.isZero()) {
                return d;
            }
        }
        throw new ConfigException(file, path(key), describe(v), "a positive duration such as 500ms, 30s, 5m, 1h or 30d");
    }

    public YamlNode child(String key) {
        Object v = require(key, "a mapping");
        if (v instanceof Map<?, ?> m) {
            return new YamlNode(file, path(key), stringKeys(file, path(key), m));
        }
        throw new ConfigException(file, path(key), describe(v), "a mapping");
    }

    public YamlNode childOrEmpty(String key) {
        return has(key) ? child(key) : new YamlNode(file, path(key), Map.of());
    }

    public List<YamlNode> list(String key) {
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

    public ConfigException error(String key, String found, String expected) {
        return new ConfigException(file, path(key), found, expected);
    }

    /** Whether {@code key} holds a list. */
    public boolean isList(String key) {
        return map.get(key) instanceof List<?>;
    }

    /** A list of strings, or {@code null} when the key is absent. */
    public List<String> strings(String key) {
        if (!has(key)) {
            return null;
        }
        Object v = map.get(key);
        if (!(v instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof String))) {
            throw new ConfigException(file, path(key), describe(v), "a list of names");
        }
        return l.stream().map(String.class::cast).toList();
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
