package io.gristmill.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What {@code local --console-port} asks for: a port, {@code 0} for no console, or {@code any} for any free port
 * (what scripts and tests use). 0 cannot mean "any" here, as it does for the coordinator's ports: issue 17 made it
 * "off", the way a user turns the console off.
 *
 * @param port the port, 0 (off) or {@link #ANY}
 */
record ConsolePort(int port) {
    static final int DEFAULT = 4040;
    static final int ANY = -1;
    /** Like Spark's UI: a taken port is not an error, the next ones are tried (16 in all), so two local runs both get one. */
    static final int TRIES = 16;

    boolean isOff() {
        return port == 0;
    }

    /** The ports to try in order; {@code [0]} (any free port) for {@code any}. */
    List<Integer> candidates() {
        if (port == ANY) {
            return List.of(0);
        }
        return IntStream.range(port, Math.min(port + TRIES, 65536)).boxed().toList();
    }

    /** Reads {@code any} or a port number for picocli. */
    static final class Converter implements ITypeConverter<ConsolePort> {
        @Override
        public ConsolePort convert(String text) {
            if (text.trim().equalsIgnoreCase("any")) {
                return new ConsolePort(ANY);
            }
            try {
                int port = Integer.parseInt(text.trim());
                if (port >= 0 && port <= 65535) {
                    return new ConsolePort(port);
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new TypeConversionException("'" + text + "' is not a port (0-65535; 0 = no console) or 'any'");
        }
    }
}
