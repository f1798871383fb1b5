package dev.parley.node.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.auth.Credential;
import dev.parley.node.taxii.MediaTypes;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.store.egress.AgreementStore;
import dev.parley.store.log.LogNotFoundException;
import dev.parley.store.log.LogReader;
import dev.parley.store.log.LogReceipt;
import dev.parley.store.log.ReceiptAnswer;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.verify.ProofJson;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The transparency log over HTTP, as C2SP tlog-tiles and tlog-checkpoint lay it out under {@code
 * /log/}: {@code checkpoint}, {@code tile/<L>/<N>[.p/<W>]}, {@code tile/entries/<N>[.p/<W>]}, plus
 * {@code key}, JSON proofs and receipts (one, or many in a {@code POST /log/receipts}). Errors are
 * JSON ({@link LogErrors}): 400 for a malformed path, parameter or body, 404 beyond the tree, 503
 * while the log is closed by its integrity check.
 */
public final class LogRoutes {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String SHORT_LIVED = "public, max-age=60";

  private final LogReader reader;
  private final Function<String, Credential> credentials;
  private final PeerVersions peers;

  /**
   * Which version of an object a peer's account reads in its feed, or was served there before the feed
   * lost it; empty when neither.
   */
  @FunctionalInterface
  public interface PeerVersions {
    Optional<String> readable(int peer, UUID collection, String stixId, Optional<String> version);
  }

  private final AgreementStore agreements;

  private LogRoutes(LogReader reader, Function<String, Credential> credentials, PeerVersions peers, AgreementStore agreements) {
    this.reader = reader;
    this.credentials = credentials;
    this.peers = peers;
    this.agreements = agreements;
  }

  /**
   * Registers the log's routes, GET and HEAD (which runs the same checks and sends no body).
   * {@code credentials} (the node's {@code Authenticator::identify}) guards receipts only, since
   * everything else the log serves is public by design: a receipt hands out a leaf's salt.
   */
  public static void register(JavalinDefaultRoutingApi routes, LogReader reader, Function<String, Credential> credentials) {
    register(routes, reader, credentials, (peer, collection, id, version) -> Optional.empty(), null);
  }

  /**
   * As {@link #register(JavalinDefaultRoutingApi, LogReader, Function)}; a peer's account has a
   * receipt only for a version its feed lets it read or once served it ({@code peers}), and the very
   * 404 of a receipt that does not exist for any other.
   */
  public static void register(JavalinDefaultRoutingApi routes, LogReader reader, Function<String, Credential> credentials,
      PeerVersions peers, AgreementStore agreements) {
    LogRoutes log = new LogRoutes(reader, credentials, peers, agreements);
    if (agreements != null) read(routes, "/log/agreement", log::agreement);
    read(routes, "/log/checkpoint", log::checkpoint);
    read(routes, "/log/key", log::key);
    read(routes, "/log/tile/<path>", log::tile);
    read(routes, "/log/proof/inclusion", log::inclusion);
    read(routes, "/log/proof/consistency", log::consistency);
    read(routes, "/log/receipt", log::receipt);
    routes.post("/log/receipts", ctx -> LogErrors.guard(ctx, log::receipts));
  }

  private static void read(JavalinDefaultRoutingApi routes, String path, LogErrors.Action action) {
    routes.get(path, ctx -> LogErrors.guard(ctx, action));
    routes.head(path, ctx -> LogErrors.guard(ctx, action));
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

  /**
   * A receipt, to a request that may read the collection: 401 without a valid credential, then 400
   * for malformed parameters, then 403 when the account may see the collection but not read it, and
   * for a collection it may not see the very 404 of a receipt that does not exist.
   */
  private void receipt(Context ctx) {
    Credential.Valid valid = valid(ctx);
    String raw = required(ctx, "collection");
    UUID collection;
    try {
      collection = UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("collection must be a collection id (a UUID): " + raw);
    }
    String object = required(ctx, "object");
    Optional<String> version = Optional.ofNullable(ctx.queryParam("version"));
    LogReceipt receipt = reader.receipt(collection, object, admit(valid, collection, object, version));
    ctx.header("Cache-Control", "no-store");
    json(ctx, receipt.toJson());
  }

  /**
   * Many receipts in one request ({@link ReceiptItems}), all against one signed checkpoint: 401
   * without a valid credential, 413 for a body over {@value ReceiptItems#MAX_BODY} bytes (not parsed),
   * 400 for a malformed body (the whole request), else 200 with
   * {@code {"items":[…]}} in the order asked, each {@code {"status":200,"receipt":{…}}} (the body
   * {@code GET /log/receipt} answers) or {@code {"status":N,"error":"…"}} with the status and body that
   * {@code GET /log/receipt} answers for it: every item is judged by the very rules of one receipt
   * ({@link #admit}), so an item the account may not read answers as one that does not exist.
   */
  private void receipts(Context ctx) {
    Credential.Valid valid = valid(ctx);
    String tooLarge = "a batch of receipts is at most " + ReceiptItems.MAX_BODY + " bytes";
    if (ctx.contentLength() > ReceiptItems.MAX_BODY) throw new LogErrors.TooLarge(tooLarge);
    // as a TAXII POST's (hostile run bb D9): a body declared in a charset it is not read in is refused, not read as UTF-8
    String charset = MediaTypes.unreadableCharset(ctx.header("Content-Type"), MediaTypes.JSON_TEXT);
    if (charset != null) throw new LogErrors.Unsupported("a batch of receipts is asked in JSON in UTF-8, not charset=" + charset);
    byte[] body = ctx.bodyAsBytes();
    if (body.length > ReceiptItems.MAX_BODY) throw new LogErrors.TooLarge(tooLarge);
    ReceiptItems asked = ReceiptItems.parse(body);
    List<String> answers = new ArrayList<>(asked.items().size());
    List<LogReader.Asked> admitted = new ArrayList<>();
    List<Integer> where = new ArrayList<>();
    for (ReceiptItems.Item item : asked.items()) {
      try {
        admitted.add(new LogReader.Asked(item.collection(), item.object(), admit(valid, item.collection(), item.object(), item.version())));
        where.add(answers.size());
        answers.add(null);
      } catch (RuntimeException e) {
        answers.add(LogErrors.item(e));
      }
    }
    List<ReceiptAnswer> issued = admitted.isEmpty() ? List.of() : reader.receipts(admitted);
    for (int i = 0; i < issued.size(); i++) {
      ReceiptAnswer answer = issued.get(i);
      answers.set(where.get(i), answer instanceof ReceiptAnswer.Issued r ? LogErrors.issued(r.receipt())
          : LogErrors.item(((ReceiptAnswer.Refused) answer).failure()));
    }
    ctx.header("Cache-Control", "no-store");
    json(ctx, "{\"items\":[" + String.join(",", answers) + "]}");
  }

  private Credential.Valid valid(Context ctx) {
    Credential credential = credentials.apply(ctx.header("Authorization"));
    if (!(credential instanceof Credential.Valid valid)) throw new LogErrors.Unauthorized(credential.challenge(), credential.refusal());
    return valid;
  }

  /**
   * Whether the account may have a receipt of the object in the collection, and of which version:
   * the one asked, or for a peer's account the version it reads or was served ({@code peers}). A
   * version a peer was served is one it may prove whatever its terms now, also in a collection they no
   * longer let it see or read. Otherwise throws the 404 of a receipt that does not exist for a
   * collection the account may not see and for what a peer was never served, and a 403 for a
   * collection it may see but not read.
   */
  private Optional<String> admit(Credential.Valid valid, UUID collection, String object, Optional<String> version) {
    Optional<String> served = valid.account().isPeer() ? peers.readable(valid.account().peer(), collection, object, version) : Optional.empty();
    if (served.isPresent()) return served;
    if (!valid.account().canSee(collection.toString())) throw LogReader.notLogged(collection, object, version);
    if (!valid.account().canRead(collection.toString())) throw new LogErrors.Forbidden("this account may not read collection " + collection);
    if (!valid.account().isPeer()) return version;
    throw LogReader.notLogged(collection, object, version);
  }

  /**
   * The agreement in force with the peer whose account asks, with a receipt of its log entry (kind
   * agreement, tlog/ENTRY-FORMAT.md): {@code {"peer","version","sha256","installed","agreement","receipt"}}.
   * 401 without a valid credential; the same 404 for an account that is no peer's and for a peer
   * without an agreement.
   */
  private void agreement(Context ctx) {
    Credential.Valid valid = valid(ctx);
    String peer = valid.account().name();
    AgreementStore.Installed a = (valid.account().isPeer() ? agreements.current(peer) : Optional.<AgreementStore.Installed>empty())
        .orElseThrow(() -> new LogNotFoundException("no agreement applies to this account"));
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("peer", peer).put("version", a.version()).put("sha256", a.hash()).put("installed", Timestamps.format(a.installed()));
    // the canonical bytes themselves, whose SHA-256 is sha256: a client that hashes the value as it came needs no canonicaliser
    o.putRawValue("agreement", new com.fasterxml.jackson.databind.util.RawValue(a.agreement().toJson()));
    try {
      o.set("receipt", Json.mapper().readTree(reader.agreementReceipt(peer, a.version()).toJson()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.header("Cache-Control", "no-store");
    json(ctx, o.toString());
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
