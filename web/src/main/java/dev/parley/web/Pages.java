package dev.parley.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.stix.marking.TlpIds;
import dev.parley.store.browse.BrowseStore;
import dev.parley.store.browse.BrowseStore.Item;
import dev.parley.store.collections.Collection;
import dev.parley.store.log.Published;
import dev.parley.store.peers.Peer;
import dev.parley.web.view.BrowseView;
import dev.parley.web.view.BulkView;
import dev.parley.web.view.Card;
import dev.parley.web.view.DashboardView;
import dev.parley.web.view.Filters;
import dev.parley.web.view.Layout;
import dev.parley.web.view.Links;
import dev.parley.web.view.PeerRow;
import dev.parley.web.view.Row;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** The dashboard, the collection browser, bulk search and the chart's data. */
final class Pages {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final List<String> TLPS = List.of("clear", "white", "green", "amber", "amber+strict", "red");
  static final List<String> TYPES = List.of("attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident",
      "indicator", "infrastructure", "intrusion-set", "location", "malware", "malware-analysis", "note", "observed-data", "opinion",
      "report", "threat-actor", "tool", "vulnerability", "relationship", "sighting", "marking-definition", "language-content",
      "extension-definition", "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message", "file",
      "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software", "url", "user-account",
      "windows-registry-key", "x509-certificate");
  private static final Map<String, String> TLP_OF_ID = new HashMap<>();

  static {
    TlpIds.TLP1.forEach((name, id) -> TLP_OF_ID.put(id, name));
    TlpIds.TLP2.forEach((name, id) -> TLP_OF_ID.put(id, name));
  }

  private final WebUi ui;
  final ObjectPages objects;
  final LogPages logs;
  final Operators operators;

  Pages(WebUi ui) {
    this.ui = ui;
    this.objects = new ObjectPages(ui);
    this.logs = new LogPages(ui);
    this.operators = new Operators(ui);
  }

  void dashboard(Context ctx, WebUi.Viewer v) {
    List<Card> cards = new ArrayList<>();
    List<Row> recent = new ArrayList<>();
    List<Row> sightings = new ArrayList<>();
    for (Collection c : visible(v)) {
      boolean reads = v.canRead(ui.stores, c.id().toString());
      long count = reads ? ui.browse.countLatest(c.id(), v.feed()) : 0;
      cards.add(new Card(c.id().toString(), c.title(), c.description(), count, Links.collection(c.id()), reads));
      if (!reads) continue;
      recent.addAll(rows(c.id(), v.feed(), ui.browse.recent(c.id(), v.feed(), 10)));
      sightings.addAll(rows(c.id(), v.feed(), ui.browse.recent(c.id(), v.feed(), "sighting", 10)));
    }
    recent.sort(Comparator.comparing(Row::added).reversed());
    sightings.sort(Comparator.comparing(Row::added).reversed());
    Published latest = ui.stores.log() == null ? null : ui.stores.log().reader().latest();
    List<PeerRow> peers = v.account().admin() ? ui.stores.peers().list().stream().map(Pages::peerRow).toList() : List.of();
    ui.render(ctx, "dashboard.jte", new DashboardView(ui.layout(ctx, v, "Dashboard"), cards, recent.subList(0, Math.min(20, recent.size())),
        latest == null ? 0 : latest.checkpoint().size().value(), latest == null ? "" : latest.note(), peers,
        sightings.subList(0, Math.min(20, sightings.size()))));
  }

  static PeerRow peerRow(Peer p) {
    return new PeerRow(p.name(), p.url(), p.state(), p.detail(), p.lastSync() == null ? "never" : Timestamps.format(p.lastSync()),
        p.pulled(), p.pushed());
  }

  /** Additions per day of every collection the viewer reads: {@code {"days":[epoch seconds...],"counts":[...]}}. */
  void chart(Context ctx, WebUi.Viewer v) {
    Map<Instant, Long> days = new TreeMap<>();
    for (Collection c : visible(v)) {
      if (!v.canRead(ui.stores, c.id().toString())) continue;
      for (BrowseStore.DayCount d : ui.browse.additionsPerDay(c.id(), v.feed())) days.merge(d.day(), d.count(), Long::sum);
    }
    ObjectNode o = Json.mapper().createObjectNode();
    ArrayNode x = o.putArray("days");
    ArrayNode y = o.putArray("counts");
    days.forEach((day, n) -> {
      x.add(day.getEpochSecond());
      y.add(n);
    });
    json(ctx, o);
  }

  void collection(Context ctx, WebUi.Viewer v) {
    Collection c = readable(ctx, v);
    String type = param(ctx, "type");
    if (type != null && !type.matches("[a-z0-9-]{1,250}")) throw new WebException(400, "type: not a STIX type name: " + type);
    String tlp = param(ctx, "tlp");
    List<String> markings = List.of();
    if (tlp != null) {
      if (!TLPS.contains(tlp)) throw new WebException(400, "tlp: one of " + String.join(", ", TLPS) + ", not " + tlp);
      markings = new ArrayList<>();
      if (TlpIds.TLP1.containsKey(tlp)) markings.add(TlpIds.TLP1.get(tlp));
      if (TlpIds.TLP2.containsKey(tlp)) markings.add(TlpIds.TLP2.get(tlp));
      if (tlp.equals("clear")) markings.add(TlpIds.TLP1.get("white"));
      if (tlp.equals("white")) markings.add(TlpIds.TLP2.get("clear"));
    }
    String from = param(ctx, "from");
    String to = param(ctx, "to");
    Instant fromTime = date("from", from, 0);
    Instant toTime = date("to", to, 1);
    String q = param(ctx, "q");
    String message = null;
    String text = null;
    if (q != null) {
      if (q.length() > 200) throw new WebException(400, "search: at most 200 characters");
      text = q.toLowerCase(Locale.ROOT);
      if (text.codePointCount(0, text.length()) < 3) {
        message = "Search needs at least 3 characters; showing the collection unfiltered by text.";
        text = null;
      }
    }
    int limit = limit(ctx);
    long after = number(ctx, "after");
    BrowseStore.ItemPage page = ui.browse.list(c.id(), v.feed(), after, limit,
        new BrowseStore.Filter(type == null ? List.of() : List.of(type), markings, fromTime, toTime, text));
    List<Row> rows = rows(c.id(), v.feed(), page.items());
    Layout layout = ui.layout(ctx, v, c.title());
    String base = Links.collection(c.id()) + "?" + query(type, tlp, from, to, q, limit);
    String next = page.more() ? layout.keep(base + "&after=" + page.items().get(page.items().size() - 1).seq()) : null;
    String first = after > 0 ? layout.keep(base) : null;
    if (rows.isEmpty() && message == null) message = after > 0 ? "No more objects." : "No object matches.";
    ui.render(ctx, "collection.jte", new BrowseView(layout, c.id().toString(), c.title(), rows, next, first,
        new Filters(type, tlp, from, to, q, limit), message, types(c.id(), v.feed(), type), TLPS));
  }

  /** The type filter's choices: the STIX 2.1 types, then the other types the viewer reads in the collection, then the one asked for. */
  private List<String> types(UUID collection, Integer feed, String asked) {
    List<String> types = new ArrayList<>(TYPES);
    for (String t : ui.browse.types(collection, feed)) if (!types.contains(t)) types.add(t);
    if (asked != null && !types.contains(asked)) types.add(asked);
    return types;
  }

  private static String query(String type, String tlp, String from, String to, String q, int limit) {
    StringBuilder b = new StringBuilder("limit=" + limit);
    if (type != null) b.append("&type=").append(Links.encode(type));
    if (tlp != null) b.append("&tlp=").append(Links.encode(tlp));
    if (from != null) b.append("&from=").append(Links.encode(from));
    if (to != null) b.append("&to=").append(Links.encode(to));
    if (q != null) b.append("&q=").append(Links.encode(q));
    return b.toString();
  }

  void bulkForm(Context ctx, WebUi.Viewer v) {
    ui.render(ctx, "bulk.jte", new BulkView(ui.layout(ctx, v, "Bulk search"), "", List.of(), List.of(), null, false));
  }

  /** Per value pasted (defanged forms undone), the objects of every readable collection that hold it, and the values nothing holds. */
  void bulk(Context ctx, WebUi.Viewer v) {
    String input = ctx.formParam("values");
    if (input == null) input = "";
    if (input.length() > 200_000) throw new WebException(400, "values: at most 200,000 characters");
    List<Indicators.Value> values = Indicators.parse(input);
    if (values.size() > 1000) throw new WebException(400, "values: at most 1,000 values at a time, not " + values.size());
    for (Indicators.Value value : values) {
      if (value.normalized().length() > BrowseStore.MAX_HELD_VALUE) {
        throw new WebException(400, "values: each at most " + BrowseStore.MAX_HELD_VALUE + " characters; one has "
            + value.normalized().length() + ": " + value.pasted().substring(0, 40) + "…");
      }
    }
    List<BulkView.Hit> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<Collection> readable = visible(v).stream().filter(c -> v.canRead(ui.stores, c.id().toString())).toList();
    for (Indicators.Value value : values) {
      List<Row> holders = new ArrayList<>();
      if (value.normalized().length() >= 3) {
        for (Collection c : readable) {
          List<Item> held = new ArrayList<>();
          for (Item item : ui.browse.holding(c.id(), v.feed(), value.normalized(), 50)) {
            if (Indicators.holds(item.body(), value.normalized())) held.add(item);
          }
          holders.addAll(rows(c.id(), v.feed(), held));
        }
      }
      if (holders.isEmpty()) missing.add(value.pasted());
      else found.add(new BulkView.Hit(value.normalized(), value.pasted(), holders));
    }
    String message = values.isEmpty() ? "Paste indicators, one a line (or separated by spaces or commas)." : null;
    ui.render(ctx, "bulk.jte", new BulkView(ui.layout(ctx, v, "Bulk search"), input, found, missing, message, !values.isEmpty()));
  }

  void log(Context ctx, WebUi.Viewer v) {
    logs.page(ctx, v);
  }

  void logSizes(Context ctx, WebUi.Viewer v) {
    logs.sizes(ctx);
  }

  void object(Context ctx, WebUi.Viewer v) {
    objects.page(ctx, v, readable(ctx, v));
  }

  void graph(Context ctx, WebUi.Viewer v) {
    objects.graph(ctx, v, readable(ctx, v));
  }

  void proof(Context ctx, WebUi.Viewer v) {
    objects.proof(ctx, v, readable(ctx, v));
  }

  void importForm(Context ctx, WebUi.Viewer v) {
    ui.imports.form(ctx, v, this);
  }

  void importFile(Context ctx, WebUi.Viewer v) {
    ui.imports.upload(ctx, v, this);
  }

  void importJob(Context ctx, WebUi.Viewer v) {
    ui.imports.job(ctx, v);
  }

  void ops(Context ctx, WebUi.Viewer v) {
    operators.page(ctx, v, null, null);
  }

  void createAccount(Context ctx, WebUi.Viewer v) {
    operators.createAccount(ctx, v);
  }

  void changeRights(Context ctx, WebUi.Viewer v) {
    operators.changeRights(ctx, v);
  }

  void revokeAccount(Context ctx, WebUi.Viewer v) {
    operators.revoke(ctx, v);
  }

  void createCollection(Context ctx, WebUi.Viewer v) {
    operators.createCollection(ctx, v);
  }

  /** The collections the viewer may see (read or write), in title order. */
  List<Collection> visible(WebUi.Viewer v) {
    return ui.stores.collections().list().stream().filter(c -> v.account().canSee(c.id().toString()))
        .sorted(Comparator.comparing(Collection::title)).toList();
  }

  /**
   * The collection of the path (its id or its alias, as in TAXII URLs), when the viewer may read it;
   * the same 404 for one it may not read and one that does not exist.
   */
  Collection readable(Context ctx, WebUi.Viewer v) {
    String raw = ctx.pathParam("collection");
    WebException none = new WebException(404, "there is no collection " + raw + " that this account may read");
    if (raw.length() > 250) throw none;
    Collection c = ui.stores.collections().resolve(raw).orElseThrow(() -> none);
    if (!v.canRead(ui.stores, c.id().toString())) throw none;
    return c;
  }

  /**
   * Rows of items of one collection, a relationship named by the names of its ends (as the viewer
   * reads them in the collection: one look-up for the page; an end it may not read, or that the
   * collection does not hold, keeps its id).
   */
  List<Row> rows(UUID collection, Integer feed, List<Item> items) {
    return rows(ui.browse, collection, feed, items);
  }

  static List<Row> rows(BrowseStore browse, UUID collection, Integer feed, List<Item> items) {
    List<JsonNode> bodies = new ArrayList<>(items.size());
    Set<String> ends = new LinkedHashSet<>();
    for (Item item : items) {
      JsonNode o = parse(item.body());
      bodies.add(o);
      if (item.type().equals("relationship")) {
        if (o.path("source_ref").isTextual()) ends.add(o.get("source_ref").asText());
        if (o.path("target_ref").isTextual()) ends.add(o.get("target_ref").asText());
      }
    }
    Map<String, String> names = new HashMap<>();
    if (!ends.isEmpty()) {
      browse.latest(collection, feed, ends).forEach((id, end) -> names.put(id, name(parse(end.body()), id, Map.of())));
    }
    List<Row> rows = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) rows.add(row(collection, items.get(i), bodies.get(i), names));
    return rows;
  }

  static Row row(UUID collection, Item item) {
    return row(collection, item, parse(item.body()), Map.of());
  }

  private static Row row(UUID collection, Item item, JsonNode o, Map<String, String> names) {
    return new Row(item.stixId(), item.type(), name(o, item.stixId(), names), tlp(o), Timestamps.format(item.added()),
        Timestamps.formatVersion(item.version()), Links.object(collection, item.stixId()), collection.toString(), status(o));
  }

  /** {@code revoked} (STIX 2.1 §3.2), {@code deprecated} (MITRE ATT&CK's {@code x_mitre_deprecated}), or null. */
  static String status(JsonNode o) {
    if (o.path("revoked").asBoolean(false) && o.path("revoked").isBoolean()) return "revoked";
    if (o.path("x_mitre_deprecated").isBoolean() && o.path("x_mitre_deprecated").asBoolean()) return "deprecated";
    return null;
  }

  static JsonNode parse(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(JsonNode o, String fallback) {
    return name(o, fallback, Map.of());
  }

  /** As {@link #name(JsonNode, String)}; a relationship's ends by their names in {@code names} where given. */
  static String name(JsonNode o, String fallback, Map<String, String> names) {
    if (o.path("type").asText().equals("sighting") && o.has("sighting_of_ref")) return sightingName(o);
    for (String p : List.of("name", "value", "display_name", "path", "pattern", "relationship_type", "opinion", "abstract")) {
      JsonNode n = o.get(p);
      if (n != null && n.isTextual() && !n.asText().isBlank()) {
        String s = n.asText();
        if (p.equals("relationship_type") && o.has("source_ref") && o.has("target_ref")) {
          String from = o.get("source_ref").asText();
          String to = o.get("target_ref").asText();
          return names.getOrDefault(from, from) + " " + s + " " + names.getOrDefault(to, to);
        }
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
      }
    }
    return fallback;
  }

  /** A sighting's line: what was seen, how often, and when last. */
  private static String sightingName(JsonNode o) {
    StringBuilder b = new StringBuilder("sighting of ").append(o.get("sighting_of_ref").asText());
    if (o.has("count")) b.append(", ").append(o.get("count").asText()).append(" times");
    if (o.hasNonNull("last_seen")) b.append(", last seen ").append(o.get("last_seen").asText());
    return b.toString();
  }

  /** The object's TLP level (TLP 2.0 names; TLP 1.0 white shown as white), or null when unmarked. */
  static String tlp(JsonNode o) {
    JsonNode refs = o.get("object_marking_refs");
    if (refs == null || !refs.isArray()) return null;
    String found = null;
    int rank = -1;
    for (JsonNode r : refs) {
      String t = TLP_OF_ID.get(r.asText());
      if (t != null && rank(t) > rank) {
        found = t;
        rank = rank(t);
      }
    }
    return found;
  }

  static String tlpOf(String markingId) {
    return TLP_OF_ID.get(markingId);
  }

  private static int rank(String tlp) {
    return switch (tlp) {
      case "clear", "white" -> 0;
      case "green" -> 1;
      case "amber" -> 2;
      case "amber+strict" -> 3;
      default -> 4;
    };
  }

  static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  static int limit(Context ctx) {
    String raw = param(ctx, "limit");
    if (raw == null) return DEFAULT_LIMIT;
    if (!raw.matches("[0-9]{1,4}") || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > MAX_LIMIT) {
      throw new WebException(400, "limit: a whole number from 1 to " + MAX_LIMIT + ", not " + raw);
    }
    return Integer.parseInt(raw);
  }

  static long number(Context ctx, String name) {
    String raw = param(ctx, name);
    if (raw == null) return 0;
    if (!raw.matches("[0-9]{1,18}")) throw new WebException(400, name + ": a position from a link of this page, not " + raw);
    return Long.parseLong(raw);
  }

  private static Instant date(String name, String raw, int plusDays) {
    if (raw == null) return null;
    try {
      return LocalDate.parse(raw).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new WebException(400, name + ": a date as YYYY-MM-DD, not " + raw);
    }
  }

  static void json(Context ctx, JsonNode o) {
    WebUi.headers(ctx);
    ctx.contentType("application/json").result(o.toString());
  }
}
