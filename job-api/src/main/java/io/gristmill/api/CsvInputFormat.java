package io.gristmill.api;

import java.io.IOException;
import java.util.Map;

/**
 * CSV as RFC 4180 writes it, read as {@code (position, record)}: fields separated by a delimiter (default
 * {@code ,}), records ended by {@code \n} or {@code \r\n}; a field in double quotes may hold delimiters, newlines and
 * doubled quotes ({@code ""} reads as {@code "}). Lenient where RFC 4180 forbids but files do it: a quote inside an
 * unquoted field is kept as a character, and records may have different numbers of fields. Empty lines are not
 * records. Fields are decoded as UTF-8.
 *
 * <p><b>Splitting.</b> A split that starts in the middle of a file cannot tell, from the bytes it sees, whether it
 * starts inside a quoted field: {@code "a\nb"} and {@code a\nb} look the same from the {@code \n} on. So by default
 * each CSV file is one split (Hadoop makes the same choice). A job whose fields never hold a newline can promise so
 * ({@link #splittable(boolean)} or {@code csv.splittable=true}): files then split at line boundaries like text, and a
 * quoted field that reaches the end of its line fails the task naming file and offset instead of misreading splits.
 * With a header row, each file is one split anyway: only the split at the start of a file sees the header.
 *
 * <p>A record with text after a closing quote, or a quoted field still open at the end of the file, is a bad record
 * ({@link BadRecordException}, which {@code maxSkippedRecords} can skip). A record longer than
 * {@code maxRecordLength} bytes fails the task. Parameters for {@link #fromParams}: {@code csv.header=true|false},
 * {@code csv.delimiter=C} (one ASCII character, or {@code \t}), {@code csv.splittable=true|false}.
 */
public final class CsvInputFormat implements InputFormat<MutableLong, CsvRecord> {
    public static final String HEADER = "csv.header";
    public static final String DELIMITER = "csv.delimiter";
    public static final String SPLITTABLE = "csv.splittable";

    private final boolean header;
    private final byte delimiter;
    private final boolean splittable;
    private final int maxRecordLength;

    /** No header, comma-separated, one split per file, records up to 16 MiB. */
    public CsvInputFormat() {
        this(false, (byte) ',', false, TextInputFormat.DEFAULT_MAX_LINE_LENGTH);
    }

    private CsvInputFormat(boolean header, byte delimiter, boolean splittable, int maxRecordLength) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter < 0) {
            throw new IllegalArgumentException("the CSV delimiter must be an ASCII character other than a quote or a line"
                    + " end, got " + (char) delimiter);
        }
        if (maxRecordLength < 1) {
            throw new IllegalArgumentException("maxRecordLength must be >= 1, got " + maxRecordLength);
        }
        this.header = header;
        this.delimiter = delimiter;
        this.splittable = splittable;
        this.maxRecordLength = maxRecordLength;
    }

    /**
     * The format the job's parameters describe ({@code csv.header}, {@code csv.delimiter}, {@code csv.splittable}),
     * for a job to call in {@code define(params)}.
     *
     * @throws IllegalArgumentException naming the parameter whose value is not understood
     */
    public static CsvInputFormat fromParams(Map<String, String> params) {
        CsvInputFormat format = new CsvInputFormat()
                .header(bool(params, HEADER))
                .splittable(bool(params, SPLITTABLE));
        String d = params.get(DELIMITER);
        if (d != null) {
            String c = d.equals("\\t") ? "\t" : d;
            if (c.length() != 1 || c.charAt(0) > 127) {
                throw new IllegalArgumentException(DELIMITER + " must be one ASCII character (or \\t), got '" + d + "'");
            }
            format = format.delimiter(c.charAt(0));
        }
        return format;
    }

    private static boolean bool(Map<String, String> params, String name) {
        String v = params.getOrDefault(name, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    /** Whether each file's first record is a header row of names (not a record; see {@link CsvRecord#get(String)}). */
    public CsvInputFormat header(boolean value) {
        return new CsvInputFormat(value, delimiter, splittable, maxRecordLength);
    }

    public CsvInputFormat delimiter(char value) {
        return new CsvInputFormat(header, (byte) value, splittable, maxRecordLength);
    }

    /** Promise that no field holds a newline, so that files may be split (see the class comment). */
    public CsvInputFormat splittable(boolean value) {
        return new CsvInputFormat(header, delimiter, value, maxRecordLength);
    }

    public CsvInputFormat maxRecordLength(int value) {
        return new CsvInputFormat(header, delimiter, splittable, value);
    }

    @Override
    public boolean isSplittable(String path) {
        return splittable && !header;
    }

    @Override
    public RecordReader<MutableLong, CsvRecord> createReader(SplitInput input, TaskContext context) throws IOException {
        return new CsvRecordReader(input, header, delimiter, splittable, maxRecordLength);
    }
}
