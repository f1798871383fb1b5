package dev.parley.node.log;

import dev.parley.store.log.LogReader;
import dev.parley.store.log.LogReceipt;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.verify.ProofJson;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * The transparency log over HTTP, as C2SP tlog-tiles and tlog-checkpoint lay it out under {@code
 * /log/}: {@code checkpoint}, {@code tile/<L>/<N>[.p/<W>]}, {@code tile/entries/<N>[.p/<W>]}, plus
 * {@code key}, JSON proofs and receipts. Errors are JSON ({@link LogErrors}): 400 for a malformed
 * path or parameter, 404 beyond the tree, 503 while the log is closed by its integrity check.
 */
public final class LogRoutes {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String SHORT_LIVED = "public, max-age=60";

  private final LogReader reader;
  private final BiPredicate<Context, String> mayRead;

  private LogRoutes(LogReader reader, BiPredicate<Context, String> mayRead) {
    this.reader = reader;
    this.mayRead = mayRead;
  }

  /**
   * Registers the log's routes. {@code mayRead} answers whether the request may read a collection
   * (by id); it guards receipts only, since everything else the log serves is public by design. It
   * may throw to answer 401 through the application's own exception mapper.
   */
  public static void register(JavalinDefaultRoutingApi routes, LogReader reader, BiPredicate<Context, String> mayRead) {
    LogRoutes log = new LogRoutes(reader, mayRead);
    routes.get("/log/checkpoint", ctx -> LogErrors.guard(ctx, log::checkpoint));
    routes.get("/log/key", ctx -> LogErrors.guard(ctx, log::key));
    routes.get("/log/tile/<path>", ctx -> LogErrors.guard(ctx, log::tile));
    routes.get("/log/proof/inclusion", ctx -> LogErrors.guard(ctx, log::inclusion));
    routes.get("/log/proof/consistency", ctx -> LogErrors.guard(ctx, log::consistency));
    routes.get("/log/receipt", ctx -> LogErrors.guard(ctx, log::receipt));
  }

  private void checkpoint(Context ctx) {
    byte[] note = reader.latest().note().getBytes(StandardCharsets.UTF_8);
    ctx.header("Cache-Control", "no-store").contentType("text/plain; charset=utf-8").result(note);
  }

  private void key(Context ctx) {
    ctx.header("Cache-Control", "no-cache").contentType("text/plain; charset=utf-8").result(reader.verifierKey().encode() + "\n");
  }

  private void tile(Context ctx) {
    TilePath path = TilePath.parse("tile/" + ctx.pathParam("path"));
    byte[] body = path instanceof TilePath.HashTile tile ? reader.tile(tile) : reader.entries((TilePath.EntryBundle) path);
    ctx.header("Cache-Control", path.isPartial() ? SHORT_LIVED : IMMUTABLE).contentType("application/octet-stream").result(body);
  }

  private void inclusion(Context ctx) {
    json(ctx, ProofJson.inclusion(reader.inclusion(number(ctx, "index"), number(ctx, "size"))));
  }

  private void consistency(Context ctx) {
    json(ctx, ProofJson.consistency(reader.consistency(number(ctx, "first"), number(ctx, "second"))));
  }

  private void receipt(Context ctx) {
    String collection = required(ctx, "collection");
    UUID id;
    try {
      id = UUID.fromString(collection);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("collection must be a collection id (a UUID): " + collection);
    }
    if (!mayRead.test(ctx, id.toString())) {
      throw new LogErrors.Forbidden("this account may not read collection " + id);
    }
    LogReceipt receipt = reader.receipt(id, required(ctx, "object"), Optional.ofNullable(ctx.queryParam("version")));
    ctx.header("Cache-Control", "no-store");
    json(ctx, receipt.toJson());
  }

  private static void json(Context ctx, String body) {
    ctx.contentType("application/json").result(body);
  }

  private static String required(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) throw new IllegalArgumentException("query parameter " + name + " is required");
    return value;
  }

  private static long number(Context ctx, String name) {
    String value = required(ctx, name);
    if (!value.matches("0|[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException("query parameter " + name + " must be a non-negative decimal integer: " + value);
    }
    return Long.parseLong(value);
  }
}
