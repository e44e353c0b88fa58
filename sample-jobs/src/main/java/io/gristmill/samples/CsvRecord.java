package io.gristmill.samples;

/**
 * One comma-separated line split into its key column and the other columns (still comma-separated, in order).
 * No quoting: a comma always separates columns.
 */
record CsvRecord(String key, String rest) {
    /** The record of {@code line} keyed on column {@code keyColumn}, or null when the line has fewer columns. */
    static CsvRecord of(String line, int keyColumn) {
        int start = 0;
        for (int column = 0; column < keyColumn; column++) {
            start = line.indexOf(',', start) + 1;
            if (start == 0) {
                return null;
            }
        }
        int end = line.indexOf(',', start);
        end = end < 0 ? line.length() : end;
        String before = start == 0 ? "" : line.substring(0, start - 1);
        String after = end == line.length() ? "" : line.substring(end + 1);
        String rest = before.isEmpty() ? after : after.isEmpty() ? before : before + "," + after;
        return new CsvRecord(line.substring(start, end), rest);
    }
}
