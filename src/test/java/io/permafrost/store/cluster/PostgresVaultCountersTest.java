package io.permafrost.store.cluster;

import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.sql.SqlVaultStore;
import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Archive inserts into one vault do not wait for each other, and the vault's figures stay exact. */
class PostgresVaultCountersTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private PostgresDatabase db;
    private SqlVaultStore vaults;
    private PostgresArchiveStore archives;
    private VaultCounters counters;

    @BeforeEach
    void open() {
        db = PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema());
        vaults = new SqlVaultStore(new PostgresEngine(db.transactions()));
        counters = new VaultCounters(db.transactions());
        archives = new PostgresArchiveStore(db.transactions(), counters);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private static ArchiveRecord archive(VaultRecord vault, String id, long size) {
        return new ArchiveRecord(id, vault.id(), "", size, "00", T0, List.of());
    }

    @Test
    void anInsertDoesNotWaitForAnotherInsertIntoTheSameVaultStillUncommitted() throws Exception {
        VaultRecord vault = vaults.createIfAbsent("acct", "v", T0, 10).orElseThrow();
        try (Connection open = db.dataSource().getConnection(); Connection second = db.dataSource().getConnection()) {
            open.setAutoCommit(false);
            assertThat(PostgresArchiveStore.insertArchive(open, archive(vault, "a1", 10))).isTrue();
            // Without waiting: a lock the first insert holds makes this fail at once instead of blocking
            // until the first commits (which, here, it never would before this statement returned).
            second.setAutoCommit(false);
            try (Statement st = second.createStatement()) {
                st.execute("SET LOCAL lock_timeout = '1ms'");
            }
            assertThat(PostgresArchiveStore.insertArchive(second, archive(vault, "a2", 5))).isTrue();
            second.commit();
            open.commit();
        }
        VaultRecord found = vaults.find("acct", "v").orElseThrow();
        assertThat(found.numberOfArchives()).isEqualTo(2);
        assertThat(found.sizeInBytes()).isEqualTo(15);
    }

    @Test
    void foldedAndUnfoldedDeltasGiveTheSameFiguresAndKeepTheVaultFromDeletion() {
        VaultRecord vault = vaults.createIfAbsent("acct", "v", T0, 10).orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertThat(archives.insert(archive(vault, "a" + i, 100 + i))).isTrue();
        }
        assertThat(vaults.find("acct", "v").orElseThrow().numberOfArchives()).isEqualTo(3);
        assertThat(vaults.delete(vault.id()).outcome()).isEqualTo(io.permafrost.store.VaultStore.VaultDeletion.Outcome.NOT_EMPTY);
        assertThat(counters.fold(vault.id())).isEqualTo(3);
        VaultRecord folded = vaults.find("acct", "v").orElseThrow();
        assertThat(folded.numberOfArchives()).isEqualTo(3);
        assertThat(folded.sizeInBytes()).isEqualTo(303);
        assertThat(vaults.list("acct", null, 10).items()).containsExactly(folded);
        assertThat(vaults.delete(vault.id()).outcome()).isEqualTo(io.permafrost.store.VaultStore.VaultDeletion.Outcome.NOT_EMPTY);
    }
}
