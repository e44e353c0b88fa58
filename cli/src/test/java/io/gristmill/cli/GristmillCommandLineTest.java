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
}
