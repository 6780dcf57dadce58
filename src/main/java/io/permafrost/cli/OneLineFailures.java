package io.permafrost.cli;

import io.permafrost.store.embedded.DataDirectoryRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Turns every failure of a command into one line on stderr and a non-zero exit code, never a Java
 * stack trace: a {@link StartupException} already says which setting is wrong; anything else is
 * named by its type and message, and its stack trace is logged at DEBUG for whoever needs it
 * ({@code PERMAFROST_LOG_LEVEL=DEBUG}).
 */
final class OneLineFailures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /** Exit code of a command that could not do its job (picocli uses 2 for a bad command line). */
    static final int FAILED = 1;
    private static final Logger LOG = LoggerFactory.getLogger(OneLineFailures.class);

    static CommandLine install(CommandLine commandLine) {
        OneLineFailures handler = new OneLineFailures();
        return commandLine.setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler);
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        LOG.debug("{} failed", command.getCommandName(), failure);
        // Both already say what is wrong and what to do; only other failures need their type named.
        String line = failure instanceof StartupException || failure instanceof DataDirectoryRefused
                ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        print(command, oneLine(line));
        return FAILED;
    }

    /** A mistyped flag: the reason and where to look, instead of the whole usage text. */
    @Override
    public int handleParseException(CommandLine.ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        print(command, oneLine(failure.getMessage()) + " (see " + command.getCommandSpec().qualifiedName() + " --help)");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static void print(CommandLine command, String line) {
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + line);
        err.flush();
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
