package org.consortia.mpc.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code datasets} section of a node file: dataset names mapped to their sources and columns.
 *
 * <pre>
 * datasets:
 *   customers:                                # the name jobs and policies use
 *     source: jdbc                            # csv | parquet | jdbc
 *     url: jdbc:postgresql://127.0.0.1:5432/bank
 *     table: crm.customers                    # a table or view: name or schema.name
 *     user: mpc_reader
 *     passwordFile: secrets/pg.password       # or passwordEnv: BANK_DB_PASSWORD (never the password itself)
 *     columns: {id: string, age: number, region: [north, south, east, west], opened: date, active: boolean}
 *   claims:
 *     source: parquet
 *     path: lake/claims-*.parquet             # relative to the data directory; a glob reads several files
 *     columns: {id: string, amount: number}
 *   visits:
 *     source: csv
 *     path: visits.csv
 *     delimiter: ";"
 *     badRows: skip                           # refuse (default) | skip
 *     maxString: 256                          # the longest string cell (default 1024)
 *     columns: {patient: number, visits: number}
 * </pre>
 */
final class DatasetsLoader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_ .-]{0,127}");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** At most this many datasets and columns per dataset. */
    static final int MAX_DATASETS = 256;
    static final int MAX_COLUMNS = 1024;

    private DatasetsLoader() {
    }

    static Map<String, DatasetSpec> load(YamlNode root, Path dir, Path dataDir) {
        Map<String, DatasetSpec> out = new LinkedHashMap<>();
        if (!root.has("datasets")) {
            return out;
        }
        YamlNode all = root.child("datasets");
        if (all.keys().size() > MAX_DATASETS) {
            throw root.error("datasets", all.keys().size() + " datasets", "at most " + MAX_DATASETS);
        }
        for (String name : all.keys()) {
            if (!NAME.matcher(name).matches() || name.contains("..")) {
                throw all.error(name, "the name \"" + name + "\"", "letters, digits, '.', '_' or '-' (a dataset name jobs can use)");
            }
            out.put(name, dataset(name, all.child(name), dir, dataDir));
        }
        return out;
    }

    private static DatasetSpec dataset(String name, YamlNode n, Path dir, Path dataDir) {
        n.allowOnly("source", "path", "url", "table", "user", "passwordFile", "passwordEnv", "columns", "delimiter",
                "badRows", "maxString");
        String word = n.string("source");
        DatasetSpec.Source source = switch (word) {
            case "csv" -> DatasetSpec.Source.CSV;
            case "parquet" -> DatasetSpec.Source.PARQUET;
            case "jdbc" -> DatasetSpec.Source.JDBC;
            default -> throw n.error("source", "\"" + word + "\"", "csv, parquet or jdbc");
        };
        String location;
        String table = null;
        if (source == DatasetSpec.Source.JDBC) {
            forbid(n, source, "path", "delimiter");
            location = n.string("url");
            if (!location.startsWith("jdbc:") || location.length() > 2048) {
                throw n.error("url", "a value that is not a JDBC URL", "a JDBC URL such as jdbc:postgresql://host:5432/db "
                        + "(credentials in user and passwordFile or passwordEnv, not in the URL)");
            }
            if (location.toLowerCase(Locale.ROOT).contains("password=")) {
                throw n.error("url", "a password in the URL", "the password in passwordFile or passwordEnv");
            }
            table = n.string("table");
            if (!TABLE.matcher(table).matches()) {
                throw n.error("table", "\"" + table + "\"", "a table or view name: name or schema.name (letters, digits, '_')");
            }
        } else {
            forbid(n, source, "url", "table", "user", "passwordFile", "passwordEnv");
            String p = n.string("path");
            Path resolved = dataDir.resolve(p).normalize();
            location = resolved.toString(); // a missing file is an error a job reports (the file may arrive later)
            if (source == DatasetSpec.Source.CSV && p.contains("*")) {
                throw n.error("path", "a glob for a CSV source", "one CSV file (globs: parquet)");
            }
            if (location.contains("'")) {
                throw n.error("path", "a path with a quote", "a path without quotes");
            }
        }
        String user = n.has("user") ? n.string("user") : null;
        Path passwordFile = null;
        if (n.has("passwordFile")) {
            passwordFile = dir.resolve(n.string("passwordFile"));
            if (!Files.isRegularFile(passwordFile)) {
                throw n.error("passwordFile", "\"" + n.string("passwordFile") + "\" (no such file: " + passwordFile + ")",
                        "a file holding the password, relative to " + dir);
            }
        }
        String passwordEnv = n.has("passwordEnv") ? n.string("passwordEnv") : null;
        if (passwordEnv != null && !ENV.matcher(passwordEnv).matches()) {
            throw n.error("passwordEnv", "\"" + passwordEnv + "\"", "the name of an environment variable");
        }
        if (passwordFile != null && passwordEnv != null) {
            throw n.error("passwordEnv", "both passwordFile and passwordEnv", "one of them");
        }
        char delimiter = ',';
        if (n.has("delimiter")) {
            String d = n.string("delimiter");
            if (d.equals("\\t") || d.equals("tab")) {
                d = "\t";
            }
            if (d.length() != 1 || d.equals("\"") || d.equals("\n") || d.equals("\r")) {
                throw n.error("delimiter", "\"" + d + "\"", "one character such as ',', ';', '|' or tab");
            }
            delimiter = d.charAt(0);
        }
        String bad = n.string("badRows", "refuse");
        DatasetSpec.BadRows badRows = switch (bad) {
            case "refuse" -> DatasetSpec.BadRows.REFUSE;
            case "skip" -> DatasetSpec.BadRows.SKIP;
            default -> throw n.error("badRows", "\"" + bad + "\"", "refuse (the default: the job fails at this member) or skip");
        };
        int maxString = n.integer("maxString", 1, 1 << 20, DatasetSpec.DEFAULT_MAX_STRING);
        return new DatasetSpec(name, source, location, table, user, passwordFile, passwordEnv, columns(n), delimiter,
                badRows, maxString);
    }

    private static List<DatasetSpec.Column> columns(YamlNode n) {
        YamlNode cs = n.child("columns");
        if (cs.keys().isEmpty() || cs.keys().size() > MAX_COLUMNS) {
            throw n.error("columns", cs.keys().size() + " columns", "1 to " + MAX_COLUMNS + " columns, name: type");
        }
        List<DatasetSpec.Column> out = new ArrayList<>();
        for (String c : cs.keys()) {
            if (!COLUMN.matcher(c).matches()) {
                throw cs.error(c, "the column name \"" + c + "\"", "letters, digits, '_', ' ', '.' or '-', starting with a letter or '_'");
            }
            List<String> labels = cs.isList(c) ? cs.strings(c) : null;
            if (labels != null) {
                if (labels.isEmpty() || labels.size() > 65_536 || labels.stream().distinct().count() != labels.size()) {
                    throw cs.error(c, "a list of " + labels.size() + " labels", "a category's labels: 1 to 65536 distinct strings");
                }
                out.add(new DatasetSpec.Column(c, DatasetSpec.Type.CATEGORY, labels));
                continue;
            }
            String t = cs.string(c);
            DatasetSpec.Type type = switch (t) {
                case "number" -> DatasetSpec.Type.NUMBER;
                case "string" -> DatasetSpec.Type.STRING;
                case "date" -> DatasetSpec.Type.DATE;
                case "boolean" -> DatasetSpec.Type.BOOLEAN;
                default -> throw cs.error(c, "\"" + t + "\"", "number, string, date, boolean, or a category's labels as a list");
            };
            out.add(new DatasetSpec.Column(c, type, null));
        }
        return out;
    }

    private static void forbid(YamlNode n, DatasetSpec.Source source, String... keys) {
        for (String k : keys) {
            if (n.has(k)) {
                throw n.error(k, "a key a " + source.name().toLowerCase(Locale.ROOT) + " source does not use",
                        source == DatasetSpec.Source.JDBC ? "url, table, user, passwordFile or passwordEnv" : "path");
            }
        }
    }
}
