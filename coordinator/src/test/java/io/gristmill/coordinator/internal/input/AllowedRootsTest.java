package io.gristmill.coordinator.internal.input;

import io.gristmill.coordinator.SpecException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllowedRootsTest {
    @TempDir
    Path dir;
    private Path data;
    private Path outside;
    private AllowedRoots roots;

    @BeforeEach
    void createRootAndOutside() throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        outside = Files.createDirectories(dir.resolve("outside"));
        roots = AllowedRoots.of(List.of(data));
    }

    private Path file(Path folder, String relative) throws IOException {
        Path p = folder.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "x\n");
    }

    private static SpecException refused(String field, org.junit.jupiter.api.function.Executable check) {
        SpecException e = assertThrows(SpecException.class, check);
        assertEquals(field, e.field());
        return e;
    }

    @Test
    void whenNoRootIsGiven_thenEverythingIsAllowed() {
        AllowedRoots anywhere = AllowedRoots.of(List.of());
        assertFalse(anywhere.isRestricted());
        assertDoesNotThrow(() -> anywhere.checkInput(Path.of("/etc/shadow")));
        assertDoesNotThrow(() -> anywhere.checkOutput(Path.of("/etc/out")));
        assertFalse(AllowedRoots.anywhere().isRestricted());
    }

    @Test
    void whenARootDoesNotExist_thenConstructionFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AllowedRoots.of(List.of(data, dir.resolve("missing"))));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void whenARootIsAFile_thenConstructionFails() throws IOException {
        Path file = file(dir, "plain.txt");
        assertThrows(IllegalArgumentException.class, () -> AllowedRoots.of(List.of(file)));
    }

    @Test
    void whenARootIsASymbolicLink_thenItsTargetIsTheRoot() throws IOException, SpecException {
        Path link = Files.createSymbolicLink(dir.resolve("data-link"), data);
        AllowedRoots viaLink = AllowedRoots.of(List.of(link));
        assertEquals(List.of(data.toRealPath()), viaLink.roots());
        viaLink.checkInput(file(data, "a.txt"));
    }

    @Test
    void whenAnInputIsInsideARoot_thenItIsAllowed() throws IOException, SpecException {
        roots.checkInput(file(data, "a.txt"));
        roots.checkInput(file(data, "deep/er/b.txt"));
    }

    @Test
    void whenAnInputIsOutsideEveryRoot_thenItIsRefusedNamingItAndTheRoots() throws IOException {
        Path secret = file(outside, "shadow");
        SpecException e = refused("input", () -> roots.checkInput(secret));
        assertEquals("input " + secret + " is outside the allowed roots [" + data.toRealPath() + "]", e.getMessage());
    }

    @Test
    void whenAnInputIsASymbolicLinkInsideARootToAFileOutside_thenItIsRefused() throws IOException {
        Path secret = file(outside, "shadow");
        Path link = Files.createSymbolicLink(data.resolve("innocent.txt"), secret);
        SpecException e = refused("input", () -> roots.checkInput(link));
        assertTrue(e.getMessage().contains(link.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("really " + secret.toRealPath()), e.getMessage());
    }

    @Test
    void whenAnInputIsReachedThroughAFolderLinkPointingOutside_thenItIsRefused() throws IOException {
        file(outside, "shadow");
        Files.createSymbolicLink(data.resolve("etc"), outside);
        refused("input", () -> roots.checkInput(data.resolve("etc/shadow")));
    }

    @Test
    void whenAnInputNameMerelySharesTheRootsPrefix_thenItIsRefused() throws IOException {
        Path sibling = file(dir, "data2/a.txt");
        refused("input", () -> roots.checkInput(sibling));
    }

    @Test
    void whenAnInputEscapesWithDotDot_thenItIsRefused() throws IOException {
        file(outside, "shadow");
        refused("input", () -> roots.checkInput(data.resolve("../outside/shadow")));
    }

    @Test
    void whenAnInputDoesNotExist_thenItIsRefused() {
        refused("input", () -> roots.checkInput(data.resolve("missing.txt")));
    }

    @Test
    void whenAnOutputIsANewFolderInsideARoot_thenItIsAllowed() throws SpecException {
        roots.checkOutput(data.resolve("out"));
        roots.checkOutput(data.resolve("not/yet/created/out"));
    }

    @Test
    void whenAnOutputIsARootItself_thenItIsRefused() {
        SpecException e = refused("output", () -> roots.checkOutput(data));
        assertTrue(e.getMessage().contains("root itself"), e.getMessage());
        refused("output", () -> roots.checkOutput(data.resolve("x/..")));
    }

    @Test
    void whenAnOutputIsOutsideEveryRoot_thenItIsRefusedNamingItAndTheRoots() throws IOException {
        Path out = outside.resolve("out");
        SpecException e = refused("output", () -> roots.checkOutput(out));
        assertEquals("output " + out + " is outside the allowed roots [" + data.toRealPath() + "]", e.getMessage());
        refused("output", () -> roots.checkOutput(Path.of("/")));
    }

    @Test
    void whenAnOutputEscapesWithDotDot_thenItIsRefused() {
        refused("output", () -> roots.checkOutput(data.resolve("new/../../outside/out")));
        refused("output", () -> roots.checkOutput(data.resolve("..")));
    }

    @Test
    void whenAnOutputGoesThroughAFolderLinkPointingOutside_thenItIsRefused() throws IOException {
        Files.createSymbolicLink(data.resolve("escape"), outside);
        SpecException e = refused("output", () -> roots.checkOutput(data.resolve("escape/new/out")));
        assertTrue(e.getMessage().contains("really " + outside.toRealPath().resolve("new/out")), e.getMessage());
    }

    @Test
    void whenAnOutputGoesThroughADanglingLink_thenItIsRefused() throws IOException {
        Files.createSymbolicLink(data.resolve("dangling"), outside.resolve("not-yet"));
        refused("output", () -> roots.checkOutput(data.resolve("dangling/out")));
        refused("output", () -> roots.checkOutput(data.resolve("dangling")));
    }

    @Test
    void whenThereAreSeveralRoots_thenInsideAnyOfThemIsAllowed() throws IOException, SpecException {
        AllowedRoots two = AllowedRoots.of(List.of(data, outside));
        two.checkInput(file(outside, "a.txt"));
        two.checkOutput(outside.resolve("out"));
        assertThrows(SpecException.class, () -> two.checkOutput(dir.resolve("out")));
    }
}
