package io.permafrost.store.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of database work on the connection of one transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
