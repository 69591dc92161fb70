package fr.essor.notice;

import fr.essor.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class with the whole service of its own (fresh database, default settings) and a notice client for it. */
abstract class IngestingServiceTest {
    static TestApp app;
    static NoticeTestClient client;

    @BeforeAll
    static void startService() {
        app = TestApp.start();
        client = new NoticeTestClient(app);
    }

    @AfterAll
    static void stopService() {
        app.close();
    }
}
