package io.permafrost.cli;

import io.permafrost.audit.AuditChain;
import io.permafrost.audit.AuditRecord;
import io.permafrost.audit.ChainVerifier;
import io.permafrost.audit.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code permafrost audit verify|export}: the audit trail, offline (docs/audit.md). */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify or export the tamper-evident audit trail (the server need not run).",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the chain and its signed checkpoints; exit 0 only when intact, else name the "
                    + "first broken or missing record.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        AuditSource source = new AuditSource();

        @Option(names = "--public-key", description = "A trusted public key (X.509 PEM); repeatable. Default: "
                + "DIR/audit-signing-key.pub, or (cluster) the keys the database lists, which prove nothing against "
                + "whoever administers that database.")
        List<Path> publicKeys = new ArrayList<>();

        PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            Map<String, String> trusted = new HashMap<>();
            List<Path> pinned = new ArrayList<>(publicKeys);
            if (pinned.isEmpty()) {
                source.exportedPublicKey().ifPresent(pinned::add);
            }
            for (Path file : pinned) {
                String pem = Files.readString(file, StandardCharsets.US_ASCII);
                trusted.put(SigningKey.keyId(pem), pem);
            }
            try (Connection c = source.open()) {
                if (pinned.isEmpty()) {
                    trusted.putAll(ChainVerifier.registeredKeys(c));
                    out.println("warning: no --public-key given; trusting the keys listed in the database, which "
                            + "proves nothing against whoever can write to it");
                }
                ChainVerifier.Report report = new ChainVerifier(trusted, source.headFile()).verify(c);
                if (!report.intact()) {
                    out.println("BROKEN: " + report.problem());
                    return 1;
                }
                out.println("intact: " + report.records() + " record(s), " + report.checkpoints()
                        + " signed checkpoint(s); " + report.unsignedTail()
                        + " record(s) after the last checkpoint are chained but not yet signed");
                return 0;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write one vault's audit records as JSON lines (with seq, hash and prev_hash).")
    static final class Export implements Callable<Integer> {
        @Mixin
        AuditSource source = new AuditSource();

        @Option(names = "--vault", required = true, description = "The vault's name.")
        String vault;

        @Option(names = "--account", description = "The vault's account id (default: every account's vault of that name).")
        String account;

        @Option(names = "--from", description = "Only records at or after this time (ISO-8601, e.g. 2026-01-01T00:00:00Z).")
        String from;

        @Option(names = "--to", description = "Only records before this time (ISO-8601).")
        String to;

        @Option(names = "--out", description = "Write to this file instead of standard output.")
        Path outFile;

        @Override
        public Integer call() throws Exception {
            Instant since = instant("--from", from, Instant.MIN);
            Instant until = instant("--to", to, Instant.MAX);
            String where = " AND vault = ?" + (account != null ? " AND account_id = ?" : "");
            Object[] args = account != null ? new Object[]{vault, account} : new Object[]{vault};
            try (Connection c = source.open();
                 Writer out = outFile != null ? Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)
                         : new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
                AuditChain.scan(c, 0, where, args, record -> write(out, record, since, until));
                out.flush();
            }
            return 0;
        }

        private static void write(Writer out, AuditRecord record, Instant since, Instant until) {
            if (record.time().isBefore(since) || !record.time().isBefore(until)) {
                return;
            }
            try {
                out.write(record.exportLine());
                out.write('\n');
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static Instant instant(String option, String text, Instant fallback) {
            if (text == null) {
                return fallback;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new StartupException(option + ": '" + text + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
            }
        }
    }
}
