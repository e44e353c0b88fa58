package io.gristmill.samples;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Map;

/**
 * The parameters of {@link Join}, read and checked once.
 *
 * @param leftFiles which input files are the left side, by file name
 * @param leftKey   the key column of left records
 * @param rightKey  the key column of right records
 * @param header    whether each file starts with a header line to skip
 */
record JoinParams(PathMatcher leftFiles, int leftKey, int rightKey, boolean header) {
    static final String LEFT_FILES = "leftFiles";
    static final String LEFT_KEY = "leftKey";
    static final String RIGHT_KEY = "rightKey";
    static final String HEADER = "header";

    static JoinParams of(Map<String, String> params) {
        String glob = params.getOrDefault(LEFT_FILES, "customers*");
        return new JoinParams(FileSystems.getDefault().getPathMatcher("glob:" + glob),
                column(params, LEFT_KEY, 0), column(params, RIGHT_KEY, 1),
                Boolean.parseBoolean(params.getOrDefault(HEADER, "true")));
    }

    /** The side of records read from {@code file}. */
    JoinSide sideOf(String file) {
        return leftFiles.matches(Path.of(file).getFileName()) ? JoinSide.LEFT : JoinSide.RIGHT;
    }

    int keyColumn(JoinSide side) {
        return side == JoinSide.LEFT ? leftKey : rightKey;
    }

    private static int column(Map<String, String> params, String name, int defaultValue) {
        String text = params.get(name);
        int value;
        try {
            value = text == null ? defaultValue : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("job parameter '" + name + "' must be a column number, got " + text);
        }
        if (value < 0) {
            throw new IllegalArgumentException("job parameter '" + name + "' must be >= 0, got " + value);
        }
        return value;
    }
}
