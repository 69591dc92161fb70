package fr.essor.notice;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A WebClient body codec that keeps at most {@code limit} bytes: past it the response fails, and what came is
 * dropped, so a feed serving an endless body cannot exhaust memory.
 */
final class BoundedBody implements BodyCodec<Buffer> {
    /** The body went past the limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("the feed's body is larger than " + limit + " bytes", null, false, false);
        }
    }

    private final long limit;

    BoundedBody(long limit) {
        this.limit = limit;
    }

    @Override
    public BodyStream<Buffer> stream() {
        return new Stream();
    }

    private final class Stream implements BodyStream<Buffer> {
        private final Promise<Buffer> result = Promise.promise();
        private Buffer body = Buffer.buffer();

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            body = Buffer.buffer();
            result.tryFail(failure);
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (result.future().isComplete()) {
                return Future.failedFuture(result.future().failed() ? result.future().cause() : new IllegalStateException("ended"));
            }
            if (body.length() + (long) data.length() > limit) {
                TooLarge tooLarge = new TooLarge(limit);
                handle(tooLarge);
                return Future.failedFuture(tooLarge);
            }
            body.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            result.tryComplete(body);
            return result.future().succeeded() ? Future.succeededFuture() : Future.failedFuture(result.future().cause());
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
