package io.permafrost.store.cluster;

import io.permafrost.store.ArchiveStore;
import io.permafrost.store.EvidenceStore;
import io.permafrost.store.sql.SqlEvidenceStore;
import io.permafrost.store.sql.SqlVaultStore;
import io.permafrost.store.VaultStore;
import io.permafrost.store.VaultStoreContract;
import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.Statement;

class PostgresVaultStoreTest extends VaultStoreContract {
    private PostgresDatabase db;
    private VaultStore vaults;
    private ArchiveStore archives;

    @BeforeEach
    void open() {
        db = PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema());
        vaults = new SqlVaultStore(new PostgresEngine(db.transactions()));
        archives = new PostgresArchiveStore(db.transactions());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected VaultStore vaults() {
        return vaults;
    }

    @Override
    protected ArchiveStore archives() {
        return archives;
    }

    @Override
    protected EvidenceStore evidence() {
        return new SqlEvidenceStore(new PostgresEngine(db.transactions()));
    }

    @Override
    protected void executeRaw(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            try {
                st.execute(sql);
                c.commit();
            } finally {
                c.rollback();
            }
        }
    }
}
