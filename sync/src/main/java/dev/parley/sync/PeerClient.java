package dev.parley.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Envelope;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.store.peers.PeerTrust;
import dev.parley.store.peers.ReceiptStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A TAXII 2.1 client of one peer's API root, with the peer's token as a Bearer credential, and of its
 * node's {@code /log/}. Every answer is checked before it is used: a status other than the one
 * expected, a body that is not the JSON resource TAXII says, or a body beyond {@link #MAX_BODY} is a
 * {@link PeerFailure} naming the URL and what is wrong. Thread-safe.
 */
final class PeerClient {
  static final String TAXII = "application/taxii+json;version=2.1";
  /** Larger than any page a node sends (1,000 objects of a TAXII POST's size limit would be larger, but no page is). */
  static final int MAX_BODY = 64 * 1024 * 1024;

  private final HttpClient http;
  private final URI root;
  private final String token;
  private final Duration timeout;
  private final boolean pinned;

  /** @param pinned whether {@code http} trusts only the certificates pinned for the peer ({@link dev.parley.store.peers.PeerTrust}) */
  PeerClient(HttpClient http, String apiRoot, String token, Duration timeout, boolean pinned) {
    this.http = http;
    this.root = URI.create(apiRoot.endsWith("/") ? apiRoot : apiRoot + "/");
    this.token = token;
    this.timeout = timeout;
    this.pinned = pinned;
  }

  static HttpClient newHttp(Duration connectTimeout) {
    return builder(connectTimeout).build();
  }

  /** A client that trusts, for TLS, only the certificates pinned for a peer (canonical PEM). */
  static HttpClient newHttp(Duration connectTimeout, String tlsTrust) {
    return builder(connectTimeout).sslContext(PeerTrust.context(tlsTrust)).build();
  }

  private static HttpClient.Builder builder(Duration connectTimeout) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
  }

  URI root() {
    return root;
  }

  /** One page of a collection's objects: the envelope's objects, whether more follow, the cursor, and the page's last date added. */
  record Page(byte[] body, List<Envelope.Entry> objects, boolean more, String next, String dateAddedLast) {}

  /** The log verifier key the peer's node serves at {@code /log/key}. */
  String logKey() {
    HttpResponse<byte[]> r = send(get(root.resolve("/log/key"), "text/plain"));
    expect(r, 200);
    if (r.body().length > 4096) throw PeerFailure.malformed(r.uri() + " answered more than a key");
    return new String(r.body(), StandardCharsets.UTF_8).strip();
  }

  /** The signed checkpoint the peer's node serves at {@code /log/checkpoint}. */
  String checkpoint() {
    HttpResponse<byte[]> r = send(get(root.resolve("/log/checkpoint"), "text/plain"));
    expect(r, 200);
    if (r.body().length > 65_536) throw PeerFailure.malformed(r.uri() + " answered more than a checkpoint");
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** A tile of the peer's log ({@code path} as C2SP tlog-tiles names it, under {@code /log/}); null when the peer does not serve it. */
  byte[] tile(String path) {
    HttpResponse<byte[]> r = send(get(root.resolve("/log/" + path), "application/octet-stream"));
    if (r.statusCode() == 404) return null;
    expect(r, 200);
    return r.body();
  }

  /** The id of the peer's collection named by id or alias. */
  String collectionId(String idOrAlias) {
    URI uri = root.resolve("collections/" + encodePath(idOrAlias) + "/");
    HttpResponse<byte[]> r = send(get(uri, TAXII));
    expect(r, 200);
    JsonNode c = json(r);
    JsonNode id = c.get("id");
    if (id == null || !id.isTextual()) throw PeerFailure.malformed(uri + ": the collection resource has no id");
    try {
      return UUID.fromString(id.textValue()).toString();
    } catch (IllegalArgumentException e) {
      throw PeerFailure.malformed(uri + ": the collection's id is not a UUID: " + id.textValue());
    }
  }

  /** The first page after {@code addedAfter} (null: from the start), every version of every object. */
  Page objects(String collectionId, String addedAfter, int limit) {
    StringBuilder q = new StringBuilder("collections/").append(collectionId).append("/objects/?match%5Bversion%5D=all&limit=").append(limit);
    if (addedAfter != null) q.append("&added_after=").append(URLEncoder.encode(addedAfter, StandardCharsets.UTF_8));
    return page(root.resolve(q.toString()));
  }

  /**
   * The page a {@code next} cursor continues to, asked with the first page's query ({@code addedAfter},
   * null: none; every version): TAXII 2.1 §3.4, "the next URL parameter along with the same original
   * query options" (a server whose next does not carry them answered the later pages with their
   * defaults, the latest version only; hostile run 10am).
   */
  Page next(String collectionId, String addedAfter, String next, int limit) {
    StringBuilder q = new StringBuilder("collections/").append(collectionId).append("/objects/?match%5Bversion%5D=all");
    if (addedAfter != null) q.append("&added_after=").append(URLEncoder.encode(addedAfter, StandardCharsets.UTF_8));
    q.append("&next=").append(URLEncoder.encode(next, StandardCharsets.UTF_8)).append("&limit=").append(limit);
    return page(root.resolve(q.toString()));
  }

  private Page page(URI uri) {
    HttpResponse<byte[]> r = send(get(uri, TAXII));
    expect(r, 200);
    Envelope envelope = envelope(r);
    if (!envelope.isObject()) throw PeerFailure.malformed(uri + ": the envelope is not a JSON object");
    String objects = envelope.objectsKind();
    // absent on a page without objects (TAXII 2.1 §3.7), never null: a page of null was taken as empty (hostile run 12ba D7)
    if (objects != null && !objects.equals("a list")) throw PeerFailure.malformed(uri + ": the envelope's objects is not an array");
    String tooMany = envelope.tooManyEntries();
    if (tooMany != null) throw PeerFailure.malformed(uri + ": " + tooMany);
    List<Envelope.Entry> list = envelope.entries();
    JsonNode more = envelope.more();
    if (more != null && !more.isBoolean()) throw PeerFailure.malformed(uri + ": the envelope's more is not a boolean");
    JsonNode next = envelope.next();
    if (next != null && !next.isTextual()) throw PeerFailure.malformed(uri + ": the envelope's next is not a string");
    boolean hasMore = more != null && more.booleanValue();
    if (hasMore && next == null) throw PeerFailure.malformed(uri + ": the envelope says more but gives no next");
    if (hasMore && list.isEmpty()) throw PeerFailure.malformed(uri + ": the envelope says more but holds no objects");
    String last = r.headers().firstValue("X-TAXII-Date-Added-Last").orElse(null);
    if (!list.isEmpty() && last == null) throw PeerFailure.malformed(uri + ": a page of objects without X-TAXII-Date-Added-Last");
    if (last != null && Timestamps.problem(last) != null) {
      throw PeerFailure.malformed(uri + ": X-TAXII-Date-Added-Last is not a timestamp: " + last);
    }
    if (last != null) notAfterItsAnswer(uri, r, last);
    return new Page(envelope.body(), list, hasMore, next == null ? null : next.textValue(), last);
  }

  /**
   * Refuses a page whose newest object was added after the peer answered (TAXII 2.1 §3.4.4: the header
   * is the {@code date_added} of the newest object of the page): taken as the pull's position, a date
   * decades ahead (or one hour of a peer's wrong clock) made every later pass ask after it, and the
   * objects the peer added meanwhile were never pulled, the peer shown ok (hostile run 10am). The
   * peer's moment is its {@code Date} header (RFC 9110 §6.6.1), so a peer whose clock runs ahead of
   * this node's is judged by its own; without one, by this node's clock, with an hour's slack.
   */
  private static void notAfterItsAnswer(URI uri, HttpResponse<?> r, String last) {
    Instant added = Timestamps.parse(last);
    Instant answered = null;
    String date = r.headers().firstValue("Date").orElse(null);
    if (date != null) {
      try {
        answered = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        answered = null;
      }
    }
    Duration slack = answered == null ? Duration.ofHours(1) : Duration.ofMinutes(1);
    if (answered == null) answered = Instant.now();
    if (added.isAfter(answered.plus(slack))) {
      throw PeerFailure.malformed(uri + ": X-TAXII-Date-Added-Last " + last + " is later than the moment it answered ("
          + (date == null ? "this node's clock, " + answered : "its Date, " + date) + "): no object was added then, and the pull does"
          + " not move past it");
    }
  }

  /**
   * Posts an envelope of objects, taken from this node's collection {@code from}, to the peer's
   * collection; returns the status resource it answers with.
   */
  JsonNode post(String collectionId, ObjectNode envelope, UUID from) {
    URI uri = root.resolve("collections/" + collectionId + "/objects/");
    HttpRequest request = authorized(HttpRequest.newBuilder(uri)).timeout(timeout).header("Accept", TAXII).header("Content-Type", TAXII)
        .header(ReceiptStore.SENDER_COLLECTION, from.toString()) // the peer asks this node for their receipts
        .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.toString().getBytes(StandardCharsets.UTF_8))).build();
    HttpResponse<byte[]> r = send(request);
    if (r.statusCode() != 202 && r.statusCode() != 200) expect(r, 202);
    return status(uri, json(r));
  }

  /** The status resource {@code id}. */
  JsonNode status(String id) {
    URI uri = root.resolve("status/" + encodePath(id) + "/");
    HttpResponse<byte[]> r = send(get(uri, TAXII));
    expect(r, 200);
    return status(uri, json(r));
  }

  private static JsonNode status(URI uri, JsonNode s) {
    if (!s.isObject() || !s.path("id").isTextual() || !s.path("status").isTextual() || !s.path("pending_count").canConvertToLong()
        || !s.path("success_count").canConvertToLong() || !s.path("failure_count").canConvertToLong()) {
      throw PeerFailure.malformed(uri + ": not a TAXII status resource");
    }
    return s;
  }

  /** The peer's receipt of one object version in its collection (null version: its latest), asked without waiting. */
  CompletableFuture<HttpResponse<byte[]>> receipt(String collectionId, String stixId, String version) {
    URI uri = root.resolve("/log/receipt?collection=" + collectionId + "&object=" + URLEncoder.encode(stixId, StandardCharsets.UTF_8)
        + (version == null ? "" : "&version=" + URLEncoder.encode(version, StandardCharsets.UTF_8)));
    return http.sendAsync(get(uri, "application/json"), body());
  }

  /** One receipt asked in a batch: an object version in the peer's collection (null version: its latest). */
  record Asked(String collectionId, String stixId, String version) {}

  /**
   * The peer's receipts of several object versions in one {@code POST /log/receipts}, asked without
   * waiting: {@code {"items":[…]}} answers them in order.
   */
  CompletableFuture<HttpResponse<byte[]>> receipts(List<Asked> asked) {
    ObjectNode body = Json.mapper().createObjectNode();
    var items = body.putArray("items");
    for (Asked a : asked) {
      ObjectNode item = items.addObject().put("collection", a.collectionId()).put("object", a.stixId());
      if (a.version() != null) item.put("version", a.version());
    }
    HttpRequest request = authorized(HttpRequest.newBuilder(root.resolve("/log/receipts"))).timeout(timeout).header("Accept", "application/json")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body.toString().getBytes(StandardCharsets.UTF_8))).build();
    return http.sendAsync(request, body());
  }

  private HttpRequest get(URI uri, String accept) {
    return authorized(HttpRequest.newBuilder(uri)).timeout(timeout).header("Accept", accept).GET().build();
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder b) {
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  /**
   * How a body is read: at most {@link #MAX_BODY} bytes, ended within four times the wait for the
   * headers (a peer that answered its headers and then a byte a second held sync with it for ever).
   */
  private HttpResponse.BodyHandler<byte[]> body() {
    return BoundedBody.handler(MAX_BODY, timeout.multipliedBy(4));
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.send(request, body());
    } catch (HttpTimeoutException e) {
      throw PeerFailure.unreachable(request.uri() + ": no answer within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      if (BoundedBody.tooLarge(e)) throw PeerFailure.tooLarge(request.uri() + ": body larger than " + MAX_BODY + " bytes");
      if (BoundedBody.tooSlow(e)) {
        throw PeerFailure.unreachable(request.uri() + ": the answer did not end within " + timeout.multipliedBy(4).toSeconds() + " s", e);
      }
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof javax.net.ssl.SSLHandshakeException && why.contains("PKIX")) {
        why = PeerTrust.refused(pinned, why);
      } else if (e instanceof javax.net.ssl.SSLException) {
        why = "TLS failed: " + why.replaceAll("^[a-z.]+Exception: ", "");
      }
      throw PeerFailure.unreachable("cannot reach " + request.uri() + ": " + (e instanceof ConnectException ? "connection refused" : why), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PeerFailure.unreachable("interrupted while asking " + request.uri(), e);
    }
  }

  static void expect(HttpResponse<byte[]> r, int status) {
    if (r.statusCode() != status) throw PeerFailure.http(r.statusCode(), r.uri() + " answered HTTP " + r.statusCode() + reason(r.body()));
  }

  /**
   * The body of a JSON answer, a tree of at most the values {@link Json#readSized} allows for its
   * size. An answer that names a media type that is not JSON (an HTML error page from a proxy, a
   * login page) is malformed, named by its type rather than by the first character the JSON parser
   * could not read; one without a Content-Type is read as JSON.
   */
  static JsonNode json(HttpResponse<byte[]> r) {
    return read(r, () -> {
      JsonNode n = Json.readSized(r.body());
      if (n == null) throw PeerFailure.malformed(r.uri() + ": an empty body where JSON was expected");
      return n;
    });
  }

  /**
   * A page's envelope, as {@link #json} reads an answer, its objects left as text until each is
   * stored ({@link Envelope}): a hostile peer's page of 64 MiB of {@code [[],[],…]} was a tree of
   * a gigabyte.
   */
  static Envelope envelope(HttpResponse<byte[]> r) {
    return read(r, () -> {
      Envelope e = Envelope.read(r.body());
      if (e.isEmpty()) throw PeerFailure.malformed(r.uri() + ": an empty body where JSON was expected");
      return e;
    });
  }

  private interface Reading<T> {
    T read() throws IOException;
  }

  private static <T> T read(HttpResponse<byte[]> r, Reading<T> reading) {
    String type = r.headers().firstValue("Content-Type").orElse(null);
    if (type != null && !isJson(type)) {
      throw PeerFailure.malformed(r.uri() + ": answered " + oneLine(type) + " where TAXII JSON was expected" + reason(r.body()));
    }
    try {
      return reading.read();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw PeerFailure.malformed(r.uri() + ": not JSON" + where + ": " + Json.problem(e));
    } catch (IOException e) {
      throw PeerFailure.malformed(r.uri() + ": cannot read the body: " + e.getMessage());
    }
  }

  /** Whether a Content-Type is JSON: application/json, or a type with the +json suffix such as TAXII's. */
  static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
  }

  private static String oneLine(String text) {
    String t = text.strip().replaceAll("\\s+", " ");
    return t.length() <= 100 ? t : t.substring(0, 100) + "...";
  }

  /** The server's own words on a failure, kept short and on one line. */
  static String reason(byte[] body) {
    if (body == null || body.length == 0) return "";
    if (body.length <= 65_536 && body[0] == '{') {
      // a TAXII error: its title and description, not its error_id, which differs at every answer (a peer refusing
      // the same thing every pass logged a new message, and so a warning, every pass)
      try {
        JsonNode error = Json.mapper().readTree(body);
        if (error.path("title").isTextual()) {
          String text = error.get("title").asText() + (error.path("description").isTextual() ? ": " + error.get("description").asText() : "");
          text = text.strip().replaceAll("\\s+", " ");
          return ": " + (text.length() > 300 ? text.substring(0, 300) : text);
        }
      } catch (IOException | RuntimeException notJson) {
        // said as it stands, below
      }
    }
    String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    return text.isEmpty() ? "" : ": " + text;
  }

  private static String encodePath(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
