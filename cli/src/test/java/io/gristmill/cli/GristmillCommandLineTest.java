package io.gristmill.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line registers only the subcommand it runs, and all of them when it has to list them. */
class GristmillCommandLineTest {
    @Test
    void eachSubcommandIsRegisteredUnderTheNameItsAnnotationGives() {
        Gristmill.SUBCOMMANDS.forEach((name, command) ->
                assertEquals(name, command.get().getClass().getAnnotation(CommandLine.Command.class).name()));
    }

    @Test
    void aCommandNamingItsSubcommandRegistersOnlyThatOne() {
        assertEquals(List.of("local"), List.copyOf(Gristmill.commandLine("local", "--input", "x").getSubcommands().keySet()));
    }

    @Test
    void helpAndUnknownCommandsSeeEverySubcommand() {
        assertEquals(List.copyOf(Gristmill.SUBCOMMANDS.keySet()),
                List.copyOf(Gristmill.commandLine("help").getSubcommands().keySet()));
        assertEquals(List.copyOf(Gristmill.SUBCOMMANDS.keySet()),
                List.copyOf(Gristmill.commandLine("lokal").getSubcommands().keySet()));
        StringWriter out = new StringWriter();
        Gristmill.commandLine().usage(new PrintWriter(out));
        for (String name : Gristmill.SUBCOMMANDS.keySet()) {
            assertTrue(out.toString().contains(name), "usage lists " + name + ":\n" + out);
        }
    }

    @Test
    void versionNamesGristmillsBuildVersion() {
        StringWriter out = new StringWriter();
        CommandLine line = Gristmill.commandLine("--version");
        line.setOut(new PrintWriter(out));
        assertEquals(0, line.execute("--version"));
        assertTrue(out.toString().startsWith("Gristmill " + Version.gristmill() + "\n"), out.toString());
        assertTrue(Version.gristmill().matches("\\d+\\.\\d+\\.\\d+.*"), Version.gristmill());
    }

    @Test
    void completionScriptCompletesEverySubcommand() {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Gristmill.execute("completion", "zsh"));
        } finally {
            System.setOut(original);
        }
        String script = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(script.contains("complete -F _complete_gristmill") && script.contains("bashcompinit"), script);
        for (String name : Gristmill.SUBCOMMANDS.keySet()) {
            assertTrue(script.contains(name), "completes " + name);
        }
        assertTrue(script.contains("--coordinator") && script.contains("--package"), "completes options");
    }
}
