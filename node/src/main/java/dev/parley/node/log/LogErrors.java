package dev.parley.node.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.log.LogNotFoundException;
import dev.parley.store.log.LogReceipt;
import dev.parley.store.log.LogUnavailableException;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.TlogException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the log's failures to HTTP in one place, as {@code {"status":N,"error":"..."}}: a malformed
 * path, parameter or body 400, a receipt without a valid credential 401, a forbidden receipt 403, anything beyond the tree 404, a body
 * larger than the endpoint takes 413, a log closed by its
 * check or not yet integrated 503 (with Retry-After when retrying helps), a tile the log should have
 * but cannot read 503 too: it is never served as if valid. Other exceptions go to the app's mapper.
 */
final class LogErrors {
  private static final Logger LOG = LoggerFactory.getLogger(LogErrors.class);

  /** No credential, or a refused one, for a receipt: 401 with a challenge. */
  static final class Unauthorized extends RuntimeException {
    private final String challenge;

    Unauthorized(String challenge, String message) {
      super(message);
      this.challenge = challenge;
    }
  }

  /** The caller may not read what it asked a receipt for. */
  static final class Forbidden extends RuntimeException {
    Forbidden(String message) {
      super(message);
    }
  }

  /** A request body larger than its endpoint takes: 413, refused before it is parsed. */
  static final class TooLarge extends RuntimeException {
    TooLarge(String message) {
      super(message);
    }
  }

  /** A request body in a charset its endpoint does not read: 415, refused before it is parsed. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message);
    }
  }

  @FunctionalInterface
  interface Action {
    void run(Context ctx);
  }

  private LogErrors() {}

  static void guard(Context ctx, Action action) {
    try {
      action.run(ctx);
    } catch (MalformedInputException | IllegalArgumentException e) {
      write(ctx, 400, e.getMessage());
    } catch (Unauthorized e) {
      ctx.header("WWW-Authenticate", e.challenge);
      write(ctx, 401, e.getMessage());
    } catch (Forbidden e) {
      write(ctx, 403, e.getMessage());
    } catch (TooLarge e) {
      write(ctx, 413, e.getMessage());
    } catch (Unsupported e) {
      write(ctx, 415, e.getMessage());
    } catch (LogNotFoundException e) {
      write(ctx, 404, e.getMessage());
    } catch (LogUnavailableException e) {
      if (!e.permanent()) ctx.header("Retry-After", "1");
      write(ctx, 503, e.getMessage());
    } catch (TlogException e) {
      LOG.error("the log could not serve {}: {}", ctx.path(), e.getMessage());
      write(ctx, 503, "the log cannot serve this now: " + e.getMessage());
    } catch (Exception e) {
      // a client that hung up mid-body (Jetty's EOF, maybe thrown unchecked): answered, not logged with a stack trace
      if (!(e instanceof IOException || e instanceof UncheckedIOException)) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      write(ctx, 400, "the request body could not be read to its end");
    }
  }

  /**
   * The answer to one item of a batch of receipts that failed, as JSON: {@code {"status":N,"error":"..."}},
   * with the status and body {@link #guard} writes for the same failure of a single receipt.
   *
   * @throws RuntimeException {@code failure} itself when it is no failure of one receipt (the whole request fails)
   */
  static String item(RuntimeException failure) {
    int status;
    if (failure instanceof Forbidden) status = 403;
    else if (failure instanceof LogNotFoundException) status = 404;
    else if (failure instanceof LogUnavailableException u && !u.permanent()) status = 503;
    else throw failure;
    return body(status, failure.getMessage()).toString();
  }

  /** The answer to one item of a batch of receipts that has its receipt: {@code {"status":200,"receipt":{...}}}, the receipt's bytes as is. */
  static String issued(LogReceipt receipt) {
    return "{\"status\":200,\"receipt\":" + receipt.toJson() + "}";
  }

  private static ObjectNode body(int status, String message) {
    return Json.mapper().createObjectNode().put("status", status).put("error", message);
  }

  static void write(Context ctx, int status, String message) {
    ObjectNode body = body(status, message);
    ctx.status(status).header("Cache-Control", "no-store").contentType("application/json").result(body.toString());
  }
}
