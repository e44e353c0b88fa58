package io.gristmill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code gristmill} command. */
@Command(name = "gristmill", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A MapReduce engine for the JVM.")
public final class Gristmill implements Runnable {
    /** The subcommands by name, in the order help lists them. */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("local", LocalCommand::new);
        SUBCOMMANDS.put("coordinator", CoordinatorCommand::new);
        SUBCOMMANDS.put("worker", WorkerCommand::new);
        SUBCOMMANDS.put("submit", SubmitCommand::new);
        SUBCOMMANDS.put("jobs", ClientCommands.Jobs::new);
        SUBCOMMANDS.put("pipelines", ClientCommands.Pipelines::new);
        SUBCOMMANDS.put("status", ClientCommands.Status::new);
        SUBCOMMANDS.put("kill", ClientCommands.Kill::new);
        SUBCOMMANDS.put("logs", ClientCommands.Logs::new);
        SUBCOMMANDS.put("terms", ClientCommands.Terms::new);
        SUBCOMMANDS.put("new-job", NewJobCommand::new);
        SUBCOMMANDS.put("completion", CompletionCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    public static void main(String[] args) {
        VertxLogging.install();
        // the JSON codec's first use is paid on the second core while picocli reads the command line
        Thread warmUp = new Thread(io.gristmill.cluster.Messages::warmUp, "gristmill-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (0 only on success). */
    public static int execute(String... args) {
        Logging.quietJul();
        return commandLine(args)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + userMessage(e));
                    return 2;
                })
                .execute(args);
    }

    /** What went wrong, without the wrappers that waiting on a future adds around it. */
    static String userMessage(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof java.util.concurrent.ExecutionException
                || cause instanceof java.util.concurrent.CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /**
     * The command line for these arguments. Picocli reads every registered command's annotations up front, which
     * took a fifth of a second for all of them; a command naming its subcommand registers only that one (help and
     * unknown commands get them all, to list them).
     */
    static CommandLine commandLine(String... args) {
        CommandLine line = new CommandLine(new Gristmill());
        String named = args.length > 0 && !"help".equals(args[0]) && SUBCOMMANDS.containsKey(args[0]) ? args[0] : null;
        SUBCOMMANDS.forEach((name, command) -> {
            if (named == null || named.equals(name)) {
                line.addSubcommand(name, command.get());
            }
        });
        return line;
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
