package io.gristmill.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line must be a {@code # HELP},
 * a {@code # TYPE} (declared once, before the family's samples, with a known type) or a sample
 * {@code name{label="value",...} value [timestamp]} whose name belongs to a declared family. Any other line fails.
 */
final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Set<String> SUFFIXES = Set.of("_total", "_created", "_count", "_sum", "_bucket", "_info");

    private PrometheusText() {
    }

    /** Samples by series ({@code name} or {@code name{labels}} as written); throws on any malformed line. */
    static Map<String, Double> parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                if (n == 1 || !text.endsWith("\n")) {
                    throw new IllegalArgumentException("line " + n + ": empty line");
                }
                continue;
            }
            Matcher m;
            if (line.startsWith("# HELP ")) {
                require(HELP.matcher(line).matches(), n, line);
            } else if ((m = TYPE.matcher(line)).matches()) {
                require(types.put(m.group(1), m.group(2)) == null, n, "second TYPE: " + line);
            } else if (line.startsWith("#")) {
                throw new IllegalArgumentException("line " + n + ": unknown comment: " + line);
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                require(types.containsKey(name) || types.containsKey(family(name)), n, "sample of undeclared family: " + line);
                if (m.group(3) != null && !m.group(3).isEmpty()) {
                    Matcher label = LABEL.matcher(m.group(3));
                    int end = 0;
                    while (label.find() && label.start() == end) {
                        end = label.end();
                    }
                    require(end == m.group(3).length(), n, "bad labels: " + line);
                }
                double value = value(m.group(4), n, line);
                require(samples.put(name + (m.group(2) == null ? "" : m.group(2)), value) == null, n, "duplicate series: " + line);
            } else {
                throw new IllegalArgumentException("line " + n + ": not a sample: " + line);
            }
        }
        require(!samples.isEmpty(), n, "no samples");
        return samples;
    }

    private static String family(String name) {
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private static double value(String text, int n, String line) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + n + ": bad value: " + line);
                }
        }
    }

    private static void require(boolean ok, int n, String what) {
        if (!ok) {
            throw new IllegalArgumentException("line " + n + ": " + what);
        }
    }
}
