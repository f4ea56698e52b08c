package org.consortia.mpc.node.data;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.consortia.mpc.config.DatasetSpec;
import org.consortia.mpc.runtime.link.LinkKeys;

/**
 * How a raw cell (a CSV field, or the object a JDBC driver returns) becomes the number a computation takes and the
 * canonical text a key is linked by ({@link LinkKeys}): numbers as themselves, categories as their index, dates as days
 * since 1970-01-01 (key text: ISO {@code yyyy-MM-dd}), booleans as 1/0, strings only as keys (the number is a 52-bit
 * prefix of the key's hash, so that a string key can also be sorted and compared as numbers are).
 */
final class Cells {
    private Cells() {
    }

    /** The number for {@code raw} in {@code column}; a NULL, an empty field or a mismatch is a {@link BadCell}. */
    static double number(DatasetSpec.Column column, Object raw, int maxString) throws BadCell {
        if (raw == null || raw instanceof String s && s.isBlank()) {
            throw new BadCell("is empty (NULL)");
        }
        return switch (column.type()) {
            case NUMBER -> finite(raw);
            case BOOLEAN -> bool(raw) ? 1 : 0;
            case DATE -> date(raw).toEpochDay();
            case CATEGORY -> category(column, raw);
            case STRING -> surrogate(LinkKeys.canonical(text(raw, maxString)));
        };
    }

    /** The canonical key text for {@code raw} in {@code column} (numbers, strings, dates, labels, booleans). */
    static String key(DatasetSpec.Column column, Object raw, int maxString) throws BadCell {
        if (raw == null || raw instanceof String s && s.isBlank()) {
            throw new BadCell("is empty (NULL)");
        }
        return switch (column.type()) {
            case NUMBER -> exact(raw);
            case BOOLEAN -> bool(raw) ? "true" : "false";
            case DATE -> date(raw).toString();
            case CATEGORY -> LinkKeys.canonical(column.labels().get((int) category(column, raw)));
            case STRING -> LinkKeys.canonical(text(raw, maxString));
        };
    }

    /** A 52-bit prefix of the key's hash: a whole number a double holds exactly. */
    static double surrogate(String canonical) {
        byte[] h = LinkKeys.hash(canonical);
        long v = 0;
        for (int i = 0; i < 7; i++) {
            v = v << 8 | (h[i] & 0xff);
        }
        return v >>> 4;
    }

    /**
     * A number key's canonical text, exactly (a 64-bit identifier above 2^53 keeps every digit): an integral value
     * without a fraction or exponent, any other in its shortest plain decimal ({@code 7}, {@code 7.0}, {@code 7.00}
     * and {@code 7e0} are one key).
     */
    static String exact(Object raw) throws BadCell {
        BigDecimal d;
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return raw.toString();
        } else if (raw instanceof java.math.BigInteger b) {
            return b.toString();
        } else if (raw instanceof BigDecimal b) {
            d = b;
        } else if (raw instanceof Number n) {
            return LinkKeys.canonical(finite(n));
        } else if (raw instanceof String s) {
            try {
                d = new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                throw new BadCell("is not a number");
            }
        } else {
            throw new BadCell("is not a number (a " + kind(raw) + ")");
        }
        if (d.abs().compareTo(BigDecimal.TEN.pow(300)) > 0 || d.scale() > 300) {
            throw new BadCell("is not a number within range");
        }
        d = d.stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    private static double finite(Object raw) throws BadCell {
        double d;
        if (raw instanceof Number n) {
            d = n instanceof BigDecimal b ? b.doubleValue() : n.doubleValue();
        } else if (raw instanceof String s) {
            try {
                d = Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new BadCell("is not a number");
            }
        } else {
            throw new BadCell("is not a number (a " + kind(raw) + ")");
        }
        if (!Double.isFinite(d)) {
            throw new BadCell("is not a finite number");
        }
        return d;
    }

    private static boolean bool(Object raw) throws BadCell {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        if (raw instanceof String s) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true", "t", "yes", "y", "1" -> {
                    return true;
                }
                case "false", "f", "no", "n", "0" -> {
                    return false;
                }
                default -> { }
            }
        }
        throw new BadCell("is not a boolean (true/false, 1/0)");
    }

    private static LocalDate date(Object raw) throws BadCell {
        if (raw instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (raw instanceof LocalDate d) {
            return d;
        }
        if (raw instanceof String s) {
            try {
                return LocalDate.parse(s.strip());
            } catch (DateTimeParseException e) {
                throw new BadCell("is not a date (yyyy-MM-dd)");
            }
        }
        throw new BadCell("is not a date (a " + kind(raw) + ")");
    }

    private static double category(DatasetSpec.Column column, Object raw) throws BadCell {
        String s = raw.toString().strip();
        int i = column.labels().indexOf(s);
        if (i < 0) {
            throw new BadCell("is not one of the column's " + column.labels().size() + " declared labels");
        }
        return i;
    }

    private static String text(Object raw, int maxString) throws BadCell {
        String s;
        if (raw instanceof String str) {
            s = str;
        } else if (raw instanceof Number) {
            s = exact(raw);
        } else if (raw instanceof java.sql.Date || raw instanceof LocalDate) {
            s = raw.toString();
        } else if (raw instanceof Boolean || raw instanceof Character || raw instanceof java.util.UUID) {
            s = raw.toString();
        } else {
            throw new BadCell("is not text (a " + kind(raw) + ")");
        }
        if (s.length() > maxString) {
            throw new BadCell("is longer than " + maxString + " characters");
        }
        return s;
    }

    private static String kind(Object raw) {
        return raw.getClass().getSimpleName();
    }
}
