package io.gristmill.cli;

import io.gristmill.samples.WordCount;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The sample jobs shipped with Gristmill, by their short names, and the jar that holds them. */
final class BundledJobs {
    private static final Map<String, String> CLASSES = Map.of(
            "wordcount", "io.gristmill.samples.WordCount",
            "invertedindex", "io.gristmill.samples.InvertedIndex",
            "grep", "io.gristmill.samples.Grep",
            "sort", "io.gristmill.samples.Sort",
            "join", "io.gristmill.samples.Join",
            "topk", "io.gristmill.samples.TopKWords",
            "pagerank", "io.gristmill.samples.PageRank");
    /** Bundled jobs whose sample input is not the Gutenberg texts: the folder under {@code data/} they read. */
    private static final Map<String, String> INPUTS = Map.of("join", "join", "pagerank", "pagerank");

    private BundledJobs() {
    }

    /** The class of a bundled job name, or the argument itself (a fully qualified class name). */
    static String className(String job) {
        return CLASSES.getOrDefault(job.toLowerCase(Locale.ROOT), job);
    }

    static boolean isBundled(String job) {
        return CLASSES.containsKey(job.toLowerCase(Locale.ROOT));
    }

    /** The sample-jobs jar (or classes folder, when run from a build tree). */
    static Path jar() {
        try {
            return Path.of(WordCount.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the sample jobs jar", e);
        }
    }

    /** The bundled Gutenberg texts: {@code $GRISTMILL_HOME/data/gutenberg}. */
    static Path sampleInput() {
        return data("gutenberg");
    }

    /** The bundled input of a bundled job: {@code data/join} for join, {@code data/pagerank} for pagerank, the Gutenberg texts for the others. */
    static Path sampleInput(String job) {
        return data(INPUTS.getOrDefault(job.toLowerCase(Locale.ROOT), "gutenberg"));
    }

    private static Path data(String folder) {
        String home = System.getProperty("gristmill.home", System.getenv().getOrDefault("GRISTMILL_HOME", "."));
        return Path.of(home, "data", folder).toAbsolutePath().normalize();
    }
}
