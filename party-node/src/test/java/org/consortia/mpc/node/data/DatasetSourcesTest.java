package org.consortia.mpc.node.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.consortia.mpc.config.DatasetSpec;
import org.consortia.mpc.config.DatasetSpec.Column;
import org.consortia.mpc.config.DatasetSpec.Type;
import org.consortia.mpc.runtime.link.LinkKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets read from where they live: CSV (quotes, a byte-order mark, a chosen delimiter), Parquet written by DuckDB, and
 * a real PostgreSQL table; typed columns converted as documented; bad rows refused (naming dataset, row and column, never
 * a value) or skipped and counted; a missing column, a wrong type and an unreachable database refused in one line.
 */
class DatasetSourcesTest {
    private static final long MAX = 1 << 24;

    @TempDir
    Path dir;

    private static List<Column> typed() {
        return List.of(new Column("id", Type.STRING, null), new Column("age", Type.NUMBER, null),
                new Column("region", Type.CATEGORY, List.of("north", "south", "east")), new Column("opened", Type.DATE, null),
                new Column("active", Type.BOOLEAN, null));
    }

    private static DatasetSpec csv(Path file, char delimiter, DatasetSpec.BadRows bad, List<Column> columns) {
        return new DatasetSpec("customers", DatasetSpec.Source.CSV, file.toString(), null, null, null, null, columns, delimiter,
                bad, 16);
    }

    /** The values the three typed rows below convert to. */
    private static void assertTyped(DatasetReader.Loaded l) {
        assertEquals(List.of("id", "age", "region", "opened", "active"), l.table().header());
        assertEquals(3, l.table().rows().length);
        assertArrayEquals(new double[] {41, 1, LocalDate.of(2020, 1, 31).toEpochDay(), 1}, tail(l.table().rows()[0]), 0);
        assertArrayEquals(new double[] {17.5, 2, LocalDate.of(1999, 12, 1).toEpochDay(), 0}, tail(l.table().rows()[1]), 0);
        assertArrayEquals(new double[] {60, 0, 0, 1}, tail(l.table().rows()[2]), 0);
        // string keys in their canonical form (trimmed, NFC, lower case), and as 52-bit numbers from the same hash
        assertArrayEquals(new String[] {"c-001", "c-002, \"x\"", "c-003"}, l.keys().get("id"));
        assertEquals(Cells.surrogate("c-001"), l.table().rows()[0][0]);
        assertTrue(l.table().rows()[0][0] < 1L << 52 && l.table().rows()[0][0] >= 0);
    }

    private static double[] tail(double[] row) {
        return java.util.Arrays.copyOfRange(row, 1, row.length);
    }

    @Test
    void csvWithQuotesByteOrderMarkAndDelimiter() throws Exception {
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "\uFEFFid;age;region;opened;active;ignored\n"
                + "C-001;41;south;2020-01-31;true;zz\n"
                + "\n"
                + "\"c-002, \"\"X\"\"\";17.5;\"east\";1999-12-01;0;zz\n"
                + " C-003 ; 60 ;north;1970-01-01;yes;zz\n");
        assertTyped(DatasetReader.read(csv(f, ';', DatasetSpec.BadRows.REFUSE, typed()), Set.of("id"), MAX, MAX));
        // a string column the job does not link by never enters the table
        DatasetReader.Loaded l = DatasetReader.read(csv(f, ';', DatasetSpec.BadRows.REFUSE, typed()), Set.of(), MAX, MAX);
        assertEquals(List.of("age", "region", "opened", "active"), l.table().header());
    }

    @Test
    void badRowsAreRefusedNamingRowAndColumnOrSkippedAndCounted() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "id,age,region,opened,active\n"
                + "c1,41,south,2020-01-31,true\n"
                + "c2,SECRET-VALUE,south,2020-01-31,true\n"   // not a number
                + "c3,,south,2020-01-31,true\n"               // NULL
                + "c4,5,west,2020-01-31,true\n"               // not a declared label
                + "c5,5,south,31/01/2020,true\n"              // not a date
                + "c6,5,south,2020-01-31\n"                   // a field short
                + "c7-is-a-much-too-long-key,5,south,2020-01-31,true\n"
                + "c8,7,north,2021-02-03,false\n");
        DataException e = assertThrows(DataException.class,
                () -> DatasetReader.read(csv(f, ',', DatasetSpec.BadRows.REFUSE, typed()), Set.of("id"), MAX, MAX));
        assertEquals("customers: row 2: column 'age' is not a number (refused; badRows: skip in the node file leaves such "
                + "rows out)", e.getMessage());
        assertFalse(e.getMessage().contains("SECRET"), "never a cell's value");
        DatasetReader.Loaded l = DatasetReader.read(csv(f, ',', DatasetSpec.BadRows.SKIP, typed()), Set.of("id"), MAX, MAX);
        assertEquals(6, l.skipped());
        assertEquals(2, l.table().rows().length);
        assertArrayEquals(new String[] {"c1", "c8"}, l.keys().get("id"));
        for (String[] expect : new String[][] {{"c3,,south,2020-01-31,true", "column 'age' is empty (NULL)"},
                {"c4,5,west,2020-01-31,true", "column 'region' is not one of the column's 3 declared labels"},
                {"c5,5,south,31/01/2020,true", "column 'opened' is not a date (yyyy-MM-dd)"},
                {"c6,5,south,2020-01-31", "has a different number of fields than the header"},
                {"c7-is-a-much-too-long-key,5,south,2020-01-31,true", "column 'id' is longer than 16 characters"}}) {
            Path one = dir.resolve("one.csv");
            Files.writeString(one, "id,age,region,opened,active\n" + expect[0] + "\n");
            DataException x = assertThrows(DataException.class,
                    () -> DatasetReader.read(csv(one, ',', DatasetSpec.BadRows.REFUSE, typed()), Set.of("id"), MAX, MAX));
            assertTrue(x.getMessage().startsWith("customers: row 1: " + expect[1]), x.getMessage());
        }
        Path missing = dir.resolve("missing.csv");
        Files.writeString(missing, "id,age\nc1,4\n");
        DataException m = assertThrows(DataException.class,
                () -> DatasetReader.read(csv(missing, ',', DatasetSpec.BadRows.REFUSE, typed()), Set.of("id"), MAX, MAX));
        assertEquals("customers: the CSV file lacks the declared column 'region'", m.getMessage());
        DataException big = assertThrows(DataException.class,
                () -> DatasetReader.read(csv(f, ',', DatasetSpec.BadRows.SKIP, typed()), Set.of("id"), MAX, 5));
        assertTrue(big.getMessage().contains("limit of 5 cells"), big.getMessage());
    }

    @Test
    void parquetFilesReadThroughDuckDb() throws Exception {
        Path p = dir.resolve("lake");
        Files.createDirectories(p);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES ('C-001', 41, 'south', DATE '2020-01-31', true),"
                    + " ('c-002, \"X\"', 17.5, 'east', DATE '1999-12-01', false)) t(id, age, region, opened, active))"
                    + " TO '" + p.resolve("part-1.parquet") + "' (FORMAT parquet)");
            s.execute("COPY (SELECT 'C-003' AS id, 60.0 AS age, 'north' AS region, DATE '1970-01-01' AS opened, true AS active)"
                    + " TO '" + p.resolve("part-2.parquet") + "' (FORMAT parquet)");
        }
        DatasetSpec spec = new DatasetSpec("customers", DatasetSpec.Source.PARQUET, p.resolve("part-*.parquet").toString(), null,
                null, null, null, typed(), ',', DatasetSpec.BadRows.REFUSE, 64);
        DatasetReader.Loaded l = DatasetReader.read(spec, Set.of("id"), MAX, MAX);
        // files in a glob come in file order
        assertTyped(l);
        DatasetSpec wrong = new DatasetSpec("customers", DatasetSpec.Source.PARQUET, spec.location(), null, null, null, null,
                List.of(new Column("region", Type.NUMBER, null)), ',', DatasetSpec.BadRows.REFUSE, 64);
        DataException e = assertThrows(DataException.class, () -> DatasetReader.read(wrong, Set.of(), MAX, MAX));
        assertEquals("customers: column 'region' is declared number, the Parquet source holds VARCHAR", e.getMessage());
        DatasetSpec lacking = new DatasetSpec("customers", DatasetSpec.Source.PARQUET, spec.location(), null, null, null, null,
                List.of(new Column("income", Type.NUMBER, null)), ',', DatasetSpec.BadRows.REFUSE, 64);
        e = assertThrows(DataException.class, () -> DatasetReader.read(lacking, Set.of(), MAX, MAX));
        assertEquals("customers: the Parquet source lacks the declared column 'income'", e.getMessage());
    }

    @Test
    void postgresTableWithPasswordFromAFileAndADatabaseThatIsDown() throws Exception {
        Path pw = dir.resolve("pg.password");
        Files.writeString(pw, PostgresServer.PASSWORD + "\n");
        try (PostgresServer pg = PostgresServer.start()) {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA crm");
                s.execute("CREATE TABLE crm.customers (id text, age numeric(5,1), region varchar(10), opened date, active boolean,"
                        + " notes text)");
                s.execute("INSERT INTO crm.customers VALUES ('C-001', 41, 'south', '2020-01-31', true, 'x'),"
                        + " ('c-002, \"X\"', 17.5, 'east', '1999-12-01', false, NULL), ('C-003', 60, 'north', '1970-01-01', true, 'y')");
            }
            DatasetSpec spec = new DatasetSpec("customers", DatasetSpec.Source.JDBC, pg.url(), "crm.customers", PostgresServer.USER,
                    pw, null, typed(), ',', DatasetSpec.BadRows.REFUSE, 64);
            assertTyped(DatasetReader.read(spec, Set.of("id"), MAX, MAX)); // the rows in insertion order here (no ORDER BY)
            DatasetSpec lacking = new DatasetSpec("customers", DatasetSpec.Source.JDBC, pg.url(), "crm.customers",
                    PostgresServer.USER, pw, null, List.of(new Column("income", Type.NUMBER, null)), ',',
                    DatasetSpec.BadRows.REFUSE, 64);
            DataException e = assertThrows(DataException.class, () -> DatasetReader.read(lacking, Set.of(), MAX, MAX));
            assertEquals("customers: the database table lacks the declared column 'income'", e.getMessage());
            pg.stop();
            e = assertThrows(DataException.class, () -> DatasetReader.read(spec, Set.of("id"), MAX, MAX));
            assertTrue(e.getMessage().startsWith("customers: the database table cannot be opened ("), e.getMessage());
            assertFalse(e.getMessage().contains(PostgresServer.PASSWORD));
        }
    }

    @Test
    void keysHaveOneCanonicalFormWhateverTheSource() {
        assertEquals("42", LinkKeys.canonical(42.0));
        assertEquals("42", LinkKeys.canonical(Double.parseDouble("42.00")));
        assertEquals(Cells.surrogate(LinkKeys.canonical("  ÉCOLE ")), Cells.surrogate(LinkKeys.canonical("e\u0301cole")));
        assertTrue(Cells.surrogate("a") != Cells.surrogate("b"));
        // number keys exactly, whatever the source wrote: a 64-bit identifier keeps its digits, 7 = 7.0 = 7.00 = 7e0
        try {
            assertEquals("1152921504606846977", Cells.exact((1L << 60) + 1));
            assertEquals("1152921504606846977", Cells.exact("1152921504606846977"));
            assertEquals("1152921504606846977", Cells.exact(new java.math.BigDecimal("1152921504606846977.000")));
            for (Object seven : new Object[] {7, 7L, 7.0, "7.00", "7e0", new java.math.BigDecimal("7.0")}) {
                assertEquals("7", Cells.exact(seven), String.valueOf(seven));
            }
            assertEquals("0.25", Cells.exact("0.2500"));
            assertEquals("0.25", Cells.exact(0.25));
        } catch (BadCell e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A large Parquet dataset (2 million rows) streamed a chunk at a time: every row once, in chunks of the asked size,
     * the sums exact; a string column is never a value. (A member's memory while streaming: the bench line in issue 24's
     * note, measured in a process with a small heap.)
     */
    @Test
    void aLargeParquetDatasetStreamsInChunks() throws Exception {
        Path p = dir.resolve("big.parquet");
        int n = 2_000_000;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 'k' || i AS id, i % 97 AS a, (i * 7) % 13 - 6.5 AS b, i % 2 = 0 AS even FROM range(" + n
                    + ") t(i)) TO '" + p + "' (FORMAT parquet)");
        }
        DatasetSpec spec = new DatasetSpec("big", DatasetSpec.Source.PARQUET, p.toString(), null, null, null, null,
                List.of(new Column("id", Type.STRING, null), new Column("a", Type.NUMBER, null), new Column("b", Type.NUMBER, null),
                        new Column("even", Type.BOOLEAN, null)), ',', DatasetSpec.BadRows.REFUSE, 64);
        double[] sums = new double[3];
        long[] chunks = {0};
        DatasetReader.Streamed st = DatasetReader.stream(spec, List.of("a", "b", "even"), 4096, MAX, (flat, count) -> {
            chunks[0]++;
            for (int r = 0; r < count; r++) {
                for (int j = 0; j < 3; j++) {
                    sums[j] += flat[r * 3 + j];
                }
            }
        });
        assertEquals(n, st.rows());
        assertEquals((n + 4095) / 4096, chunks[0]);
        double a = 0;
        double b = 0;
        for (long i = 0; i < n; i++) {
            a += i % 97;
            b += (i * 7) % 13 - 6.5;
        }
        assertEquals(a, sums[0], 0);
        assertEquals(b, sums[1], 1e-6);
        assertEquals(n / 2.0, sums[2], 0);
        DataException e = assertThrows(DataException.class,
                () -> DatasetReader.stream(spec, List.of("id"), 16, MAX, (flat, count) -> { }));
        assertEquals("big: no value column 'id' (a string column enters only as a key)", e.getMessage());
    }
}
