package dev.parley.node.taxii;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.NotFoundException;
import dev.parley.store.StoreException;
import io.javalin.http.Context;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: a TAXII error message with the right status
 * (TAXII 2.1 §3.6). Anything unexpected is a 500 with an error id that is also logged.
 */
public final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  /** Writes the response for {@code failure}. */
  public static void write(Context ctx, Exception failure) {
    TaxiiError e = map(failure);
    String errorId = UUID.randomUUID().toString();
    org.slf4j.event.Level level = level(failure, e);
    if (level == org.slf4j.event.Level.ERROR) LOG.error("error {} on {} {}", errorId, ctx.method(), ctx.path(), failure);
    else if (level != null) LOG.atLevel(level).log("{} {} on {} {}: {}", e.status(), errorId, ctx.method(), ctx.path(), e.getMessage());
    e.headers().forEach(ctx::header);
    MediaTypes.send(ctx, e.status(), body(e, errorId));
  }

  /**
   * How a failure answered with {@code e} is logged, or null when it is not: what went wrong
   * unexpectedly (a 500) at ERROR with its stack; a refusal the node chose (503: busy, its log
   * closed) at DEBUG, without one. Every "busy" 503 wrote an ERROR and a stack trace of 3.6 KB, so
   * a peer looping one-object POSTs past its add requests grew the log by 90 KB a second (hostile
   * run 10m); a 4xx is the client's and is not logged.
   */
  static org.slf4j.event.Level level(Exception failure, TaxiiError e) {
    if (e.status() < 500) return null;
    if (failure instanceof TaxiiError && e.status() == 503) return org.slf4j.event.Level.DEBUG;
    return org.slf4j.event.Level.ERROR;
  }

  /** The error message resource for {@code e} (TAXII 2.1 §3.6.1), as JSON. */
  static String body(TaxiiError e, String errorId) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("title", e.title());
    if (e.getMessage() != null) body.put("description", e.getMessage());
    body.put("error_id", errorId);
    body.put("http_status", Integer.toString(e.status()));
    if (!e.details().isEmpty()) body.set("details", Json.mapper().valueToTree(e.details()));
    return body.toString();
  }

  /** Writes a TAXII error for a status that no handler produced (no route, wrong method). */
  public static void writeStatus(Context ctx, int status) {
    switch (status) {
      case 404 -> write(ctx, TaxiiError.notFound("no such resource: " + ctx.path()));
      case 405 -> write(ctx, TaxiiError.of(405, "Method not allowed", ctx.method() + " is not allowed on " + ctx.path()));
      default -> write(ctx, TaxiiError.of(status, "HTTP " + status, null));
    }
  }

  /**
   * A request body that could not be read to its end, in the client's words: 408 when it stopped
   * arriving (the server's idle timeout), else 400; never the I/O layer's own text.
   */
  public static TaxiiError unreadBody(Exception failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
        return TaxiiError.of(408, "Request timeout", "the request body stopped arriving before its end; nothing of it was stored");
      }
    }
    return TaxiiError.of(400, "Bad request", "the request body could not be read to its end (the connection failed); nothing of it was stored");
  }

  private static TaxiiError map(Exception failure) {
    if (failure instanceof TaxiiError t) return t;
    if (failure instanceof NotFoundException n) return TaxiiError.notFound(n.getMessage());
    if (failure instanceof StoreException s && s.getMessage() != null && s.getMessage().contains("unavailable")) {
      return TaxiiError.of(503, "Service unavailable", "the database does not answer; try again later");
    }
    return new TaxiiError(500, "Internal error", "the server failed; the error id is in its log", Map.of(), Map.of());
  }
}
