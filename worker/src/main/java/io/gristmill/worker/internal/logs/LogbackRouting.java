package io.gristmill.worker.internal.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Copies the SLF4J events of threads that run an attempt into that attempt's log, at INFO and above whatever the
 * logger's configured level (the process's own appenders still see only what their configuration lets through).
 * Only loaded when the process logs through Logback.
 */
final class LogbackRouting extends TurboFilter {
    private LogbackRouting() {
    }

    static void install(Object loggerFactory) {
        LoggerContext context = (LoggerContext) loggerFactory;
        LogbackRouting filter = new LogbackRouting();
        filter.setName("gristmill-attempt-logs");
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        AttemptLog log = AttemptLogs.current();
        if (log == null || level == null || level.toInt() < Level.INFO_INT) {
            return FilterReply.NEUTRAL;
        }
        if (format == null && params == null && t == null) {
            return FilterReply.ACCEPT; // an isInfoEnabled()-style check: the attempt log takes INFO and above
        }
        FormattingTuple formatted = MessageFormatter.arrayFormat(format, params, t);
        Throwable thrown = t != null ? t : formatted.getThrowable();
        String message = String.valueOf(formatted.getMessage());
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            message = message + "\n" + trace;
        }
        log.line(level.toString(), logger.getName(), message);
        // the process's own appenders get the event only if its configured level lets it through
        return level.isGreaterOrEqual(logger.getEffectiveLevel()) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
