package dev.parley.node.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.log.LogNotFoundException;
import dev.parley.store.log.LogUnavailableException;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.TlogException;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the log's failures to HTTP in one place, as {@code {"status":N,"error":"..."}}: a malformed
 * path or parameter 400, a receipt without a valid credential 401, a forbidden receipt 403, anything beyond the tree 404, a log closed by its
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
    } catch (LogNotFoundException e) {
      write(ctx, 404, e.getMessage());
    } catch (LogUnavailableException e) {
      if (!e.permanent()) ctx.header("Retry-After", "1");
      write(ctx, 503, e.getMessage());
    } catch (TlogException e) {
      LOG.error("the log could not serve {}: {}", ctx.path(), e.getMessage());
      write(ctx, 503, "the log cannot serve this now: " + e.getMessage());
    }
  }

  static void write(Context ctx, int status, String message) {
    ObjectNode body = Json.mapper().createObjectNode().put("status", status).put("error", message);
    ctx.status(status).header("Cache-Control", "no-store").contentType("application/json").result(body.toString());
  }
}
