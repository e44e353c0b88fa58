package io.gristmill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gristmill} command. */
@Command(name = "gristmill", mixinStandardHelpOptions = true, version = "Gristmill 0.1.0",
        description = "A MapReduce engine for the JVM.",
        subcommands = {LocalCommand.class, CoordinatorCommand.class, WorkerCommand.class, SubmitCommand.class,
                ClientCommands.Jobs.class, ClientCommands.Status.class, ClientCommands.Kill.class,
                ClientCommands.Logs.class, CommandLine.HelpCommand.class})
public final class Gristmill implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (0 only on success). */
    public static int execute(String... args) {
        Logging.quietJul();
        return new CommandLine(new Gristmill())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 2;
                })
                .execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
