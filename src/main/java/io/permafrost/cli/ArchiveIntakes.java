package io.permafrost.cli;

import io.permafrost.intake.ArchiveIntake;
import io.permafrost.intake.OperatorActions;
import io.permafrost.intake.OperatorChannelClient;
import io.permafrost.intake.StorageTarget;

import java.util.Optional;

/**
 * Where an operator command gets its {@link ArchiveIntake}. Here beside the commands, not in the intake package:
 * opening one in-process needs the server's configuration ({@link StandaloneIntake}), and the intake must not
 * depend on the command line (LayeringTest).
 */
public final class ArchiveIntakes {
    private ArchiveIntakes() {
    }

    /**
     * The intake for this storage: in-process when no server holds it, else the running server's
     * operator channel. Options mirror `serve`: data dir or the cluster flags. A cluster is always
     * opened in-process: its nodes keep no state of their own, so a command is one more client of the
     * shared database and blob store. Throws IntakeRefused UNAVAILABLE when the storage cannot be had.
     */
    public static ArchiveIntake open(StorageTarget target) {
        if (!target.isCluster()) {
            Optional<ArchiveIntake> running = OperatorChannelClient.connect(target.dataDir());
            if (running.isPresent()) {
                return running.get();
            }
        }
        return StandaloneIntake.open(target, OperatorActions.LOG);
    }
}
