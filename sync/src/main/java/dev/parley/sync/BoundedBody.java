package dev.parley.sync;

import dev.parley.stix.BodyBytes;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body read whole by {@link java.net.http.HttpClient}, within bounds a remote party
 * cannot stretch: at most {@code max} bytes, and ended within {@code within} of the request's
 * start. A request's own timeout covers only the wait for the headers, so a peer that answers them
 * and then sends a byte a second held its reader for ever; one that sent a gigabyte filled the
 * heap before its size was checked. Past either bound the exchange is cancelled and the send fails
 * with an {@link IOException} whose cause is a {@link TimeoutException} (too slow) or a {@link
 * TooLargeException}.
 */
final class BoundedBody {
  private BoundedBody() {}

  /** Thrown (as a cause) when a body exceeds its bound. */
  static final class TooLargeException extends IOException {
    TooLargeException(int max) {
      super("an answer larger than " + max + " bytes");
    }
  }

  /** A handler whose clock starts now: call it when the request is sent. */
  static HttpResponse.BodyHandler<byte[]> handler(int max, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    return info -> new Subscriber(max, deadline, info.headers().firstValueAsLong("Content-Length").orElse(-1L));
  }

  /** Whether {@code e}, or a cause of it, says a body came too slowly. */
  static boolean tooSlow(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof TimeoutException) return true;
    return false;
  }

  /** Whether {@code e}, or a cause of it, says a body was too large. */
  static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof TooLargeException) return true;
    return false;
  }

  /** The array a body is first read into, at most (it doubles from there). */
  private static final int FIRST = 1 << 16;

  private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    /** The bytes so far (hostile run 12ba D9: a stream's buffer held three times a 64 MiB page, and a 256 MB {@code parley sync} ran out). */
    private final BodyBytes out;
    private final int max;
    private volatile Flow.Subscription subscription;

    Subscriber(int max, long deadline, long declared) {
      this.max = max;
      this.out = new BodyBytes(declared >= 0 ? Math.min(declared, max) : max, FIRST);
      // a declared length past the bound is refused before a byte of the body is read
      if (declared > max) body.completeExceptionally(new TooLargeException(max));
      body.orTimeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).whenComplete((b, e) -> {
        Flow.Subscription s = subscription;
        if (e != null && s != null) s.cancel();
      });
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (body.isDone()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) return;
      for (ByteBuffer b : items) {
        if ((long) out.size() + b.remaining() > max) {
          body.completeExceptionally(new TooLargeException(max));
          subscription.cancel();
          return;
        }
        out.add(b);
      }
    }

    @Override
    public void onError(Throwable t) {
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      body.complete(out.bytes());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }
  }
}
