package io.gristmill.coordinator.rest;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.time.Duration;

/**
 * Put before a {@code BodyHandler}: refuses with 400 a multipart body that has fully arrived but is not read within
 * a grace period. A body that ends inside a file part (no closing boundary) never completes that part, and the
 * {@code BodyHandler} waits for it for ever (eclipse-vertx/vert.x#3134), holding the connection and an open file;
 * a client could pile those up. The handler after the {@code BodyHandler} calls {@link #disarm} once it has the body.
 * A {@link PlatformHandler}, because vertx-web lets only those come before a {@code BodyHandler}.
 */
final class UnfinishedBodyGuard implements PlatformHandler {
    static final String MESSAGE =
            "the multipart body ended inside a part: is the closing boundary (--<boundary>--) missing?";
    private static final String TIMER = UnfinishedBodyGuard.class.getName() + ".timer";
    private static final String REFUSED = UnfinishedBodyGuard.class.getName() + ".refused";

    private final Vertx vertx;
    private final long graceMillis;

    UnfinishedBodyGuard(Vertx vertx, Duration grace) {
        this.vertx = vertx;
        this.graceMillis = Math.max(1, grace.toMillis());
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.request().end().onSuccess(ended -> {
            if (!ctx.response().ended() && !ctx.response().headWritten()) {
                ctx.put(TIMER, vertx.setTimer(graceMillis, timer -> refuse(ctx)));
            }
        });
        ctx.addEndHandler(done -> disarm(ctx));
        ctx.next();
    }

    /** The body was read: the guard has nothing more to do. */
    static void disarm(RoutingContext ctx) {
        Long timer = ctx.remove(TIMER);
        if (timer != null) {
            ctx.vertx().cancelTimer(timer);
        }
    }

    private static void refuse(RoutingContext ctx) {
        ctx.remove(TIMER);
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        ctx.put(REFUSED, true);
        // closes and deletes the part that never ended; the BodyHandler then fails the route, and
        // ErrorResponses.handleUploadFailure answers that failure as this refusal
        ctx.cancelAndCleanupFileUploads();
        ErrorResponses.send(ctx, 400, null, MESSAGE);
    }

    /** Whether the guard refused this request's body; its failure is then answered with {@link #MESSAGE}. */
    static boolean refused(RoutingContext ctx) {
        return ctx.get(REFUSED) != null;
    }
}
