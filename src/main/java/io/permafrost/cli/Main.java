package io.permafrost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar permafrost.jar <command>}. */
@Command(name = "permafrost", mixinStandardHelpOptions = true, version = "permafrost 0.1.0",
        description = "A self-hosted archive server that speaks the Amazon S3 Glacier vault API.",
        subcommands = {ServeCommand.class, ScrubCommand.class, RecoverCommand.class, AuditCommand.class,
                EvidenceCommand.class, ExportCommand.class, ImportCommand.class, MigrateCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(OneLineFailures.install(new CommandLine(new Main())).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
