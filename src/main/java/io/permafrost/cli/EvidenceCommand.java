package io.permafrost.cli;

import io.permafrost.audit.SigningKey;
import io.permafrost.evidence.AuditHead;
import io.permafrost.evidence.EvidenceWriter;
import io.permafrost.glacier.VaultArn;
import io.permafrost.store.StorageBackend;
import io.permafrost.store.VaultRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code evidence}: writes a vault's signed evidence bundle (docs/evidence.md) beside a running server or
 * without one; {@code evidence verify} checks a bundle without the server.
 */
@Command(name = "evidence", mixinStandardHelpOptions = true, subcommands = EvidenceVerifyCommand.class,
        description = {"Write one vault's signed evidence bundle: lock, access policy history, archives with their "
                + "last scrub, audit chain head.", "Check a bundle with: permafrost evidence verify FILE"})
final class EvidenceCommand implements Callable<Integer> {
    /** The signing key in an embedded data directory (shared with the audit trail's checkpoints). */
    static final String SIGNING_KEY = "audit-signing-key";

    @Option(names = "--vault", description = "The vault to cut the bundle of.")
    String vault;

    @Option(names = "--account", description = "The vault's account id (needed only when several accounts have a "
            + "vault of that name).")
    String account;

    @Option(names = "--out", description = "The bundle file to write (replaced only once complete).")
    Path out;

    @Option(names = "--region", description = "The region in the vault ARN (default ${DEFAULT-VALUE}).")
    String region = ServerConfig.DEFAULT_REGION;

    @Option(names = "--signing-key", description = "The Ed25519 private key file to sign with (PKCS#8 PEM; "
            + "created with FILE.pub if missing). Embedded default: DATA/" + SIGNING_KEY + "; needed in cluster mode.")
    Path signingKey;

    @Mixin
    StorageOptions storage = new StorageOptions();

    @Override
    public Integer call() throws Exception {
        if (vault == null || out == null) {
            System.err.println("evidence needs --vault NAME and --out FILE (or: evidence verify FILE)");
            return 2;
        }
        return storage.withReadOnly((opened, cluster) -> {
            if (cluster && signingKey == null) {
                System.err.println("cluster mode needs --signing-key FILE (the key every bundle of this cluster is "
                        + "signed with)");
                return 2;
            }
            return cut(opened, signingKey != null ? signingKey : storage.dataDir().resolve(SIGNING_KEY));
        });
    }

    private int cut(StorageBackend opened, Path keyFile) throws IOException {
        List<VaultRecord> named = opened.metadata().vaults().all().stream()
                .filter(v -> v.name().equals(vault) && (account == null || v.accountId().equals(account)))
                .toList();
        if (named.size() != 1) {
            System.err.println(named.isEmpty() ? "no vault " + vault + (account == null ? "" : " in account " + account)
                    : "vault " + vault + " exists in several accounts: name one with --account");
            return 2;
        }
        VaultRecord record = named.get(0);
        Clock compliance = SavedComplianceClock.of(opened, storage.dataDir());
        EvidenceWriter writer = new EvidenceWriter(opened.metadata(), compliance, SigningKey.loadOrCreate(keyFile),
                new io.permafrost.evidence.StoredAuditHead(opened.metadata()));
        String arn = new VaultArn(region, record.accountId(), record.name()).arn();
        Path target = out.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            EvidenceWriter.Summary summary;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                summary = writer.write(record, arn, file);
                file.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            WholeLines.printf(System.out, "wrote %s: vault %s, %d archives (%d bytes), signed SHA-256 %s%n", target, arn,
                    summary.archives(), summary.bytes(), summary.sha256());
            return 0;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
