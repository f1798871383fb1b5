package dev.parley.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.policy.References;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.store.browse.BrowseStore.Item;
import dev.parley.store.collections.Collection;
import dev.parley.store.log.LogNotFoundException;
import dev.parley.store.log.LogReceipt;
import dev.parley.store.log.LogUnavailableException;
import dev.parley.web.view.Layout;
import dev.parley.web.view.Link;
import dev.parley.web.view.Links;
import dev.parley.web.view.ObjectView;
import dev.parley.web.view.Property;
import dev.parley.web.view.Reference;
import dev.parley.web.view.Row;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An object's page (properties, versions and their diff, the log entry), the data of its
 * relationship graph, and what the browser needs to check its inclusion in the log itself.
 */
final class ObjectPages {
  /** Relationships read around one object; past this the graph says how many more there are not. */
  static final int MAX_RELATIONSHIPS = 5000;

  private final WebUi ui;

  ObjectPages(WebUi ui) {
    this.ui = ui;
  }

  void page(Context ctx, WebUi.Viewer v, Collection c) {
    String id = ctx.pathParam("object");
    List<Item> versions = ui.browse.versions(c.id(), v.feed(), id);
    if (versions.isEmpty()) throw new WebException(404, "collection " + c.title() + " holds no object " + id + " that this account may read");
    Item shown = pick(versions, Pages.param(ctx, "version"), versions.get(versions.size() - 1));
    JsonNode o = Pages.parse(shown.body());
    var layout = ui.layout(ctx, v, Pages.name(o, id));
    List<Property> props = new ArrayList<>();
    List<Link> markings = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      JsonNode value = f.getValue();
      List<Reference> refs = name.equals("external_references") ? references(value) : null;
      if (name.equals("object_marking_refs") && value.isArray()) {
        markings.addAll(markings(c, v, value, layout));
      } else if (name.endsWith("_ref") && value.isTextual()) {
        props.add(new Property(name, null, List.of(new Link(value.asText(), layout.keep(Links.object(c.id(), value.asText())))), false));
      } else if (name.endsWith("_refs") && value.isArray()) {
        List<Link> links = new ArrayList<>();
        for (JsonNode r : value) links.add(new Link(r.asText(), layout.keep(Links.object(c.id(), r.asText()))));
        props.add(new Property(name, null, links, false));
      } else if (refs != null) {
        props.add(new Property(name, null, null, false, refs));
      } else if (value.isContainerNode()) {
        props.add(new Property(name, value.toPrettyString(), null, true));
      } else {
        props.add(new Property(name, value.asText(), null, false));
      }
    }
    props = named(c, v, props);
    List<ObjectView.Version> vs = new ArrayList<>();
    for (Item item : versions) {
      String ver = Timestamps.formatVersion(item.version());
      vs.add(new ObjectView.Version(ver, Timestamps.format(item.added()),
          layout.keep(Links.object(c.id(), id) + "?version=" + Links.encode(ver))));
    }
    String a = Pages.param(ctx, "a");
    String b = Pages.param(ctx, "b");
    List<ObjectView.Change> diff = List.of();
    if (a != null && b != null) diff = diff(Pages.parse(pick(versions, a, null).body()), Pages.parse(pick(versions, b, null).body()));
    String version = Timestamps.formatVersion(shown.version());
    String logIndex = null;
    if (ui.stores.log() != null) {
      logIndex = ui.browse.logIndex(c.id(), id, version).map(String::valueOf).orElse(null);
    }
    Row head = Pages.rows(ui.browse, c.id(), v.feed(), List.of(shown)).get(0);
    ui.render(ctx, "object.jte", new ObjectView(layout, c.id().toString(), c.title(), head, externalIds(o), props, markings, vs, diff, a, b,
        layout.keep("/ui/c/" + c.id() + "/proof?id=" + Links.encode(id) + "&version=" + Links.encode(version)),
        layout.keep("/ui/c/" + c.id() + "/graph"), logIndex, o.toPrettyString()));
  }

  /**
   * The badges of an object's markings: TLP by level; another marking by what its definition says
   * (a statement's text, shortened, or its name), as the viewer reads it in this collection, else by
   * its id. Each links to the definition's page.
   */
  private List<Link> markings(Collection c, WebUi.Viewer v, JsonNode refs, Layout layout) {
    List<String> others = new ArrayList<>();
    for (JsonNode m : refs) if (m.isTextual() && Pages.tlpOf(m.asText()) == null) others.add(m.asText());
    Map<String, Item> held = others.isEmpty() ? Map.of() : ui.browse.latest(c.id(), v.feed(), others);
    List<Link> links = new ArrayList<>();
    for (JsonNode m : refs) {
      String tlp = Pages.tlpOf(m.asText());
      if (tlp != null) {
        links.add(new Link("TLP:" + tlp.toUpperCase(Locale.ROOT), null));
        continue;
      }
      Item definition = held.get(m.asText());
      links.add(new Link(definition == null ? m.asText() : markingLabel(Pages.parse(definition.body()), m.asText()),
          layout.keep(Links.object(c.id(), m.asText()))));
    }
    return links;
  }

  /**
   * The properties with their reference links named by the objects they point to, as the viewer
   * reads them in the collection (one look-up for the page); a reference to anything else keeps its
   * id, whether the object is stored elsewhere or nowhere.
   */
  private List<Property> named(Collection c, WebUi.Viewer v, List<Property> props) {
    Set<String> ids = new LinkedHashSet<>();
    for (Property p : props) for (Link l : p.links()) ids.add(l.text());
    if (ids.isEmpty()) return props;
    Map<String, String> names = new LinkedHashMap<>();
    ui.browse.latest(c.id(), v.feed(), ids).forEach((id, item) -> {
      String name = Pages.name(Pages.parse(item.body()), id);
      if (!name.equals(id)) names.put(id, name + " (" + id + ")");
    });
    if (names.isEmpty()) return props;
    List<Property> out = new ArrayList<>(props.size());
    for (Property p : props) {
      if (p.links().isEmpty()) {
        out.add(p);
        continue;
      }
      List<Link> links = new ArrayList<>();
      for (Link l : p.links()) links.add(new Link(names.getOrDefault(l.text(), l.text()), l.href()));
      out.add(new Property(p.name(), p.text(), links, p.json()));
    }
    return out;
  }

  /**
   * An {@code external_references} list as shown, or null when it is not a list of objects (then it
   * is shown as JSON). Only an absolute http or https address becomes a link: a {@code javascript:}
   * or {@code data:} address in hostile content stays text.
   */
  static List<Reference> references(JsonNode list) {
    if (!list.isArray() || list.isEmpty()) return null;
    List<Reference> out = new ArrayList<>();
    for (JsonNode r : list) {
      if (!r.isObject()) return null;
      String url = r.path("url").isTextual() ? r.path("url").asText() : null;
      StringBuilder description = new StringBuilder(r.path("description").isTextual() ? r.path("description").asText() : "");
      r.path("hashes").fields().forEachRemaining(h -> {
        if (description.length() > 0) description.append(' ');
        description.append(h.getKey()).append(": ").append(h.getValue().asText());
      });
      out.add(new Reference(text(r.path("source_name")), text(r.path("external_id")), url, url != null && webAddress(url),
          description.toString()));
    }
    return out;
  }

  private static boolean webAddress(String url) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme();
      return scheme != null && (scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) && u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The distinct {@code external_id}s of the object's external references, in their order. */
  static List<String> externalIds(JsonNode o) {
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode r : o.path("external_references")) {
      JsonNode id = r.path("external_id");
      if (id.isTextual() && !id.asText().isBlank()) ids.add(id.asText());
    }
    return List.copyOf(ids);
  }

  /** "Statement: " and the first 80 characters of a statement marking's text; else its name; else the id. */
  static String markingLabel(JsonNode definition, String id) {
    JsonNode statement = definition.path("definition").path("statement");
    if (statement.isTextual() && !statement.asText().isBlank()) {
      String text = statement.asText().strip();
      return "Statement: " + (text.codePointCount(0, text.length()) > 80 ? text.substring(0, text.offsetByCodePoints(0, 80)) + "…" : text);
    }
    JsonNode name = definition.path("name");
    return name.isTextual() && !name.asText().isBlank() ? name.asText() : id;
  }

  private static Item pick(List<Item> versions, String version, Item otherwise) {
    if (version == null) return otherwise;
    for (Item item : versions) if (Timestamps.formatVersion(item.version()).equals(version)) return item;
    throw new WebException(404, "this object has no version " + version + " that this account may read");
  }

  /** Top-level properties that differ between two versions, in the order of the first, then those only in the second. */
  static List<ObjectView.Change> diff(JsonNode a, JsonNode b) {
    List<ObjectView.Change> changes = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    a.fieldNames().forEachRemaining(names::add);
    b.fieldNames().forEachRemaining(names::add);
    for (String n : names) {
      JsonNode x = a.get(n);
      JsonNode y = b.get(n);
      if (Objects.equals(x, y)) continue;
      changes.add(new ObjectView.Change(n, text(x), text(y)));
    }
    return changes;
  }

  private static String text(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) return "";
    return n.isTextual() ? n.asText() : n.toPrettyString();
  }

  /**
   * The graph around one object, as cytoscape.js reads it: the object, the objects it references
   * and the relationships whose source or target it is, with their other ends. Only what the
   * viewer reads in the collection is included; what it may not read is neither drawn nor counted.
   */
  void graph(Context ctx, WebUi.Viewer v, Collection c) {
    String id = Pages.param(ctx, "id");
    if (id == null) throw new WebException(400, "id: the object whose graph to draw is required");
    Map<String, Item> center = ui.browse.latest(c.id(), v.feed(), List.of(id));
    if (center.isEmpty()) throw new WebException(404, "collection " + c.title() + " holds no object " + id + " that this account may read");
    Item self = center.get(id);
    JsonNode body = Pages.parse(self.body());
    Set<String> refs = new LinkedHashSet<>();
    if (body instanceof ObjectNode on) {
      for (String r : References.of(on)) if (!r.startsWith("marking-definition--") && !r.equals(id)) refs.add(r);
    }
    List<Item> rels = ui.browse.relationships(c.id(), v.feed(), id, MAX_RELATIONSHIPS);
    Set<String> ends = new LinkedHashSet<>(refs);
    List<JsonNode> relBodies = new ArrayList<>();
    for (Item rel : rels) {
      JsonNode r = Pages.parse(rel.body());
      relBodies.add(r);
      ends.add(r.path("source_ref").asText());
      ends.add(r.path("target_ref").asText());
    }
    ends.remove(id);
    Map<String, Item> nodes = new LinkedHashMap<>();
    nodes.put(id, self);
    nodes.putAll(ui.browse.latest(c.id(), v.feed(), ends));
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("center", id);
    ArrayNode ns = out.putArray("nodes");
    for (Item item : nodes.values()) {
      JsonNode o = item == self ? body : Pages.parse(item.body());
      ObjectNode n = ns.addObject();
      n.put("id", item.stixId()).put("type", item.type()).put("label", Pages.name(o, item.stixId()));
      String tlp = Pages.tlp(o);
      if (tlp != null) n.put("tlp", tlp);
    }
    ArrayNode es = out.putArray("edges");
    for (String r : refs) {
      if (nodes.containsKey(r)) es.addObject().put("id", id + ">" + r).put("source", id).put("target", r).put("label", "refers to");
    }
    for (int i = 0; i < rels.size(); i++) {
      JsonNode r = relBodies.get(i);
      String s = r.path("source_ref").asText();
      String t = r.path("target_ref").asText();
      if (nodes.containsKey(s) && nodes.containsKey(t)) {
        es.addObject().put("id", rels.get(i).stixId()).put("source", s).put("target", t).put("label", r.path("relationship_type").asText());
      }
    }
    out.put("truncated", rels.size() >= MAX_RELATIONSHIPS);
    Pages.json(ctx, out);
  }

  /**
   * What the browser needs to check a version's place in the log without trusting this node's
   * verdict: the leaf index and salt of its entry, and the object and the strings its commitment is
   * over. The browser itself fetches the entry, the inclusion proof, the checkpoint and the key
   * from {@code /log/}, and checks them (static/verify.js).
   */
  void proof(Context ctx, WebUi.Viewer v, Collection c) {
    String id = Pages.param(ctx, "id");
    String version = Pages.param(ctx, "version");
    if (id == null || version == null) throw new WebException(400, "id and version are required");
    if (ui.stores.log() == null) throw new WebException(404, "this node keeps no log");
    List<Item> versions = ui.browse.versions(c.id(), v.feed(), id);
    Item item = pick(versions, version, null);
    if (item == null) throw new WebException(404, "no such version");
    LogReceipt receipt;
    try {
      receipt = ui.stores.log().reader().receipt(c.id(), id, Optional.of(version));
    } catch (LogNotFoundException e) {
      throw new WebException(404, "this version is not in the log");
    } catch (LogUnavailableException e) {
      throw new WebException(503, "this version is not yet in a signed checkpoint; try again in a moment");
    }
    ObjectNode out;
    try {
      out = (ObjectNode) Json.mapper().readTree(receipt.toJson());
      out.set("object", Json.mapper().readTree(item.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the browser checks against the checkpoint it fetches itself, not this one
    out.remove("checkpoint");
    out.remove("inclusion_path");
    out.remove("entry");
    Pages.json(ctx, out);
  }
}
