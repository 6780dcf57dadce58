package io.permafrost.clients;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A matrix test class: one {@link MatrixServer} for all its tests, started before the class's own set-up. */
abstract class MatrixTest {
    static MatrixServer server;

    @BeforeAll
    static void startMatrixServer() throws Exception {
        server = new MatrixServer();
    }

    @AfterAll
    static void stopMatrixServer() throws Exception {
        server.close();
    }
}
