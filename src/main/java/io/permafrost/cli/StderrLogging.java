package io.permafrost.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The server's logging, set up in code instead of from a {@code logback.xml}: parsing XML with Joran loaded
 * about 500 classes and cost ~0.7 s of every start on a 2-core VM. Found by logback through
 * {@code META-INF/services}, ranked before its own XML lookup. The documented behaviour is unchanged: lines on
 * stderr, {@code PERMAFROST_LOG_LEVEL} sets the level (INFO by default), Jetty only from WARN up. A user's own
 * configuration still wins: with {@code -Dlogback.configurationFile=...}, or a {@code logback.xml} /
 * {@code logback-test.xml} on the class path, this steps aside and logback reads that file as before.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class StderrLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    static final String LEVEL_VARIABLE = "PERMAFROST_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return configure(context, StderrLogging.class.getClassLoader());
    }

    /** {@code loader}: where a user's {@code logback.xml} would be found. */
    ExecutionStatus configure(LoggerContext context, ClassLoader loader) {
        if (userConfigurationGiven(loader)) {
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
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv(LEVEL_VARIABLE), Level.INFO));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean userConfigurationGiven(ClassLoader loader) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            return true;
        }
        return loader.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null
                || loader.getResource(ClassicConstants.AUTOCONFIG_FILE) != null;
    }
}
