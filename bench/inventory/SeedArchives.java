import io.permafrost.glacier.IdGenerator;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.embedded.SqliteMetadataStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seeds one vault with COUNT archive records straight through Permafrost's own metadata store (no
 * uploads, no blobs: an inventory reads only metadata), before the server is started on DIR.
 * A single-file program compiled against the server jar at launch:
 *
 *   java -cp target/permafrost.jar bench/inventory/SeedArchives.java DIR COUNT ACCOUNT VAULT
 *
 * Each insert is one transaction of the store (archive row + vault counters); many threads insert at
 * once so the store's group commit batches them, as it does for concurrent uploads.
 */
public final class SeedArchives {
    private static final int THREADS = 256;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        String account = args[2];
        String vaultName = args[3];
        Files.createDirectories(dir);
        long started = System.nanoTime();
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("metadata.db"))) {
            Instant first = Instant.now().minus(Duration.ofDays(365));
            VaultRecord vault = store.vaults().createIfAbsent(account, vaultName, first, 1000).orElseThrow();
            if (vault.numberOfArchives() >= count) {
                System.out.printf("vault %s already holds %d archives%n", vaultName, vault.numberOfArchives());
                return;
            }
            IdGenerator ids = new IdGenerator();
            AtomicLong next = new AtomicLong(vault.numberOfArchives());
            long spacingMillis = Duration.ofDays(365).toMillis() / count;
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                pool.execute(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    byte[] hash = new byte[32];
                    for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        for (int b = 0; b < hash.length; b++) {
                            hash[b] = (byte) random.nextInt(256);
                        }
                        // Every 10th description needs CSV quoting, as real ones sometimes do.
                        String description = i % 10 == 0 ? String.format("photos, %d \"raw\"", i)
                                : String.format("backup-%07d.tar.gz", i);
                        store.archives().insert(new ArchiveRecord(ids.archiveId(), vault.id(), description,
                                1 + random.nextLong(64L << 20), HexFormat.of().formatHex(hash),
                                first.plusMillis(i * spacingMillis), List.of()));
                    }
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                System.out.printf("  %,d archives inserted%n", Math.min(next.get(), count));
            }
        }
        System.out.printf("seeded %,d archives in vault %s in %.1f s%n", count, vaultName,
                (System.nanoTime() - started) / 1e9);
    }
}
