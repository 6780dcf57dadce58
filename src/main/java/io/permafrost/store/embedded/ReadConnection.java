package io.permafrost.store.embedded;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One pooled reader connection and the view of it a read works on: the view remembers every statement
 * the read opens and keeps the read from managing the connection itself. In WAL mode a
 * statement left open (stepped, never reset) pins the connection's read snapshot, so the next
 * borrower would see the database as it was then; {@link #end} closes whatever the read left open
 * and ends its transaction, so nothing the read forgot survives it.
 */
final class ReadConnection implements InvocationHandler {
    /** The pool decides when a reader's transaction ends and how long the connection lives, not a read. */
    private static final Set<String> POOL_ONLY = Set.of("close", "commit", "rollback", "setAutoCommit",
            "setSavepoint", "releaseSavepoint", "abort");

    private final Connection pooled;
    private final List<Statement> opened = new ArrayList<>();
    private final Connection view;

    ReadConnection(Connection pooled) {
        this.pooled = pooled;
        this.view = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this);
    }

    /** The connection to hand to a read. */
    Connection view() {
        return view;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (POOL_ONLY.contains(method.getName())) {
            throw new SQLFeatureNotSupportedException(method.getName() + " is not for a pooled read");
        }
        Object result;
        try {
            result = method.invoke(pooled, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result instanceof Statement statement) {
            opened.add(statement);
        }
        return result;
    }

    /**
     * Closes every statement the read opened (closing twice is harmless) and rolls its transaction
     * back; the connection's next read then starts from the newest snapshot. Throws when the
     * connection cannot prove that, and must then not be used again.
     */
    void end() throws SQLException {
        SQLException failure = null;
        for (Statement statement : opened) {
            try {
                statement.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
        pooled.rollback();
    }

    /** Closes the connection for good (one that failed to end a read, or at shutdown). */
    void discard() {
        try {
            pooled.close();
        } catch (SQLException ignored) {
            // Nothing of a read connection needs saving; it is only being let go.
        }
    }
}
