package io.gristmill.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The command's logging, set up in code rather than from an XML file: parsing logback.xml cost every
 * {@code gristmill} start about a tenth of a second. Quiet by default — warnings and errors on stderr, Hazelcast's
 * chatter only when it is an error; {@code GRISTMILL_LOG_LEVEL} (environment or system property) sets the level of
 * Gristmill's own loggers, and at INFO or finer also shows Hazelcast's membership lines (members joining and
 * leaving, split-brain merges). A {@code -Dlogback.configurationFile} or a {@code logback-test.xml} on the class path
 * still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class QuietLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || QuietLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        Level level = Level.toLevel(setting("GRISTMILL_LOG_LEVEL"), Level.WARN);
        context.getLogger("io.gristmill").setLevel(level);
        context.getLogger("com.hazelcast").setLevel(Level.ERROR);
        if (level.levelInt <= Level.INFO_INT) {
            // who joined and left, and split-brain merges: what an operator of several machines needs to see
            context.getLogger("com.hazelcast.internal.cluster").setLevel(Level.INFO);
        }
        context.getLogger("io.vertx.core.eventbus.impl.clustered").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
