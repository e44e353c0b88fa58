package io.gristmill.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the CSV records a split owns (rules in {@link CsvInputFormat}), byte by byte from a reused buffer. */
final class CsvRecordReader implements RecordReader<MutableLong, CsvRecord> {
    private static final int EOF = -1;

    private final SplitInput in;
    private final boolean header;
    private final byte delimiter;
    private final boolean splittable;
    private final int maxRecordLength;
    private final String path;
    private final MutableLong key = new MutableLong();
    private final CsvRecord value = new CsvRecord();

    private final byte[] buf;
    private int bufPos;
    private int bufLimit;
    private boolean eof;
    private long pos;           // input offset of the next byte
    private long firstRecord = -1;
    private long recordStart;
    private byte[] field = new byte[256];
    private int fieldLength;

    CsvRecordReader(SplitInput in, boolean header, byte delimiter, boolean splittable, int maxRecordLength) {
        this.in = in;
        this.header = header;
        this.delimiter = delimiter;
        this.splittable = splittable;
        this.maxRecordLength = maxRecordLength;
        this.path = in.split().path();
        this.buf = new byte[(int) Math.min(1 << 20, Math.max(1 << 13, in.split().length() + (1 << 12)))];
    }

    @Override
    public boolean next() throws IOException {
        if (firstRecord < 0) {
            start();
        }
        while (in.owns(pos) && peek() != EOF) {
            recordStart = pos;
            value.clear();
            String problem = readRecord(value);
            if (problem != null) {
                throw new BadRecordException("CSV record at byte " + in.position(recordStart) + " of " + path + ": "
                        + problem, in.position(recordStart));
            }
            if (value.size() == 1 && value.get(0).isEmpty() && pos - recordStart <= 2) {
                continue; // an empty line is not a record
            }
            key.set(in.position(recordStart));
            return true;
        }
        return false;
    }

    /** Skips the partial record a mid-file split starts in, and reads the header row of a file's first split. */
    private void start() throws IOException {
        if (!in.atFileStart()) {
            int b;
            do {
                b = read();
            } while (b != '\n' && b != EOF);
        } else if (header && peek() != EOF) {
            CsvRecord names = new CsvRecord();
            String problem = readRecord(names);
            if (problem != null) {
                throw new IOException("the CSV header row of " + path + " is malformed: " + problem);
            }
            value.header(names.fields());
        }
        firstRecord = pos;
    }

    /** Reads one record into {@code record}; returns what is wrong with it (having consumed it), or null. */
    private String readRecord(CsvRecord record) throws IOException {
        fieldLength = 0;
        while (true) {
            int b = read();
            if (b == '"' && fieldLength == 0) {
                String problem = readQuoted();
                if (problem != null) {
                    return problem;
                }
                b = read();
                if (b != delimiter && b != '\n' && b != EOF && !(b == '\r' && peek() == '\n')) {
                    skipRestOfLine();
                    return "text after a closing quote";
                }
            } else {
                while (b != delimiter && b != '\n' && b != EOF && !(b == '\r' && peek() == '\n')) {
                    append(b);
                    b = read();
                }
            }
            record.add(new String(field, 0, fieldLength, StandardCharsets.UTF_8));
            fieldLength = 0;
            if (b == '\r') {
                read(); // the '\n' of "\r\n"
                return null;
            }
            if (b != delimiter) {
                return null; // '\n' or end of input
            }
        }
    }

    /** Reads a quoted field's content after its opening quote, through its closing quote. */
    private String readQuoted() throws IOException {
        while (true) {
            int b = read();
            if (b == EOF) {
                return "a quoted field is still open at the end of the file";
            }
            if (b == '"') {
                if (peek() != '"') {
                    return null;
                }
                read();
            } else if (b == '\n' && splittable) {
                throw new IOException("CSV record at byte " + in.position(recordStart) + " of " + path + " has a newline"
                        + " inside a quoted field, but " + CsvInputFormat.SPLITTABLE + "=true promised none: with"
                        + " such fields, files cannot be split (leave " + CsvInputFormat.SPLITTABLE + " false)");
            }
            append(b);
        }
    }

    private void skipRestOfLine() throws IOException {
        int b;
        do {
            b = read();
        } while (b != '\n' && b != EOF);
    }

    private void append(int b) throws IOException {
        if (pos - recordStart > maxRecordLength) {
            throw new IOException("CSV record at byte " + in.position(recordStart) + " of " + path
                    + " is longer than maxRecordLength (" + maxRecordLength + " bytes)");
        }
        if (fieldLength == field.length) {
            field = Arrays.copyOf(field, field.length * 2);
        }
        field[fieldLength++] = (byte) b;
    }

    private int read() throws IOException {
        if (bufPos == bufLimit && !fill()) {
            return EOF;
        }
        pos++;
        return buf[bufPos++] & 0xff;
    }

    private int peek() throws IOException {
        if (bufPos == bufLimit && !fill()) {
            return EOF;
        }
        return buf[bufPos] & 0xff;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            eof = true;
            return false;
        }
        bufPos = 0;
        bufLimit = n;
        return n > 0 || fill();
    }

    @Override
    public MutableLong key() {
        return key;
    }

    @Override
    public CsvRecord value() {
        return value;
    }

    @Override
    public float progress() {
        return in.progress(pos);
    }

    @Override
    public long bytesRead() {
        return firstRecord < 0 ? 0 : pos - firstRecord;
    }

    @Override
    public long position() {
        return in.position(recordStart);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
