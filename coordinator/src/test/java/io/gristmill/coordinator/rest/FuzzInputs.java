package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gristmill.coordinator.rest.testjobs.NoopJob;
import io.gristmill.coordinator.rest.testjobs.NotAJob;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link RestApiFuzzTest} sends: job specs (valid and broken), multipart bodies (well-formed and not) and
 * requests of any method to any path. Every file path in a spec lies under {@code root} and no input pattern
 * reaches outside it, so that an accepted job can neither write nor scan anywhere else; most specs name an input
 * that does not exist or an output that does, so that few are accepted.
 */
final class FuzzInputs {
    private static final ObjectMapper PLAIN = JsonMapper.builder().build();
    /** Escapes every non-ASCII character, so that lone surrogates reach the server as JSON escapes. */
    private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    static final List<String> FIELDS = List.of("jobClass", "input", "output", "reducers", "splitSize", "sortBuffer",
            "maxAttempts", "maxWorkerLosses", "params", "name");

    private final Path root;
    private final Path inputFile;
    private final Path existingOutput;
    private final byte[] jobJar;

    /** {@code inputFile} and {@code existingOutput} must exist, under {@code root}. */
    FuzzInputs(Path root, Path inputFile, Path existingOutput, byte[] jobJar) {
        this.root = root;
        this.inputFile = inputFile;
        this.existingOutput = existingOutput;
        this.jobJar = jobJar.clone();
    }

    /** A multipart body or something else, with the content type it is sent with. */
    record Body(String contentType, byte[] bytes, String description) {
        @Override
        public String toString() {
            return description + " (" + contentType + ", " + bytes.length + " bytes)";
        }
    }

    // ------------------------------------------------------------------ strings and JSON values

    static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().alpha().numeric().withChars("-_.").ofMaxLength(16)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(2, Arbitraries.strings().withChars("\u0000\u0001\n\r\t\"\\/%.\ud800\udc00\ufffe\u2028 é😀")
                        .withCharRange('a', 'c').ofMaxLength(10)),
                Tuple.of(1, Arbitraries.of("", " ", "..", ".", "null", "64m", "-1", "\u0000", "\ud800", "\udfff\ud800")),
                Tuple.of(1, Arbitraries.integers().between(1_000, 70_000).map("x"::repeat)));
    }

    static Arbitrary<Object> number() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.integers().between(-3, 5).map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)).map(b -> (Object) b),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 0, -0.0, 1e308, 0.5));
    }

    /** Any JSON value, as Java objects for Jackson: null, booleans, numbers, strings, lists and maps. */
    static Arbitrary<Object> anyJson() {
        Arbitrary<Object> leaf = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
                Tuple.of(3, number()),
                Tuple.of(3, text().map(s -> (Object) s)));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(text(), inner).ofMaxSize(4).map(m -> (Object) m)), 0, 3);
    }

    /** {@code [[[...]]]} or {@code {"a":{"a":...}}}, up to far deeper than any parser allows. */
    static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(1, 5_000), Arbitraries.of(true, false))
                .as((depth, arrays) -> arrays ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
    }

    // ------------------------------------------------------------------ specs

    /** The text of a spec part: mostly a JSON object, sometimes another JSON value, deep nesting or not JSON. */
    Arbitrary<String> specText() {
        return Arbitraries.frequencyOf(
                Tuple.of(80, Combinators.combine(specObject(), Arbitraries.of(true, false)).as(FuzzInputs::json)),
                Tuple.of(5, deepNesting()),
                Tuple.of(5, anyJson().map(v -> json(v, false))),
                Tuple.of(5, Combinators.combine(specObject(), Arbitraries.integers().between(0, 200))
                        .as((spec, cut) -> truncate(json(spec, false), cut))),
                Tuple.of(5, text()));
    }

    Arbitrary<Map<String, Object>> specObject() {
        Arbitrary<List<Map.Entry<String, Object>>> extra = field().list().ofMaxSize(6);
        return Combinators.combine(input().injectNull(0.1), output().injectNull(0.1), extra).as((in, out, more) -> {
            Map<String, Object> spec = new LinkedHashMap<>();
            if (in != null) {
                spec.put("input", in);
            }
            if (out != null) {
                spec.put("output", out);
            }
            more.forEach(e -> spec.put(e.getKey(), e.getValue()));
            return spec;
        });
    }

    private Arbitrary<Map.Entry<String, Object>> field() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, entry("jobClass", Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.of(NoopJob.class.getName(), NotAJob.class.getName(), "java.lang.Object",
                                "no.such.Job", "").map(s -> (Object) s)),
                        Tuple.of(1, anyJson())))),
                Tuple.of(1, entry("input", input())),
                Tuple.of(1, entry("output", output())),
                Tuple.of(1, entry("reducers", number())),
                Tuple.of(1, entry("maxAttempts", number())),
                Tuple.of(1, entry("maxWorkerLosses", number())),
                Tuple.of(1, entry("splitSize", size())),
                Tuple.of(1, entry("sortBuffer", size())),
                Tuple.of(1, entry("params", Arbitraries.oneOf(Arbitraries.maps(text(), anyJson()).ofMaxSize(5)
                        .map(m -> (Object) m), anyJson()))),
                Tuple.of(1, entry("name", Arbitraries.oneOf(text().map(s -> (Object) s), anyJson()))),
                Tuple.of(1, Combinators.combine(Arbitraries.oneOf(text(), Arbitraries.of("Input", "reducers ", "OUTPUT",
                        "jobclass")), anyJson()).as(java.util.AbstractMap.SimpleEntry::new)),
                Tuple.of(1, entry(FIELDS, anyJson())));
    }

    private static Arbitrary<Map.Entry<String, Object>> entry(String name, Arbitrary<Object> value) {
        return value.map(v -> new java.util.AbstractMap.SimpleEntry<>(name, v));
    }

    private static Arbitrary<Map.Entry<String, Object>> entry(List<String> names, Arbitrary<Object> value) {
        return Combinators.combine(Arbitraries.of(names), value).as(java.util.AbstractMap.SimpleEntry::new);
    }

    private static Arbitrary<Object> size() {
        return Arbitraries.oneOf(number(), Arbitraries.of("64m", "1k", "-1k", "0", "1e3", "99999999999t", "12x",
                "1.5g", " 64 m", "").map(s -> (Object) s), text().map(s -> (Object) s));
    }

    /** Inputs under root: mostly missing, sometimes the real file or a pattern; or a value of the wrong type. */
    private Arbitrary<Object> input() {
        Arbitrary<String> missing = text().map(s -> under("in", s));
        Arbitrary<String> pattern = Arbitraries.of("*.txt", "**", "*", "{a,b}*", "[", "[!x]*", "**/*.txt", "?")
                .map(p -> root + "/" + p);
        Arbitrary<String> one = Arbitraries.frequencyOf(Tuple.of(6, missing),
                Tuple.of(2, Arbitraries.just(inputFile.toString())), Tuple.of(1, pattern));
        return Arbitraries.frequencyOf(
                Tuple.of(6, one.map(s -> (Object) s)),
                Tuple.of(2, one.list().ofMaxSize(4).map(l -> (Object) l)),
                Tuple.of(1, anyJson()));
    }

    /** Outputs under root: mostly one that exists, sometimes a new folder; or a value of the wrong type. */
    private Arbitrary<Object> output() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just((Object) existingOutput.toString())),
                Tuple.of(3, text().map(s -> (Object) under("out", s))),
                Tuple.of(1, anyJson()));
    }

    /** {@code root/folder/<name>} with {@code name} made one path segment, so that it cannot climb out of root. */
    private String under(String folder, String name) {
        String segment = name.replace('/', '_');
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            segment = "x" + segment;
        }
        return root + "/" + folder + "/" + segment;
    }

    static String json(Object value, boolean escapeNonAscii) {
        try {
            return (escapeNonAscii ? ESCAPING : PLAIN).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String text, int cut) {
        return text.substring(0, Math.max(0, text.length() - 1 - Math.min(cut, text.length() - 1)));
    }

    // ------------------------------------------------------------------ request bodies

    /** A part of a multipart body; a file part when {@code fileName} is not null. */
    record Part(String name, String fileName, String contentType, byte[] content) {
    }

    Arbitrary<byte[]> jar() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000);
        return Arbitraries.frequencyOf(
                Tuple.of(14, Arbitraries.just(jobJar)),
                Tuple.of(1, garbage),
                Tuple.of(1, Arbitraries.integers().between(0, jobJar.length - 1).map(n -> Arrays.copyOf(jobJar, n))),
                Tuple.of(1, Arbitraries.just(new byte[0])),
                Tuple.of(1, garbage.map(g -> concat(new byte[]{'P', 'K', 3, 4}, g))),
                Tuple.of(1, Arbitraries.integers().between(0, jobJar.length * 8 - 1).map(bit -> flip(jobJar, bit))));
    }

    private Arbitrary<Part> jarPart() {
        return Combinators.combine(partName("jar"), jar(), Arbitraries.of(true, true, true, false),
                Arbitraries.of("application/java-archive", "application/octet-stream", "text/plain", ""))
                .as((name, bytes, asFile, type) -> new Part(name, asFile ? "job.jar" : null, type, bytes));
    }

    private Arbitrary<Part> specPart() {
        Arbitrary<byte[]> bytes = Combinators.combine(specText(), Arbitraries.of(StandardCharsets.UTF_8,
                StandardCharsets.UTF_8, StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, StandardCharsets.UTF_16))
                .as((text, charset) -> text.getBytes(charset));
        return Combinators.combine(partName("spec"), bytes, Arbitraries.of(false, false, false, true),
                Arbitraries.of("application/json", "text/plain; charset=UTF-8", "text/plain; charset=ISO-8859-1", ""))
                .as((name, content, asFile, type) -> new Part(name, asFile ? "spec.json" : null, type, content));
    }

    private static Arbitrary<String> partName(String usual) {
        return Arbitraries.frequencyOf(Tuple.of(18, Arbitraries.just(usual)),
                Tuple.of(1, Arbitraries.of(usual.toUpperCase(), usual + " ", "", "file", "jar", "spec")),
                Tuple.of(1, text()));
    }

    /** Request bodies for {@code POST /api/v1/jobs}. */
    Arbitrary<Body> submission() {
        Arbitrary<List<Part>> parts = Combinators.combine(jarPart().injectNull(0.05), specPart().injectNull(0.05),
                        Arbitraries.oneOf(jarPart(), specPart()).list().ofMaxSize(2).injectNull(0.8),
                        Arbitraries.of(true, false))
                .as((jar, spec, extra, jarFirst) -> {
                    List<Part> list = new ArrayList<>();
                    if (jarFirst && jar != null) {
                        list.add(jar);
                    }
                    if (spec != null) {
                        list.add(spec);
                    }
                    if (!jarFirst && jar != null) {
                        list.add(jar);
                    }
                    if (extra != null) {
                        list.addAll(extra);
                    }
                    return list;
                });
        Arbitrary<Body> wellFormed = parts.map(p -> multipart("b0und4ry", p, true));
        return Arbitraries.frequencyOf(
                Tuple.of(85, wellFormed),
                Tuple.of(4, Combinators.combine(wellFormed, Arbitraries.integers().between(1, 400))
                        .as((body, cut) -> new Body(body.contentType(), Arrays.copyOf(body.bytes(),
                                Math.max(0, body.bytes().length - cut)), "truncated " + body.description()))),
                Tuple.of(3, Combinators.combine(parts, Arbitraries.of("multipart/form-data",
                        "multipart/form-data; boundary=other", "multipart/form-data; boundary=", "multipart/mixed; boundary=b0und4ry",
                        "multipart/form-data; boundary=\"b0und4ry\"", "Multipart/Form-Data; BOUNDARY=b0und4ry"))
                        .as((p, type) -> {
                            Body body = multipart("b0und4ry", p, true);
                            return new Body(type, body.bytes(), "content type " + type + " for " + body.description());
                        })),
                Tuple.of(2, parts.map(p -> multipart("b0und4ry", p, false))),
                Tuple.of(3, Combinators.combine(specText(), Arbitraries.of("application/json", "text/plain",
                        "application/x-www-form-urlencoded", "application/octet-stream", ""))
                        .as((spec, type) -> new Body(type, (type.endsWith("urlencoded") ? "spec=" + spec : spec)
                                .getBytes(StandardCharsets.UTF_8), "a bare spec"))),
                Tuple.of(3, Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(500),
                        Arbitraries.of("multipart/form-data; boundary=b0und4ry", "application/json", "", "text/plain"))
                        .as((bytes, type) -> new Body(type, bytes, "garbage"))));
    }

    static Body multipart(String boundary, List<Part> parts, boolean closed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder description = new StringBuilder("multipart");
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\"")
                    .append(part.name()).append('"');
            if (part.fileName() != null) {
                head.append("; filename=\"").append(part.fileName()).append('"');
            }
            head.append("\r\n");
            if (!part.contentType().isEmpty()) {
                head.append("Content-Type: ").append(part.contentType()).append("\r\n");
            }
            out.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            description.append(part.fileName() != null ? " file " : " field ").append(abbreviate(part.name()))
                    .append(part.content().length > 0 && part.content()[0] == '{'
                            ? "=" + abbreviate(new String(part.content(), StandardCharsets.UTF_8)) : "");
        }
        if (closed) {
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            description.append(" (no closing boundary)");
        }
        return new Body("multipart/form-data; boundary=" + boundary, out.toByteArray(), description.toString());
    }

    static String abbreviate(String text) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
        return "'" + shown.replace("\u0000", "\\0").replace("\r", "\\r").replace("\n", "\\n") + "'";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    // ------------------------------------------------------------------ requests of any kind

    static Arbitrary<String> method() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("GET", "POST")),
                Tuple.of(2, Arbitraries.of("PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO", "get")));
    }

    /** Request targets: documented routes with odd ids, their spellings, odd queries, garbage. */
    static Arbitrary<String> path() {
        Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.of("job-x", "", "%00", "%zz", "%2f", "..", "%2e%2e", "%C3%A9",
                        "%ED%A0%80", "%FF", "a%20b", "x".repeat(5_000), "job-20250101-120000-0001"),
                text().map(FuzzInputs::percentEncode));
        Arbitrary<String> route = Combinators.combine(Arbitraries.of("/api/v1/jobs/ID", "/api/v1/jobs/ID/tasks",
                        "/api/v1/jobs/ID/kill", "/api/v1/jobs/ID/tasks/ID/attempts/ID/log", "/internal/jars/ID",
                        "/api/v1/events?job=ID", "/api/v1/events?token=ID", "/api/v1/jobs?ID=ID", "/ID", "/webjars/ID",
                        "/health?ID", "/metrics#ID", "/api/v1/ID"), id, id)
                .as((template, a, b) -> template.replaceFirst("ID", a).replace("ID", b));
        Arbitrary<String> spelled = Arbitraries.of("/api/v1/jobs", "/api/v1/workers", "/metrics", "/health")
                .flatMap(p -> Arbitraries.of(RestPathSecurityTest.spellings(p).toArray(String[]::new)));
        return Arbitraries.frequencyOf(Tuple.of(6, route), Tuple.of(2, spelled),
                Tuple.of(1, Arbitraries.of("*", "http://127.0.0.1/api/v1/jobs", "/%", "?", "/a?b=%zz&token=%",
                        "/" + "a/".repeat(3_000))));
    }

    /** {@code text} as UTF-8 bytes, each percent-encoded (lone surrogates become '?'). */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format("%%%02X", b & 0xff));
        }
        return out.toString();
    }

    /** Extra request headers, as name-value pairs. */
    static Arbitrary<List<String>> headers() {
        Arbitrary<List<String>> one = Arbitraries.oneOf(
                Arbitraries.of("Origin", "Authorization", "Content-Type", "Accept", "X-Gristmill-Secret", "Cookie",
                        "Transfer-Encoding", "Expect").flatMap(name -> Arbitraries.of("null", "http://evil.example",
                        "Bearer ", "Bearer x", "multipart/form-data", "chunked", "100-continue", "\u00ff", "a".repeat(9000),
                        "http://127.0.0.1").map(value -> List.of(name, value))));
        return one.list().ofMaxSize(3).map(lists -> lists.stream().flatMap(List::stream).toList());
    }
}
