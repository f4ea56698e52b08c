package org.consortia.mpc.node.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A CSV file with a header row, read with Apache Commons CSV (RFC 4180 quoting, embedded delimiters and line breaks in
 * quoted fields, a chosen delimiter), a UTF-8 byte-order mark skipped, blank lines ignored, fields trimmed. A file larger
 * than the node's limit is refused before it is read.
 */
final class CsvSource implements RowSource {
    private final String dataset;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private final int[] index;
    private CSVRecord current;

    CsvSource(String dataset, Path file, char delimiter, List<String> wanted, long maxBytes) {
        this.dataset = dataset;
        try {
            if (!Files.isRegularFile(file)) {
                throw new DataException(dataset + ": the CSV file does not exist or is not a regular file");
            }
            if (Files.size(file) > maxBytes) {
                throw new DataException(dataset + ": the CSV file is larger than the node's limit of " + maxBytes + " bytes");
            }
            BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            try {
                r.mark(1);
                if (r.read() != '\uFEFF') {
                    r.reset();
                }
                CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                        .setIgnoreEmptyLines(true).setTrim(true).setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).get();
                this.parser = CSVParser.builder().setReader(r).setFormat(format).get();
            } catch (IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
                r.close();
                throw e;
            }
        } catch (IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new DataException(dataset + ": the CSV file's header cannot be read (" + reason(e) + ")", e);
        }
        this.header = parser.getHeaderNames();
        this.index = new int[wanted == null ? header.size() : wanted.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = wanted == null ? i : header.indexOf(wanted.get(i));
        }
        this.records = parser.iterator();
    }

    @Override
    public boolean next() {
        try {
            if (!records.hasNext()) {
                return false;
            }
            current = records.next();
            return true;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new DataException(dataset + ": the CSV file cannot be read after row " + parser.getRecordNumber()
                    + " (" + reason(e) + ")", e);
        }
    }

    @Override
    public boolean complete() {
        return current.size() == header.size();
    }

    @Override
    public Object cell(int i) {
        return index[i] < 0 ? null : current.get(index[i]);
    }

    @Override
    public List<String> available() {
        return header;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // nothing to recover: the rows were read
        }
    }

    /**
     * The parser's reason without any field's or header's contents (Commons CSV quotes text after a ':' or in '[...]',
     * and a file without a header row has a data row there): the text before either, at most 80 characters.
     */
    private static String reason(Exception e) {
        String m = String.valueOf(e.getMessage());
        int cut = m.length();
        for (char c : new char[] {':', '[', '"', '\''}) {
            int at = m.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        String r = m.substring(0, Math.min(cut, 80)).replaceAll("[\\r\\n]", " ").strip();
        return r.isEmpty() ? e.getClass().getSimpleName() : r;
    }
}
