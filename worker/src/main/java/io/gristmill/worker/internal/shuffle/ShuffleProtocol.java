package io.gristmill.worker.internal.shuffle;

import java.util.regex.Pattern;

/** Names and syntax of the shuffle wire format (see the package documentation). */
final class ShuffleProtocol {
    static final String PATH_PREFIX = "/shuffle/";
    static final String SECRET = "X-Gristmill-Secret";
    static final String MAP_ATTEMPT = "X-Gristmill-Map-Attempt";
    static final String LENGTH = "X-Gristmill-Partition-Length";
    static final String RECORDS = "X-Gristmill-Records";
    static final String CRC32C = "X-Gristmill-Crc32c";
    /** Number of segments in a batch response: as many as map attempts were asked for. */
    static final String SEGMENTS = "X-Gristmill-Segments";
    static final String BATCH_CONTENT_TYPE = "application/x-gristmill-segments";
    /** Most map attempts one batch request may ask for (its body is then at most ~530 KB). */
    static final int MAX_BATCH = 4096;
    /** The job segment meaning "the job whose secret the request carries". */
    static final String JOB_BY_SECRET = "-";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern PARTITION = Pattern.compile("[0-9]{1,9}");

    private ShuffleProtocol() {
    }

    /** One parsed request path. */
    record Target(String jobId, int partition, String mapAttemptId) {
    }

    static boolean isId(String s) {
        return s != null && ID.matcher(s).matches();
    }

    /** Throws if {@code s} is not a safe id (also what keeps scratch file names inside their folder). */
    static String requireId(String what, String s) {
        if (!isId(s)) {
            throw new IllegalArgumentException(what + " is not a valid id: " + s);
        }
        return s;
    }

    static String path(String jobId, int partition, String mapAttemptId) {
        if (!JOB_BY_SECRET.equals(jobId)) {
            requireId("job id", jobId);
        }
        return PATH_PREFIX + jobId + "/" + partition + "/" + requireId("map attempt id", mapAttemptId);
    }

    /** The path of a batch request: {@code POST} it with the map attempt ids, one per line. */
    static String batchPath(String jobId, int partition) {
        if (!JOB_BY_SECRET.equals(jobId)) {
            requireId("job id", jobId);
        }
        return PATH_PREFIX + jobId + "/" + partition;
    }

    /**
     * Parses a raw batch request path ({@code mapAttemptId} of the result is null); null if it is not a
     * well-formed one.
     */
    static Target parseBatch(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PATH_PREFIX)) {
            return null;
        }
        String[] parts = rawPath.substring(PATH_PREFIX.length()).split("/", -1);
        if (parts.length != 2 || !(isId(parts[0]) || JOB_BY_SECRET.equals(parts[0]))
                || !PARTITION.matcher(parts[1]).matches()) {
            return null;
        }
        return new Target(parts[0], Integer.parseInt(parts[1]), null);
    }

    /**
     * The map attempt ids of a batch request body: ids, one per line ({@code \n}), at most {@link #MAX_BATCH},
     * each once; null if the body is anything else.
     */
    static java.util.List<String> parseBatchBody(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        String[] lines = body.split("\n", -1);
        if (lines.length > MAX_BATCH) {
            return null;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String line : lines) {
            if (!isId(line) || !seen.add(line)) {
                return null;
            }
        }
        return java.util.List.of(lines);
    }

    /** Parses a raw (undecoded) request path; null if it is not a well-formed shuffle path. */
    static Target parse(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PATH_PREFIX)) {
            return null;
        }
        String[] parts = rawPath.substring(PATH_PREFIX.length()).split("/", -1);
        if (parts.length != 3 || !(isId(parts[0]) || JOB_BY_SECRET.equals(parts[0]))
                || !PARTITION.matcher(parts[1]).matches() || !isId(parts[2])) {
            return null;
        }
        return new Target(parts[0], Integer.parseInt(parts[1]), parts[2]);
    }

    static String crcHex(long crc) {
        return String.format("%08x", crc & 0xffffffffL);
    }
}
