package dev.parley.node.taxii;

import dev.parley.stix.Timestamps;
import dev.parley.store.objects.VersionFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The URL parameters of one request, checked against those its endpoint accepts (TAXII 2.1 §3.4):
 * malformed, repeated or unknown parameters are a 400; unknown {@code match[...]} fields are ignored,
 * as the specification allows.
 */
final class Params {
  static final Set<String> PAGED = Set.of("added_after", "limit", "next", "match[id]", "match[type]", "match[version]", "match[spec_version]");
  static final Set<String> OBJECT = Set.of("added_after", "limit", "next", "match[version]", "match[spec_version]");
  static final Set<String> DELETE = Set.of("match[version]", "match[spec_version]");
  static final Set<String> VERSIONS = Set.of("added_after", "limit", "next", "match[spec_version]");
  static final Set<String> NONE = Set.of();

  private final Map<String, String> values;

  private Params(Map<String, String> values) {
    this.values = values;
  }

  static Params of(Map<String, List<String>> query, Set<String> allowed) {
    Map<String, String> values = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    for (var e : query.entrySet()) {
      String name = e.getKey();
      if (!allowed.contains(name)) {
        if (name.startsWith("match[") && name.endsWith("]")) continue;
        unknown.add(name);
        continue;
      }
      if (e.getValue().size() != 1) throw TaxiiError.badRequest("the parameter " + name + " must occur once");
      values.put(name, e.getValue().get(0));
    }
    if (!unknown.isEmpty()) throw TaxiiError.badRequest("unknown parameters for this endpoint: " + String.join(", ", unknown));
    return new Params(values);
  }

  Instant addedAfter() {
    String v = values.get("added_after");
    if (v == null) return null;
    try {
      return Timestamps.parse(v);
    } catch (IllegalArgumentException e) {
      throw TaxiiError.badRequest("added_after is not a timestamp: " + e.getMessage());
    }
  }

  /** The page size: the client's limit capped at {@code max}, or the cap. */
  int limit(int max) {
    String v = values.get("limit");
    if (v == null) return max;
    if (!v.matches("[0-9]{1,18}")) throw TaxiiError.badRequest("limit must be a positive integer: " + v);
    long n = Long.parseLong(v);
    if (n < 1) throw TaxiiError.badRequest("limit must be greater than zero");
    return (int) Math.min(n, max);
  }

  List<String> list(String name) {
    String v = values.get(name);
    if (v == null) return List.of();
    List<String> out = new ArrayList<>(new LinkedHashSet<>(List.of(v.split(",", -1))));
    if (out.stream().anyMatch(String::isEmpty)) throw TaxiiError.badRequest(name + " has an empty value");
    return out;
  }

  VersionFilter versions() {
    List<String> vs = list("match[version]");
    if (vs.isEmpty()) return VersionFilter.LAST;
    String raw = values.get("match[version]");
    if (raw.split(",").length != vs.size()) throw TaxiiError.badRequest("match[version] repeats a value");
    boolean all = false, first = false, last = false;
    List<Instant> exact = new ArrayList<>();
    for (String v : vs) {
      switch (v) {
        case "all" -> all = true;
        case "first" -> first = true;
        case "last" -> last = true;
        default -> {
          try {
            exact.add(Timestamps.parse(v));
          } catch (IllegalArgumentException e) {
            throw TaxiiError.badRequest("match[version] takes first, last, all or timestamps: " + v);
          }
        }
      }
    }
    if (all && vs.size() > 1) throw TaxiiError.badRequest("match[version]=all cannot be combined with other values");
    return new VersionFilter(all, first, last, exact);
  }

  List<String> specVersions() {
    List<String> vs = list("match[spec_version]");
    for (String v : vs) {
      if (!v.matches("[0-9]+\\.[0-9]+")) throw TaxiiError.badRequest("match[spec_version] takes versions like 2.1: " + v);
    }
    return vs;
  }

  List<String> ids() {
    List<String> ids = list("match[id]");
    for (String id : ids) checkStixId(id);
    return ids;
  }

  List<String> types() {
    List<String> types = list("match[type]");
    for (String t : types) {
      if (!t.matches("[a-z0-9][a-z0-9-]{0,249}")) throw TaxiiError.badRequest("match[type] is not a STIX type name: " + t);
    }
    return types;
  }

  /**
   * The request of a paged endpoint and where it starts. Without {@code next}, the parameters and
   * the first page. With it, the request the cursor carries, at its position: parameters sent along
   * must say what the cursor says (TAXII 2.1 §3.4: a client sends next "along with the original
   * query/filter parameters"), and a contradiction is a 400 that names the parameter; a limit sent
   * along sets the size of this page and of the pages after it.
   *
   * @param object the object id of the object and versions endpoints, otherwise null
   */
  Cursor page(PageRequest.Kind kind, UUID collection, String object, int maxPage, Cursors cursors) {
    boolean filtered = kind == PageRequest.Kind.OBJECTS || kind == PageRequest.Kind.MANIFEST;
    PageRequest asked = new PageRequest(kind, collection, object, addedAfter(), limit(maxPage),
        filtered ? ids() : List.of(), filtered ? types() : List.of(),
        kind == PageRequest.Kind.VERSIONS ? VersionFilter.ALL : versions(), specVersions());
    String next = values.get("next");
    if (next == null) return new Cursor(asked, 0);
    Cursor cursor = cursors.open(next);
    PageRequest carried = cursor.request();
    if (carried.kind() != kind || !carried.collection().equals(collection) || !Objects.equals(carried.object(), object)) {
      throw TaxiiError.badRequest("next continues a request of another " + (carried.kind() != kind ? "endpoint"
          : carried.collection().equals(collection) ? "object" : "collection") + "; start again from the first page");
    }
    agree("added_after", Objects.equals(asked.addedAfter(), carried.addedAfter()));
    agree("match[id]", Set.copyOf(asked.ids()).equals(Set.copyOf(carried.ids())));
    agree("match[type]", Set.copyOf(asked.types()).equals(Set.copyOf(carried.types())));
    agree("match[version]", sameVersions(asked.versions(), carried.versions()));
    agree("match[spec_version]", Set.copyOf(asked.specVersions()).equals(Set.copyOf(carried.specVersions())));
    int limit = values.containsKey("limit") ? asked.limit() : Math.min(carried.limit(), maxPage);
    return new Cursor(carried.withLimit(limit), cursor.afterSeq());
  }

  /** A parameter sent with next must say what the cursor says (absent, it is the cursor's). */
  private void agree(String name, boolean same) {
    if (values.containsKey(name) && !same) {
      throw TaxiiError.badRequest(name + " contradicts the request that next continues; send next with the parameters"
          + " of the first page, or alone");
    }
  }

  private static boolean sameVersions(VersionFilter a, VersionFilter b) {
    return a.all() == b.all() && a.first() == b.first() && a.last() == b.last() && Set.copyOf(a.exact()).equals(Set.copyOf(b.exact()));
  }

  static void checkStixId(String id) {
    int sep = id.indexOf("--");
    if (sep < 1 || id.length() - sep - 2 != 36 || !id.substring(0, sep).matches("[a-z0-9][a-z0-9-]*")) {
      throw TaxiiError.badRequest("not a STIX identifier (type--UUID): " + id);
    }
    try {
      UUID.fromString(id.substring(sep + 2));
    } catch (IllegalArgumentException e) {
      throw TaxiiError.badRequest("not a STIX identifier (type--UUID): " + id);
    }
  }
}
