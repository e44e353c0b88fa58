package io.gristmill.cluster;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SideFileNamesTest {
    @Test
    void ordinary_file_names_are_fine() {
        for (String name : List.of("stopwords.txt", "a", "lookup table.csv", "..hidden", "x..y", "ünïcode-名前.txt",
                "#hash", "a".repeat(SideFileNames.MAX_LENGTH))) {
            assertNull(SideFileNames.problem(name), name);
        }
    }

    @Test
    void empty_dot_and_dot_dot_paths_separators_quotes_control_characters_and_long_names_are_refused() {
        for (String name : List.of("", ".", "..", "../x", "a/b", "/abs", "a\\b", "say\"hi\"", "tab\there", "nul\0",
                "line\nbreak", "a".repeat(SideFileNames.MAX_LENGTH + 1))) {
            String problem = SideFileNames.problem(name);
            assertNotNull(problem, name);
            assertTrue(problem.contains("side file name"), problem);
        }
        assertNotNull(SideFileNames.problem((String) null));
    }

    @Test
    void a_name_given_twice_is_refused_naming_it() {
        String problem = SideFileNames.problem(List.of("a.txt", "b.txt", "a.txt"));
        assertNotNull(problem);
        assertTrue(problem.contains("'a.txt'"), problem);
        assertNull(SideFileNames.problem(List.of("a.txt", "A.txt")), "names are case-sensitive keys");
    }
}
