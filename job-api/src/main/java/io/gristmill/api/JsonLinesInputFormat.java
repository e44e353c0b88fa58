package io.gristmill.api;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON lines: each line one JSON object, read as {@code (position, object)}. Lines are found as
 * {@link TextInputFormat} finds them (so files split like text, and compressed files work the same way); blank lines
 * are not records. The value is a fresh {@code Map<String, Object>} per record, made of JDK types only (see
 * {@link #parse}); the key is the line's reused {@link MutableLong} position.
 *
 * <p>A line that is not one valid JSON object (or not valid UTF-8) is a bad record: {@link RecordReader#next()} throws
 * {@link BadRecordException} naming the file and offset, and the job's {@code maxSkippedRecords} decides whether the
 * task's next attempt skips it or the job fails.
 */
public final class JsonLinesInputFormat implements InputFormat<MutableLong, Map<String, Object>> {
    private final TextInputFormat lines;

    public JsonLinesInputFormat() {
        this(TextInputFormat.DEFAULT_MAX_LINE_LENGTH);
    }

    public JsonLinesInputFormat(int maxLineLength) {
        this.lines = new TextInputFormat(maxLineLength);
    }

    /**
     * Parses one JSON object as this format does: objects become {@code LinkedHashMap<String, Object>}, arrays
     * {@code ArrayList}, strings {@code String}, booleans {@code Boolean}, {@code null} null, integers {@code Long}
     * ({@code BigInteger} beyond it), other numbers {@code Double} ({@code BigDecimal} beyond a double's range).
     *
     * @throws IllegalArgumentException saying what is wrong and at which character
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String line) {
        Object value = JsonText.parse(line);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("the line holds a JSON " + kind(value) + ", not an object");
        }
        return (Map<String, Object>) value;
    }

    private static String kind(Object value) {
        return value == null ? "null" : value instanceof String ? "string" : value instanceof java.util.List ? "array"
                : value instanceof Boolean ? "boolean" : "number";
    }

    @Override
    public RecordReader<MutableLong, Map<String, Object>> createReader(SplitInput input, TaskContext context)
            throws IOException {
        RecordReader<MutableLong, Text> reader = lines.createReader(input, context);
        String path = input.split().path();
        return new RecordReader<>() {
            private Map<String, Object> value;

            @Override
            public boolean next() throws IOException {
                while (reader.next()) {
                    Text line = reader.value();
                    if (isBlank(line)) {
                        continue;
                    }
                    value = null;
                    try {
                        value = parse(StandardCharsets.UTF_8.newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .decode(java.nio.ByteBuffer.wrap(line.bytes(), line.offset(), line.length()))
                                .toString());
                    } catch (IllegalArgumentException | CharacterCodingException e) {
                        throw new BadRecordException("line at byte " + reader.key().get() + " of " + path
                                + " is not a JSON object: " + (e instanceof CharacterCodingException
                                ? "not valid UTF-8" : e.getMessage()), reader.key().get());
                    }
                    return true;
                }
                return false;
            }

            @Override
            public MutableLong key() {
                return reader.key();
            }

            @Override
            public Map<String, Object> value() {
                return value;
            }

            @Override
            public float progress() {
                return reader.progress();
            }

            @Override
            public long bytesRead() {
                return reader.bytesRead();
            }

            @Override
            public long position() {
                return reader.position();
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    private static boolean isBlank(Text line) {
        byte[] b = line.bytes();
        for (int i = line.offset(), end = line.offset() + line.length(); i < end; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
