package io.permafrost.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Logging configured in code, as logback.xml did, and a user's own logback file still taking over. */
class StderrLoggingTest {
    /** Finds no resource at all: no logback.xml on this "class path". */
    private static final ClassLoader NO_USER_FILE = new ClassLoader(null) {
    };

    @Test
    void logbackFindsItThroughTheServiceLoader() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()).toList())
                .contains(StderrLogging.class.getName());
    }

    @Test
    void configuresStderrAtInfoWithJettyAtWarn() {
        LoggerContext context = new LoggerContext();

        Configurator.ExecutionStatus status = new StderrLogging().configure(context, NO_USER_FILE);

        assertThat(status).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        // PERMAFROST_LOG_LEVEL unset under the test run: INFO, as "${PERMAFROST_LOG_LEVEL:-INFO}" gave.
        assertThat(root.getLevel()).isEqualTo(Level.toLevel(System.getenv(StderrLogging.LEVEL_VARIABLE), Level.INFO));
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern())
                .isEqualTo("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    }

    @Test
    void stepsAsideForALogbackFileOnTheClassPath() {
        LoggerContext context = new LoggerContext();

        // The test class path has logback-test.xml, as a user's class path may have a logback.xml.
        Configurator.ExecutionStatus status = new StderrLogging().configure(context, getClass().getClassLoader());

        assertThat(status).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }

    @Test
    void stepsAsideForLogbackConfigurationFile() {
        LoggerContext context = new LoggerContext();
        System.setProperty("logback.configurationFile", "/etc/permafrost/logback.xml");
        try {
            assertThat(new StderrLogging().configure(context, NO_USER_FILE))
                    .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        } finally {
            System.clearProperty("logback.configurationFile");
        }
    }
}
