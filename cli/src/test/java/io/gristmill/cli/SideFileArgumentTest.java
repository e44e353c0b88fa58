package io.gristmill.cli;

import io.gristmill.coordinator.SpecException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --file PATH[#NAME]}: how a name is taken and what is refused before anything is uploaded. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SideFileArgumentTest {
    @TempDir
    Path dir;

    @Test
    void without_a_name_the_file_is_shipped_under_its_own_name() throws Exception {
        SideFileArgument file = SideFileArgument.parse(dir.resolve("stopwords.txt").toString());
        assertEquals("stopwords.txt", file.name());
        assertEquals(dir.resolve("stopwords.txt"), file.path());
    }

    @Test
    void the_name_follows_the_last_hash_sign() throws Exception {
        assertEquals(new SideFileArgument(dir.resolve("words.txt"), "stop"),
                SideFileArgument.parse(dir.resolve("words.txt") + "#stop"));
        assertEquals(new SideFileArgument(dir.resolve("odd#name.txt"), "plain"),
                SideFileArgument.parse(dir.resolve("odd#name.txt") + "#plain"));
    }

    @Test
    void a_relative_path_is_made_absolute_against_the_working_folder() throws Exception {
        SideFileArgument file = SideFileArgument.parse("some/dir/../words.txt#w");
        assertEquals(Path.of("some/words.txt").toAbsolutePath(), file.path());
    }

    @Test
    void bad_names_and_missing_paths_are_refused_naming_the_file_field() {
        for (String argument : List.of("words.txt#", "#name", "words.txt#..", "words.txt#a/b", "words.txt#a\\b",
                "words.txt#.")) {
            SpecException e = assertThrows(SpecException.class, () -> SideFileArgument.parse(argument), argument);
            assertEquals("file", e.field());
            assertTrue(e.getMessage().contains(argument), e.getMessage());
        }
    }

    @Test
    void a_file_that_does_not_exist_or_is_a_folder_is_refused_before_uploading() {
        SpecException missing = assertThrows(SpecException.class,
                () -> SideFileArgument.parseAll(List.of(dir.resolve("nope.txt").toString())));
        assertTrue(missing.getMessage().contains("nope.txt"), missing.getMessage());
        SpecException folder = assertThrows(SpecException.class, () -> SideFileArgument.parseAll(List.of(dir + "#d")));
        assertEquals("file", folder.field());
    }

    @Test
    void two_files_under_one_name_are_refused() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "a");
        Files.createDirectories(dir.resolve("other"));
        Path b = Files.writeString(dir.resolve("other").resolve("a.txt"), "b");
        SpecException e = assertThrows(SpecException.class, () -> SideFileArgument.parseAll(List.of(a.toString(), b.toString())));
        assertTrue(e.getMessage().contains("'a.txt'"), e.getMessage());
        assertEquals(2, SideFileArgument.parseAll(List.of(a.toString(), b + "#b.txt")).size());
    }
}
