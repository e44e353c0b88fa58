package io.gristmill.cluster;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TaskTypeTest {
    @Test
    void task_ids_and_part_files_are_zero_padded_to_five_digits() {
        assertEquals("m-00003", TaskType.MAP.taskId(3));
        assertEquals("r-00042", TaskType.REDUCE.taskId(42));
        assertEquals("m-123456", TaskType.MAP.taskId(123_456));
        assertEquals("part-r-00003", TaskType.REDUCE.partFileName(3));
        assertEquals("part-m-100000", TaskType.MAP.partFileName(100_000));
    }

    @Test
    void task_ids_have_ascii_digits_whatever_the_default_locale() {
        Locale before = Locale.getDefault();
        try {
            // a coordinator whose default locale writes Thai digits must still name tasks as the workers do
            Locale.setDefault(Locale.forLanguageTag("th-TH-u-nu-thai"));
            assertEquals("m-00007", TaskType.MAP.taskId(7));
            assertEquals("part-m-00007", TaskType.MAP.partFileName(7));
        } finally {
            Locale.setDefault(before);
        }
    }
}
