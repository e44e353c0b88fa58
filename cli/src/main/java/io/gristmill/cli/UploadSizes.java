package io.gristmill.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a submission uploads, part by part, for the message of a 413: a coordinator that refuses a body by its
 * declared length cannot tell which part made it too large, but the client can.
 */
final class UploadSizes {
    private UploadSizes() {
    }

    static String describe(Path jar, List<SideFileArgument> files) {
        StringBuilder text = new StringBuilder("jar ").append(jar.getFileName()).append(' ').append(size(jar));
        for (SideFileArgument file : files) {
            text.append(", file '").append(file.name()).append("' ").append(size(file.path()));
        }
        return text.toString();
    }

    private static String size(Path file) {
        try {
            return String.format(Locale.ROOT, "%.1f MiB", Files.size(file) / (double) (1 << 20));
        } catch (java.io.IOException e) {
            return "(size unknown)";
        }
    }
}
