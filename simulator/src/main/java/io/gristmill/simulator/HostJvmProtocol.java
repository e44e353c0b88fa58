package io.gristmill.simulator;

import java.util.Map;
import java.util.TreeMap;

/**
 * The lines between the harness and a {@link HostJvm}. The harness writes one command a line ({@code crash N},
 * {@code silence N}, {@code traffic}, {@code reset}, {@code close}); the child answers each with one line starting
 * with {@link #PREFIX}, so that anything else a library prints on its stdout is told apart and skipped. Traffic
 * travels as tab-separated {@code kind, messages, bytes, largest} groups (kinds have spaces, never tabs).
 */
final class HostJvmProtocol {
    static final String PREFIX = "@sim ";

    private HostJvmProtocol() {
    }

    static String answer(String text) {
        return PREFIX + text;
    }

    /** The answer's text, or null if the line is not an answer. */
    static String parse(String line) {
        return line.startsWith(PREFIX) ? line.substring(PREFIX.length()) : null;
    }

    static String encode(Map<String, BusCounters.Tally> traffic) {
        StringBuilder text = new StringBuilder("traffic");
        traffic.forEach((kind, t) -> text.append('\t').append(kind).append('\t').append(t.messages()).append('\t')
                .append(t.bytes()).append('\t').append(t.largest()));
        return text.toString();
    }

    static Map<String, BusCounters.Tally> decode(String answer) {
        String[] fields = answer.split("\t");
        Map<String, BusCounters.Tally> traffic = new TreeMap<>();
        for (int i = 1; i + 3 < fields.length; i += 4) {
            traffic.put(fields[i], new BusCounters.Tally(Long.parseLong(fields[i + 1]), Long.parseLong(fields[i + 2]),
                    Long.parseLong(fields[i + 3])));
        }
        return traffic;
    }

    /** Adds {@code more} into {@code sum}: messages and bytes add up, the largest is the largest of both. */
    static void merge(Map<String, BusCounters.Tally> sum, Map<String, BusCounters.Tally> more) {
        more.forEach((kind, t) -> sum.merge(kind, t, (a, b) -> new BusCounters.Tally(a.messages() + b.messages(),
                a.bytes() + b.bytes(), Math.max(a.largest(), b.largest()))));
    }
}
