package io.gristmill.cluster;

/** The two kinds of task. */
public enum TaskType {
    MAP('m'),
    REDUCE('r');

    private final char letter;

    TaskType(char letter) {
        this.letter = letter;
    }

    /** Task id such as {@code m-00003}. */
    public String taskId(int index) {
        return String.format("%c-%05d", letter, index);
    }

    /** Output file name such as {@code part-r-00003}. */
    public String partFileName(int index) {
        String digits = Integer.toString(index); // not String.format: this runs once per attempt
        return "part-" + letter + "-" + "0".repeat(Math.max(0, 5 - digits.length())) + digits;
    }
}
