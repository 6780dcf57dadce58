package io.permafrost.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * A start-up problem the operator can fix: bad configuration, a data directory that belongs to
 * another identity, a port in use. Its message is one line that names the setting and what is
 * wrong; {@link OneLineFailures} prints it without a stack trace. It is an
 * {@link IllegalArgumentException} because it always means "this setting's value cannot be used".
 */
public final class StartupException extends IllegalArgumentException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code what}: cannot FILE because of {@code failure}, said the way an operator reads it. */
    static StartupException io(String what, IOException failure) {
        String reason = failure instanceof NoSuchFileException ? "no such file or directory"
                : failure instanceof AccessDeniedException ? "permission denied"
                : failure instanceof FileAlreadyExistsException ? "a file is in the way"
                : failure.getMessage();
        return new StartupException(what + " (" + reason + ")", failure);
    }
}
