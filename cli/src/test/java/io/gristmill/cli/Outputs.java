package io.gristmill.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reading job outputs and computing expected results sequentially, for assertions. */
final class Outputs {
    private Outputs() {
    }

    static List<Path> partFiles(Path output) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
    }

    /** Every line of every part file, in part order. */
    static List<String> lines(Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path part : partFiles(output)) {
            lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** {@code key<TAB>value} lines as a sorted map; fails on a duplicate key. */
    static Map<String, String> keyValues(Path output) throws IOException {
        Map<String, String> map = new TreeMap<>();
        for (String line : lines(output)) {
            int tab = line.indexOf('\t');
            String previous = map.put(line.substring(0, tab), line.substring(tab + 1));
            if (previous != null) {
                throw new AssertionError("key written twice: " + line.substring(0, tab));
            }
        }
        return map;
    }

    /** The canonical word count (DESIGN.md), computed sequentially. */
    static Map<String, String> sequentialWordCount(List<Path> files) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (Path file : files) {
            forEachWord(Files.readString(file, StandardCharsets.UTF_8), w -> counts.merge(w, 1L, Long::sum));
        }
        Map<String, String> asText = new TreeMap<>();
        counts.forEach((w, c) -> asText.put(w, Long.toString(c)));
        return asText;
    }

    /** Word → sorted, comma-separated file names it occurs in, computed sequentially. */
    static Map<String, String> sequentialInvertedIndex(List<Path> files) throws IOException {
        Map<String, java.util.TreeSet<String>> docs = new TreeMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            forEachWord(Files.readString(file, StandardCharsets.UTF_8),
                    w -> docs.computeIfAbsent(w, k -> new java.util.TreeSet<>()).add(name));
        }
        Map<String, String> asText = new TreeMap<>();
        docs.forEach((w, d) -> asText.put(w, String.join(",", d)));
        return asText;
    }

    static void forEachWord(String text, java.util.function.Consumer<String> action) {
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!Character.isLetter(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < text.length() && Character.isLetter(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            action.accept(text.substring(start, i));
        }
    }

    /** Asserts equal maps, reporting sizes and the first differing keys instead of both maps. */
    static void assertSameEntries(Map<String, String> expected, Map<String, String> actual) {
        if (expected.equals(actual)) {
            return;
        }
        List<String> diffs = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(expected.get(key), actual.get(key)) && diffs.size() < 10) {
                diffs.add(key + ": expected " + expected.get(key) + ", got " + actual.get(key));
            }
        }
        throw new AssertionError("expected " + expected.size() + " keys, got " + actual.size() + "; first differences: " + diffs);
    }

    static List<Path> gutenbergFiles() throws IOException {
        try (Stream<Path> files = Files.list(BundledJobs.sampleInput())) {
            return files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
    }
}
