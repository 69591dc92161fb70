package fr.essor.http;

import static org.assertj.core.api.Assertions.assertThat;

import fr.essor.db.DatabaseUnavailable;
import io.vertx.core.VertxException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** A client's broken connection is the transport failing, not the service; the service's own I/O errors stay errors. */
class BrokenConnectionTest {

    @Test
    void aPeerGoneIsABrokenConnection() {
        assertThat(ErrorHandler.brokenConnection(new IOException("Broken pipe"))).isTrue();
        assertThat(ErrorHandler.brokenConnection(new IOException("Connection reset by peer"))).isTrue();
        assertThat(ErrorHandler.brokenConnection(new ClosedChannelException())).isTrue();
        assertThat(ErrorHandler.brokenConnection(io.netty.handler.codec.http2.Http2Exception.connectionError(
                io.netty.handler.codec.http2.Http2Error.PROTOCOL_ERROR, "Stream 117 does not exist for inbound frame RST_STREAM"))).isTrue();
        assertThat(ErrorHandler.brokenConnection(new VertxException(new IOException("Broken pipe")))).isTrue();
    }

    @Test
    void theServicesOwnFailuresAreNot() {
        assertThat(ErrorHandler.brokenConnection(new IOException("No space left on device"))).isFalse();
        assertThat(ErrorHandler.brokenConnection(new IllegalStateException("boom"))).isFalse();
        assertThat(ErrorHandler.brokenConnection(null)).isFalse();
    }

    @Test
    void theDatabasesBrokenConnectionIsNotTheClients() {
        assertThat(ErrorHandler.brokenConnection(new DatabaseUnavailable("the database cannot be reached: Broken pipe",
                new IOException("Broken pipe")))).isFalse();
        assertThat(ErrorHandler.brokenConnection(new VertxException(new DatabaseUnavailable(
                "the database cannot be reached: Connection reset by peer", new IOException("Connection reset by peer"))))).isFalse();
    }
}
