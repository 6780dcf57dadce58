package io.permafrost.store.embedded;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** An empty embedded metadata store in a directory of its own for each test, closed and deleted after it. */
final class FreshSqliteMetadata implements BeforeEachCallback, AfterEachCallback {
    private Path dir;
    private SqliteMetadataStore store;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("permafrost-metadata");
        store = new SqliteMetadataStore(dir.resolve("metadata.db"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    SqliteMetadataStore store() {
        return store;
    }
}
