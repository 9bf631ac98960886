package org.piwheels.db.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JUnit 5 extension: gives each test class a fresh piwheels database (a copy
 * of the shared server's initialised template) and injects it as a
 * {@link TestDatabase} parameter into constructors, lifecycle and test
 * methods. The database is dropped after the class.
 */
public final class PiwheelsDatabaseExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PiwheelsDatabaseExtension.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        database(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return database(context);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database", e);
        }
    }

    private static TestDatabase database(ExtensionContext context) throws SQLException {
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(NAMESPACE);
        Resource existing = store.get("db", Resource.class);
        if (existing != null) {
            return existing.database;
        }
        SharedPostgres shared = SharedPostgres.get();
        String name = ("t" + COUNTER.incrementAndGet() + "_"
                + classContext.getRequiredTestClass().getSimpleName()).toLowerCase(Locale.ROOT);
        name = name.length() > 60 ? name.substring(0, 60) : name;
        shared.admin().cloneDatabase(SharedPostgres.TEMPLATE, name, SharedPostgres.APP_ROLE);
        TestDatabase database = new TestDatabase(shared, name);
        store.put("db", new Resource(database));
        return database;
    }

    private record Resource(TestDatabase database) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws SQLException {
            database.close();
        }
    }
}
