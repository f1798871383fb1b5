package dev.parley.node.detect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.telemetry.Compressions;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.detect.LiveIndicators;
import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.node.auth.Authenticator;
import dev.parley.node.auth.Credential;
import dev.parley.node.taxii.Errors;
import dev.parley.node.taxii.MediaTypes;
import dev.parley.node.taxii.TaxiiError;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Account;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code POST /telemetry?format=zeek-json|eve|ecs[&tlp=LEVEL]}: NDJSON telemetry in, matched
 * against the node's live indicators, sightings stored. The body is streamed, line by line, into
 * the reader (no line beyond 1 MiB), never held whole: what a request costs grows with its size
 * and its hits, nothing more. One request is one detection run, its source the account and format
 * (records sent again by that account within 24 hours are not counted again); the requests of one
 * source are read one at a time, and one that waits {@link #SOURCE_WAIT} for another answers 503
 * having read nothing; a body slower than {@link #BODY_MIN_RATE} bytes a second on average past
 * {@link #BODY_GRACE} is cut off (408). Answers 202 with the
 * counts of records read and malformed; errors as TAXII error messages (401 without a valid
 * credential, 403 without the telemetry right, 415 for another media type or a content coding other than gzip or deflate, 400 for a bad parameter
 * or an unreadable body).
 */
public final class TelemetryRoutes {
  /** The media type of the body. */
  public static final String NDJSON = "application/x-ndjson";
  /** Malformed lines a response lists (all are counted). */
  private static final int LISTED = 10;
  /** How long a request waits for another of its account and format to end before it answers 503 having read nothing. */
  static final Duration SOURCE_WAIT = Duration.ofSeconds(30);
  /**
   * How long a request to a node just started waits for the first read of its indicators before it
   * answers 503 having read nothing: less than the node's wait for the requests in flight when it
   * stops ({@code Node.STOP_WAIT}), so that a request waiting when the node is stopped gets its
   * answer (at 10 s, both ended together, and the stop cut it unanswered: hostile run 12aw D2).
   */
  static final Duration FIRST_READ_WAIT = Duration.ofSeconds(5);
  /** {@link #SOURCE_WAIT}, shorter in tests. */
  static volatile Duration sourceWait = SOURCE_WAIT;
  /** The least average rate of a body, in bytes a second, once {@link #BODY_GRACE} has passed. */
  static final long BODY_MIN_RATE = 1024;
  static final Duration BODY_GRACE = Duration.ofSeconds(30);
  /** {@link #BODY_GRACE}, shorter in tests. */
  static volatile Duration bodyGrace = BODY_GRACE;

  private TelemetryRoutes() {}

  public static void register(JavalinDefaultRoutingApi routes, Authenticator auth, NodeDetection detection) {
    Handler post = ctx -> {
      try {
        handle(ctx, auth, detection);
      } catch (Exception e) {
        Errors.write(ctx, e);
      }
    };
    routes.post("/telemetry", post);
    // without it, GET /telemetry reached the API roots' route and answered "no API root named telemetry"
    routes.get("/telemetry", ctx -> {
      ctx.header("Allow", "POST");
      Errors.write(ctx, TaxiiError.of(405, "Method not allowed", "GET is not allowed on /telemetry: POST telemetry to it"));
    });
  }

  private static void handle(Context ctx, Authenticator auth, NodeDetection detection) throws IOException {
    Credential credential = auth.identify(ctx.header("Authorization"));
    if (!(credential instanceof Credential.Valid valid)) {
      throw new TaxiiError(401, "Unauthorized", credential.refusal(), Map.of(), Map.of("WWW-Authenticate", credential.challenge()));
    }
    Account account = valid.account();
    if (!account.canPostTelemetry()) {
      throw TaxiiError.of(403, "Forbidden", "this account may not post telemetry; an administrator gives the right with"
          + " 'parley token create --telemetry'");
    }
    // Content-Type is one value (RFC 9110 §8.3): given on two lines it is no type at all, whichever comes first (hostile
    // run 12af: the first line decided)
    List<String> types = Collections.list(ctx.req().getHeaders("Content-Type"));
    if (types.size() > 1) {
      throw TaxiiError.of(415, "Unsupported media type", "telemetry is sent with one Content-Type, " + NDJSON + ", not "
          + types.size() + " (" + String.join(", ", types) + "): nothing of it was read");
    }
    String type = ctx.header("Content-Type");
    String bare = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!bare.equals(NDJSON)) {
      throw TaxiiError.of(415, "Unsupported media type", "telemetry is sent as " + NDJSON + ", one JSON record a line, not "
          + (type == null ? "a body without Content-Type" : type));
    }
    // a charset other than UTF-8 is refused, not read as UTF-8 line by line (hostile run 12z: charset=ISO-8859-1 was, and an
    // unknown one made the query unreadable, answered "the format parameter is missing")
    String charset = MediaTypes.unreadableCharset(type, MediaTypes.UTF_8);
    if (charset != null) {
      throw TaxiiError.of(415, "Unsupported media type", "telemetry is sent in UTF-8, not charset=" + charset + ": nothing of it was read");
    }
    // RFC 9110 §5.3: field lines of one name are one list: two Content-Encoding lines are two codings (hostile run 12z: the second
    // line was ignored)
    List<String> codings = Collections.list(ctx.req().getHeaders("Content-Encoding"));
    String encoding = codings.isEmpty() ? null : String.join(", ", codings);
    InputStream paced = new PacedBody(ctx.req().getInputStream(), BODY_MIN_RATE, bodyGrace);
    // RFC 9110 §8.4: gzip and deflate are read (log shippers compress so); another coding is refused with 415, not read as text
    InputStream text = DecodedBody.of(paced, encoding);
    // a parameter given twice, or one not known (TLP=red), is refused: taking either value, or
    // ignoring one, could store the telemetry under a marking its sender did not mean
    for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
      // an empty name is no parameter: "?format=eve&" from a script that appends '&' (hostile run 12o)
      if (p.getKey().isEmpty() && p.getValue().stream().allMatch(String::isEmpty)) continue;
      if (!p.getKey().equals("format") && !p.getKey().equals("tlp")) {
        throw TaxiiError.of(400, "Bad request", "unknown parameter '" + p.getKey() + "': the parameters are format and tlp");
      }
      if (p.getValue().size() > 1) {
        throw TaxiiError.of(400, "Bad request", "the " + p.getKey() + " parameter is given " + p.getValue().size() + " times; give it once");
      }
    }
    String formatName = ctx.queryParam("format");
    TelemetryFormat format = switch (formatName == null ? "" : formatName) {
      case "zeek-json" -> TelemetryFormat.ZEEK_JSON;
      case "eve" -> TelemetryFormat.EVE;
      case "ecs" -> TelemetryFormat.ECS;
      default -> throw TaxiiError.of(400, "Bad request", formatName == null ? "the format parameter is missing: format=zeek-json, eve or ecs"
          : "format must be zeek-json, eve or ecs, not '" + formatName + "'");
    };
    String tlpText = ctx.queryParam("tlp");
    Tlp tlp = tlpText == null ? Tlp.AMBER : Tlp.parseLoosely(tlpText).orElseThrow(() -> TaxiiError.of(400, "Bad request",
        "tlp must be clear, green, amber, amber+strict or red, not '" + tlpText + "'"));

    String source = "telemetry:" + account.name() + ":" + formatName;
    // a node just started compiles its indicators while it serves: a request meanwhile waits a while, then is turned away
    LiveIndicators.Snapshot snapshot = detection.indicators().current(FIRST_READ_WAIT);
    if (snapshot == null) {
      throw new TaxiiError(503, "Service unavailable", "the node started a short while ago and is still reading the indicators it"
          + " detects with; nothing of this request was read: send it again later", Map.of(), Map.of("Retry-After", "10"));
    }
    ArrayNode listed = Json.mapper().createArrayNode();
    TelemetryDetection.Result result;
    // a sender that may not read the sightings is answered before they are stored: its answer must not
    // take longer when its records hit (ARCHITECTURE.md, "What a sensor's account can still learn")
    boolean reads = account.canRead(detection.sightingsCollection().toString());
    Consumer<TelemetryItem.Malformed> onMalformed = bad -> {
      if (listed.size() < LISTED) listed.addObject().put("line", bad.line()).put("reason", bad.reason());
    };
    long leftOut;
    try (TelemetryReader reader = format.open(uncompressed(text), source)) {
      result = detection.runs().runRequest(reader, source, tlp, snapshot, !reads, sourceWait, onMalformed);
      leftOut = reader.droppedValues();
    } catch (TelemetryDetection.SourceBusy e) {
      throw new TaxiiError(503, "Service unavailable", "another request of this account with format " + formatName
          + " is being read, and it went on for " + sourceWait.toSeconds() + " s or " + TelemetryDetection.WAITERS + " others wait for it"
          + " (the requests of one account and format are read one at a time); nothing of this one was read: send it again later",
          Map.of(), Map.of("Retry-After", "5"));
    } catch (PacedBody.TooSlow e) {
      throw TaxiiError.of(408, "Request timeout", e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      if (e.getCause() instanceof PacedBody.TooSlow slow) throw TaxiiError.of(408, "Request timeout", slow.getMessage());
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof DecodedBody.TooExpanded big) {
          throw TaxiiError.of(413, "Content too large", big.getMessage() + "; nothing of it was stored: send its records in smaller"
              + " requests or without the coding");
        }
        if (t instanceof Compressions.DamagedDataException bad) {
          throw TaxiiError.of(400, "Bad request", "the body is not what its Content-Encoding says: " + bad.getMessage()
              + "; nothing of it was stored");
        }
      }
      throw Errors.unreadBody(e);
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("read", result.records());
    body.put("malformed", result.malformed());
    // values past the bound of one record, not matched (README-detect.md): said to any account, as it depends on
    // the body alone (hostile run 12aq D2: a DNS answer padded to hide an address said so only in the node's log)
    if (leftOut > 0) body.put("values_left_out", leftOut);
    // how many records matched (sightings) or had matched before (repeated) depends on the indicators:
    // told only to an account that may read the sightings, so a sensor's account cannot ask whether a
    // value is an indicator it may not read
    if (reads) {
      body.put("repeated", result.repeated());
      body.put("sightings", result.sightings().size());
      // of them, held past their owner's budget: written later, merged with later hits of their indicators
      if (result.held() > 0) body.put("held", result.held());
      // hits forgotten past the bounds of memory: the counts of these indicators may be low (logged too)
      if (result.dropped() > 0) {
        body.put("dropped", result.dropped());
        body.put("dropped_indicators", result.droppedByIndicator().size());
      }
      // searches of MATCHES or LIKE met their work bound, counted as not matching: these counts may be low too
      if (result.cutShort() > 0) {
        body.put("cut_short", result.cutShort());
        body.put("cut_short_indicators", result.cutShortByIndicator().size());
      }
    }
    if (!listed.isEmpty()) body.set("malformed_lines", listed);
    ctx.status(202).contentType("application/json").result(body.toString());
  }

  /**
   * The text, when it does not begin with a compression's magic number: compressed data sent without
   * its content coding (a sensor's gzip file posted as it is) is refused whole, 415, before a line is
   * read, not read as text into "malformed" lines and lost (hostile run 12t: 202, read 0).
   */
  private static InputStream uncompressed(InputStream body) throws IOException {
    PushbackInputStream in = new PushbackInputStream(body, 6);
    byte[] head = in.readNBytes(6);
    in.unread(head);
    Optional<String> compression = Compressions.ofJsonLines(head);
    if (compression.isPresent() && Compressions.isEncoding(compression.get())) {
      throw TaxiiError.of(415, "Unsupported media type", "the body's text is " + compression.get() + "; telemetry is sent as "
          + NDJSON + " in UTF-8: nothing of it was read");
    }
    if (compression.isPresent()) {
      throw TaxiiError.of(415, "Unsupported media type", "the body's text is " + compression.get() + " data; telemetry is sent as "
          + NDJSON + ", as it is or with the Content-Encoding gzip or deflate that names its compression: nothing of it was read");
    }
    return in;
  }
}
