package org.consortia.mpc.node.data;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.consortia.mpc.config.DatasetSpec;

/**
 * A dataset read by a query: a table or view in the member's database over JDBC (any driver on the class path;
 * PostgreSQL's is shipped), or Parquet files through an in-process DuckDB. The query is built by the node from the node
 * file (quoted identifiers; jobs never supply SQL); the columns' presence and SQL types are checked against the
 * declaration from the result's metadata before a row is read; rows stream with a bounded fetch size (a cursor on
 * PostgreSQL). Credentials come from the node file's password file or environment variable and never appear in a message.
 */
final class SqlSource implements RowSource {
    /** Rows the driver fetches at a time. */
    static final int FETCH_ROWS = 8192;
    /** Seconds a connection may take before the read fails. */
    static final int LOGIN_TIMEOUT_SECONDS = 15;

    static {
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
    }

    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;
    private final List<String> available;
    private final int width;

    SqlSource(DatasetSpec spec) {
        this(spec, false);
    }

    /** With {@code probe}, only connects and checks the declared columns against the metadata (no rows are read). */
    SqlSource(DatasetSpec spec, boolean probe) {
        String from;
        Connection opened = null;
        try {
            if (spec.source() == DatasetSpec.Source.PARQUET) {
                Properties duck = new Properties();
                duck.setProperty("jdbc_stream_results", "true"); // rows as they are read, not the whole result held
                opened = DriverManager.getConnection("jdbc:duckdb:", duck);
                try (Statement s = opened.createStatement()) {
                    s.execute("SET memory_limit='256MB'");
                    s.execute("SET threads=2");
                    s.execute("SET temp_directory=''"); // never spill a member's rows to disk
                }
                from = "read_parquet('" + spec.location().replace("'", "''") + "')";
            } else {
                opened = DriverManager.getConnection(spec.location(), credentials(spec));
                opened.setReadOnly(true);
                opened.setAutoCommit(false); // PostgreSQL streams a result through a cursor only inside a transaction
                from = spec.table(); // checked by the node file's loader: name or schema.name, letters, digits and '_'
            }
        } catch (SQLException e) {
            closeQuietly(opened);
            throw new DataException(spec.name() + ": the " + what(spec) + " cannot be opened (" + reason(e, true) + ")", e);
        }
        connection = opened;
        try {
            available = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            List<String> typeNames = new ArrayList<>();
            try (Statement s = connection.createStatement(); ResultSet none = s.executeQuery("SELECT * FROM " + from + " WHERE 1=0")) {
                ResultSetMetaData md = none.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    available.add(md.getColumnLabel(i));
                    types.add(md.getColumnType(i));
                    typeNames.add(md.getColumnTypeName(i));
                }
            }
            List<String> select = new ArrayList<>();
            for (DatasetSpec.Column c : spec.columns()) {
                int at = find(available, c.name());
                if (at < 0) {
                    throw new DataException(spec.name() + ": the " + what(spec) + " lacks the declared column '" + c.name() + "'");
                }
                if (!fits(c.type(), types.get(at), typeNames.get(at))) {
                    throw new DataException(spec.name() + ": column '" + c.name() + "' is declared "
                            + c.type().name().toLowerCase(Locale.ROOT) + ", the " + what(spec) + " holds " + typeNames.get(at));
                }
                select.add("\"" + available.get(at).replace("\"", "\"\"") + "\"");
            }
            width = select.size();
            if (probe) {
                statement = null;
                rows = null;
                return;
            }
            statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(FETCH_ROWS);
            rows = statement.executeQuery("SELECT " + String.join(", ", select) + " FROM " + from);
        } catch (SQLException e) {
            closeQuietly();
            throw new DataException(spec.name() + ": the " + what(spec) + " cannot be read (" + reason(e, false) + ")", e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    @Override
    public boolean next() {
        try {
            return rows.next();
        } catch (SQLException e) {
            throw new DataException("a row cannot be read (" + reason(e, false) + ")", e);
        }
    }

    @Override
    public boolean complete() {
        return true;
    }

    @Override
    public Object cell(int i) {
        try {
            return rows.getObject(i + 1);
        } catch (SQLException e) {
            throw new DataException("a cell cannot be read (" + reason(e, false) + ")", e);
        }
    }

    @Override
    public List<String> available() {
        return available;
    }

    int width() {
        return width;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback(); // read-only: nothing to keep
            }
        } catch (SQLException e) {
            // closing below
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing to recover
        }
    }

    /** A declared name matched exactly, else case-insensitively (PostgreSQL folds unquoted names to lower case). */
    private static int find(List<String> available, String name) {
        int at = available.indexOf(name);
        if (at >= 0) {
            return at;
        }
        for (int i = 0; i < available.size(); i++) {
            if (available.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a column of SQL type {@code sql} can hold cells of the declared type. */
    static boolean fits(DatasetSpec.Type declared, int sql, String typeName) {
        boolean integral = switch (sql) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> true;
            default -> typeName.toUpperCase(Locale.ROOT).matches("U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|UBIGINT|HUGEINT");
        };
        boolean numeric = integral || switch (sql) {
            case Types.REAL, Types.FLOAT, Types.DOUBLE, Types.NUMERIC, Types.DECIMAL -> true;
            default -> false;
        };
        boolean text = switch (sql) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR -> true;
            default -> false;
        };
        return switch (declared) {
            case NUMBER -> numeric;
            case BOOLEAN -> sql == Types.BOOLEAN || sql == Types.BIT || integral;
            case DATE -> sql == Types.DATE;
            case CATEGORY -> text || integral;
            case STRING -> text || integral || sql == Types.DATE || typeName.equalsIgnoreCase("uuid");
        };
    }

    private static Properties credentials(DatasetSpec spec) {
        Properties p = new Properties();
        if (spec.user() != null) {
            p.setProperty("user", spec.user());
        }
        String password = null;
        try {
            if (spec.passwordFile() != null) {
                List<String> lines = Files.readAllLines(spec.passwordFile());
                password = lines.isEmpty() ? "" : lines.get(0).strip();
            } else if (spec.passwordEnv() != null) {
                password = System.getenv(spec.passwordEnv());
                if (password == null) {
                    throw new DataException(spec.name() + ": the environment variable named by passwordEnv is not set");
                }
            }
        } catch (IOException e) {
            throw new DataException(spec.name() + ": the password file cannot be read", e);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    private static String what(DatasetSpec spec) {
        return spec.source() == DatasetSpec.Source.PARQUET ? "Parquet source" : "database table";
    }

    /**
     * What went wrong, for the member's own log: opening a connection, the driver's message on one line (it may name
     * hosts and users, never cells); reading, only the SQL state and the error's class, since drivers quote the values
     * they could not convert.
     */
    private static String reason(SQLException e, boolean opening) {
        if (!opening) {
            return "SQL state " + e.getSQLState() + ", " + e.getClass().getSimpleName();
        }
        String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
