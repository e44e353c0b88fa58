package io.gristmill.cluster;

/** The two kinds of task. */
public enum TaskType {
    MAP('m'),
    REDUCE('r');

    private final char letter;

    TaskType(char letter) {
        this.letter = letter;
    }

    /**
     * Task id such as {@code m-00003}: ASCII digits whatever the default locale. Not {@code String.format}, which
     * writes the default locale's digits and took a quarter of the planning of a job of 10,000 files.
     */
    public String taskId(int index) {
        return letter + "-" + fiveDigits(index);
    }

    /** Output file name such as {@code part-r-00003}. */
    public String partFileName(int index) {
        return "part-" + letter + "-" + fiveDigits(index); // not String.format: this runs once per attempt
    }

    /** {@code index} in ASCII digits, zero-padded to at least five. */
    private static String fiveDigits(int index) {
        String digits = Integer.toString(index);
        return "0".repeat(Math.max(0, 5 - digits.length())) + digits;
    }
}
