package io.gristmill.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A child JVM of {@code --host-jvms K}: runs its share of the simulated hosts and obeys the harness through its
 * stdin and stdout, one line each way ({@link HostJvmProtocol}). Stdin closing (the harness died) ends it too, so a
 * killed harness leaves no simulated hosts behind. Its stderr is its log.
 *
 * <p>Arguments: {@code CLUSTER JOIN FIRST_HOST HOSTS WORKERS SLOTS MAP_MILLIS REDUCE_MILLIS STRAGGLERS SEED}
 * ({@code -} for no stragglers).
 */
public final class HostJvm {
    private HostJvm() {
    }

    public static void main(String[] args) throws Exception {
        // the protocol owns stdout: anything else printed there (a library's banner) would be a line to skip
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        String stragglers = args[8].equals("-") ? null : args[8];
        BusCounters bus = new BusCounters();
        io.gristmill.cluster.Messages.warmUp(); // see Simulate
        SimCluster cluster = SimCluster.start(args[0], args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Integer.parseInt(args[5]), TaskTimeModel.parse(args[6], stragglers),
                TaskTimeModel.parse(args[7], stragglers), bus, Long.parseLong(args[9]));
        protocol.println(HostJvmProtocol.answer("ready"));
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null && !command.equals("close")) {
            protocol.println(HostJvmProtocol.answer(obey(cluster, command)));
        }
        cluster.close();
        protocol.println(HostJvmProtocol.answer("closed"));
        System.exit(0); // Vert.x and Hazelcast threads of closed nodes must not keep the JVM alive
    }

    private static String obey(SimCluster cluster, String command) {
        String[] words = command.split(" ");
        return switch (words[0]) {
            case "crash" -> Integer.toString(cluster.crashHosts(Integer.parseInt(words[1])));
            case "silence" -> Integer.toString(cluster.silenceWorkers(Integer.parseInt(words[1])));
            case "traffic" -> HostJvmProtocol.encode(cluster.traffic());
            case "reset" -> {
                cluster.resetTraffic();
                yield "done";
            }
            default -> "unknown command " + command;
        };
    }
}
