package dev.parley.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.eval.Brackets;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.ObjectPath;
import dev.parley.pattern.syntax.PathStep;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.policy.Tlp;
import dev.parley.stix.Canonical;
import dev.parley.stix.validate.ScoIds;
import dev.parley.stix.validate.StixValidator;
import dev.parley.stix.validate.UrlValues;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Writes sightings as STIX 2.1 objects (§5.2): for each, one {@code sighting} with its count,
 * first/last seen, {@code sighting_of_ref}, {@code where_sighted_refs} and {@code created_by_ref}
 * (the sighting identity), its TLP 2.0 marking, and {@code observed_data_refs} to one observed-data
 * (§4.14) per example record, each holding the record's SCOs with their STIX ids (deterministic
 * where §3.4 defines them). Every object written carries the marking of its sighting; an SCO or an
 * observed-data that several sightings share (a record that matched several indicators) is written
 * once, with the most restrictive of their markings: what a node stores grows with the records
 * that matched, not with the matches. Objects come in dependency order: SCOs, observed-data, then
 * sightings.
 */
public final class SightingWriter {
  /** STIX 2.1 §5.2: count is at most 999,999,999. */
  public static final long MAX_COUNT = 999_999_999L;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String identityId;
  private final Instant created;
  /** {@link #created} as every object writes it: formatted once, not once per object. */
  private final String createdText;
  private final Supplier<UUID> ids;

  /** Sightings by {@code identityId}, created at {@code created}, with random (v4) ids from {@code ids}. */
  public SightingWriter(String identityId, Instant created, Supplier<UUID> ids) {
    this.identityId = identityId;
    this.created = created.truncatedTo(ChronoUnit.MILLIS);
    this.createdText = millis(this.created);
    this.ids = ids;
  }

  /** A STIX timestamp with millisecond precision, as {@code created} and {@code modified} need (§3.2). */
  public static String millis(Instant t) {
    return MILLIS.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** An identity of class {@code system} named {@code name}, to stand for the sighting party. */
  public ObjectNode identity(String name) {
    ObjectNode o = NODES.objectNode();
    o.put("type", "identity");
    o.put("spec_version", "2.1");
    o.put("id", identityId);
    o.put("created", createdText);
    o.put("modified", createdText);
    o.put("name", name);
    o.put("identity_class", "system");
    return o;
  }

  /** The objects of these sightings: SCOs, observed-data, sightings. */
  public List<ObjectNode> objects(List<Sighting> sightings) {
    Map<String, ObjectNode> scos = new LinkedHashMap<>();
    Map<String, Tlp> scoMarking = new HashMap<>();
    Map<String, Set<String>> refsHeld = new HashMap<>(); // of SCOs merged: (id, property) -> references
    // by the record's observation itself: one detector hands every sighting the same instance
    Map<Observation, ObjectNode> observed = new IdentityHashMap<>();
    List<ObjectNode> observedInOrder = new ArrayList<>();
    Map<ObjectNode, Tlp> observedMarking = new IdentityHashMap<>();
    List<ObjectNode> sightingObjects = new ArrayList<>(sightings.size());
    Map<Observation, Set<String>> matchedKeys = matchedInLargeRecords(sightings);
    for (Sighting s : sightings) {
      ObjectNode sighting = NODES.objectNode();
      ArrayNode refs = NODES.arrayNode();
      for (Observation o : s.examples()) {
        ObjectNode od = observed.get(o);
        if (od == null) {
          List<ObjectNode> recordScos = ObservedScos.of(o, matchedKeys.getOrDefault(o, Set.of()));
          if (recordScos.isEmpty()) continue; // nothing of the record is valid STIX: counted, with no example
          od = observedData(o, recordScos);
          observed.put(o, od);
          observedInOrder.add(od);
          for (ObjectNode sco : recordScos) {
            String id = sco.get("id").textValue();
            ObjectNode known = scos.get(id);
            if (known == null) scos.put(id, sco);
            else mergeRefs(id, known, sco, refsHeld);
          }
        }
        observedMarking.merge(od, s.marking(), (a, b) -> Tlp.max(a, b));
        for (JsonNode ref : od.get("object_refs")) scoMarking.merge(ref.textValue(), s.marking(), (a, b) -> Tlp.max(a, b));
        refs.add(od.get("id").textValue());
      }
      common(sighting, "sighting");
      sighting.put("first_seen", s.firstSeen().toString());
      sighting.put("last_seen", s.lastSeen().toString());
      sighting.put("count", Math.min(s.count(), MAX_COUNT));
      sighting.put("sighting_of_ref", s.indicator().id());
      if (!refs.isEmpty()) sighting.set("observed_data_refs", refs);
      sighting.putArray("where_sighted_refs").add(identityId);
      sighting.putArray("object_marking_refs").add(s.marking().tlp2Id());
      sightingObjects.add(sighting);
    }
    List<ObjectNode> out = new ArrayList<>(scos.size() + observedInOrder.size() + sightingObjects.size());
    for (Map.Entry<String, ObjectNode> e : scos.entrySet()) {
      e.getValue().putArray("object_marking_refs").add(scoMarking.get(e.getKey()).tlp2Id());
      out.add(e.getValue());
    }
    for (ObjectNode od : observedInOrder) {
      od.putArray("object_marking_refs").add(observedMarking.get(od).tlp2Id());
      out.add(od);
    }
    out.addAll(sightingObjects);
    return out;
  }

  /**
   * For each example record with more objects than an observed-data carries, the keys of its
   * objects that satisfy a bracket of an indicator it was an example for: those are kept first, so
   * that the value that matched is in the evidence (a DNS answer of 200 addresses matched on its
   * 150th). At most {@link #MATCHED_WORK} bracket evaluations a record, whatever its indicators.
   */
  private static Map<Observation, Set<String>> matchedInLargeRecords(List<Sighting> sightings) {
    // by record, the keys each of its sightings' indicators matched, apart: merged a key of each in turn below
    Map<Observation, List<Set<String>>> bySighting = new IdentityHashMap<>();
    Map<Observation, long[]> work = new IdentityHashMap<>();
    Map<Observation, Map<ObjectNode, String>> keysOf = new IdentityHashMap<>();
    for (Sighting s : sightings) {
      List<PatternExpression.Observation> brackets = null;
      for (Observation o : s.examples()) {
        if (o.objects().size() <= ObservedScos.MAX_SCOS) continue;
        if (brackets == null) brackets = s.indicator().pattern().brackets();
        // the key of each object, once a record whatever the sightings it is an example for
        Map<ObjectNode, String> keyOf = keysOf.computeIfAbsent(o, x -> {
          Map<ObjectNode, String> byObject = new IdentityHashMap<>();
          for (Map.Entry<String, ObjectNode> e : x.objects().entrySet()) byObject.put(e.getValue(), e.getKey());
          return byObject;
        });
        Set<String> matched = new LinkedHashSet<>();
        bySighting.computeIfAbsent(o, x -> new ArrayList<>()).add(matched);
        long[] spent = work.computeIfAbsent(o, x -> new long[1]);
        // every bracket on every root, one that another indicator matched too: each may reach another
        // object (hostile run 12v: a second indicator's answer through the name the first had matched was left out)
        roots:
        for (ObjectNode root : o.roots()) {
          String key = keyOf.get(root);
          if (key == null) continue;
          for (PatternExpression.Observation bracket : brackets) {
            if (++spent[0] > MATCHED_WORK) break roots;
            if (Brackets.holds(bracket.comparisons(), root, o)) {
              matched.add(key);
              reached(bracket.comparisons(), root, o, matched, spent);
            }
          }
        }
      }
    }
    // a key of each sighting in turn, so that every sighting's first matches come before the many of another: an
    // ISSUBSET over 200 answers filled the 32 objects of the record's shared observed-data, and the name another
    // indicator matched was left out of its evidence (hostile run 12ar D2)
    Map<Observation, Set<String>> keys = new IdentityHashMap<>();
    bySighting.forEach((o, lists) -> {
      Set<String> merged = new LinkedHashSet<>();
      List<Iterator<String>> turns = new ArrayList<>(lists.size());
      for (Set<String> l : lists) turns.add(l.iterator());
      for (boolean more = true; more; ) {
        more = false;
        for (Iterator<String> t : turns) {
          if (t.hasNext()) {
            merged.add(t.next());
            more = true;
          }
        }
      }
      keys.put(o, merged);
    });
    return keys;
  }

  /**
   * Adds to {@code matched} the keys of the objects that the comparisons of a matching root reach
   * through a reference and that satisfy the rest of the comparison's path: the address a name
   * resolved to for {@code [domain-name:resolves_to_refs[*].value = '10.1.3.200']}, beside the name
   * (hostile run 12u: the name was kept, the answer that matched left out). A negated comparison or
   * {@code !=} reaches nothing worth keeping.
   */
  private static void reached(ComparisonExpression e, ObjectNode root, Observation o, Set<String> matched, long[] spent) {
    if (e instanceof ComparisonExpression.And a) {
      reached(a.left(), root, o, matched, spent);
      reached(a.right(), root, o, matched, spent);
      return;
    }
    if (e instanceof ComparisonExpression.Or or) {
      reached(or.left(), root, o, matched, spent);
      reached(or.right(), root, o, matched, spent);
      return;
    }
    if (!(e instanceof ComparisonExpression.Comparison c) || c.negated() || c.operator() == ComparisonOperator.NE) return;
    List<PathStep> steps = c.path().steps();
    if (steps.size() < 2 || !(steps.get(0) instanceof PathStep.Key reference)
        || !(reference.name().endsWith("_ref") || reference.name().endsWith("_refs"))) {
      return;
    }
    int rest = 1;
    JsonNode refs = root.get(reference.name());
    List<JsonNode> targets = new ArrayList<>();
    if (refs == null) return;
    if (refs.isArray()) {
      if (steps.get(1) instanceof PathStep.Index i) {
        if (i.index() < refs.size()) targets.add(refs.get(i.index()));
        rest = 2;
      } else {
        refs.forEach(targets::add);
        if (steps.get(1) instanceof PathStep.AnyIndex) rest = 2;
      }
    } else {
      targets.add(refs);
    }
    if (rest >= steps.size()) return;
    for (JsonNode ref : targets) {
      if (!ref.isTextual() || matched.contains(ref.textValue())) continue;
      ObjectNode target = o.dereference(ref.textValue());
      if (target == null || ++spent[0] > MATCHED_WORK) continue;
      ComparisonExpression.Comparison onTarget = new ComparisonExpression.Comparison(
          new ObjectPath(target.path("type").asText(), steps.subList(rest, steps.size())), c.operator(), false, c.value());
      if (Brackets.holds(onTarget, target, o)) matched.add(ref.textValue());
    }
  }

  /** The bracket evaluations spent at most on finding the matched objects of one large record. */
  static final long MATCHED_WORK = 65_536;

  private ObjectNode observedData(Observation o, List<ObjectNode> scos) {
    ObjectNode od = NODES.objectNode();
    common(od, "observed-data");
    od.put("first_observed", o.firstObserved().toString());
    od.put("last_observed", o.lastObserved().toString());
    od.put("number_observed", o.numberObserved());
    ArrayNode refs = od.putArray("object_refs");
    for (ObjectNode sco : scos) refs.add(sco.get("id").textValue());
    return od;
  }

  /** The common properties of an object this writer creates (§3.2). */
  private void common(ObjectNode o, String type) {
    o.put("type", type);
    o.put("spec_version", "2.1");
    o.put("id", type + "--" + ids.get());
    o.put("created", createdText);
    o.put("modified", createdText);
    o.put("created_by_ref", identityId);
  }

  /**
   * Two records' copies of one SCO (one id) may list different references, e.g. a name's answers:
   * {@code into} takes those of {@code from} it lacks, found in {@code held}, the references of each
   * merged list as a set (a scan of the list for each reference took two records of thousands of
   * answers minutes).
   */
  private static void mergeRefs(String id, ObjectNode into, ObjectNode from, Map<String, Set<String>> held) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().endsWith("_refs") || !(e.getValue() instanceof ArrayNode more)) continue;
      ArrayNode have = into.withArray(e.getKey());
      Set<String> present = held.computeIfAbsent(id + '\n' + e.getKey(), k -> {
        Set<String> refs = new HashSet<>();
        for (JsonNode h : have) refs.add(h.asText());
        return refs;
      });
      for (JsonNode ref : more) if (present.add(ref.asText())) have.add(ref);
    }
  }

  /** Gives one record's SCOs their STIX ids. */
  static final class ObservedScos {
    private ObservedScos() {}

    /**
     * Copies of the observation's objects with ids: an SCO read from STIX keeps its id; one built
     * from a log gets its deterministic id (§3.4) once the SCOs it refers to have theirs, since
     * references contribute to some ids (network-traffic's end points, an e-mail's sender). Of a record of more
     * than {@link #MAX_SCOS}, those under the {@code matched} keys come first.
     */
    static List<ObjectNode> of(Observation o, Set<String> matched) {
      Map<String, ObjectNode> copies = new LinkedHashMap<>();
      Map<String, String> idOf = new HashMap<>();
      // in the record's own order ("0", "1", ... "10": the observation's map keeps none), so that the first answers are first
      List<Map.Entry<String, ObjectNode>> entries = new ArrayList<>(o.objects().entrySet());
      entries.sort(RECORD_ORDER);
      for (Map.Entry<String, ObjectNode> e : entries) {
        ObjectNode copy = e.getValue().deepCopy();
        if ("url".equals(copy.path("type").asText()) && copy.path("value").isTextual()) {
          // a request line as a log wrote it may hold what a URL may not ('|', spaces): RFC 3986's form
          UrlValues.rfc3986(copy.get("value").textValue()).ifPresent(v -> copy.put("value", v));
        }
        copies.put(e.getKey(), copy);
        String id = copy.path("id").asText("");
        if (id.startsWith(copy.path("type").asText("") + "--")) idOf.put(e.getKey(), id);
      }
      boolean progress = true;
      while (idOf.size() < copies.size() && progress) {
        progress = false;
        for (Map.Entry<String, ObjectNode> e : copies.entrySet()) {
          if (idOf.containsKey(e.getKey())) continue;
          ObjectNode sco = e.getValue();
          boolean ready = sco.path("type").asText().equals("domain-name") || refsKnown(sco, idOf);
          if (!ready) continue;
          assign(e.getKey(), sco, idOf);
          progress = true;
        }
      }
      for (Map.Entry<String, ObjectNode> e : copies.entrySet()) {
        if (!idOf.containsKey(e.getKey())) assign(e.getKey(), e.getValue(), idOf); // a cycle: refs left as they are
      }
      List<ObjectNode> out = new ArrayList<>(copies.size());
      for (Map.Entry<String, ObjectNode> e : copies.entrySet()) {
        ObjectNode sco = e.getValue();
        rewriteRefs(sco, idOf);
        out.add(sco);
      }
      List<ObjectNode> kept = valid(out);
      if (kept.size() <= MAX_SCOS) return kept;
      // at most MAX_SCOS: each connection with its ends, then a type at a time (the first of each type, then the second...), so that the name of a DNS
      // answer stays beside its first addresses; no reference to the others: an answer of 1,000 addresses made an
      // observed-data of 1,000 SCOs, stored and logged for ever, 10,000 objects a request of 685 KB (hostile run 12p)
      Map<String, List<ObjectNode>> byType = new LinkedHashMap<>();
      for (ObjectNode sco : kept) byType.computeIfAbsent(sco.path("type").asText(), t -> new ArrayList<>()).add(sco);
      Set<ObjectNode> chosen = Collections.newSetFromMap(new IdentityHashMap<>());
      Set<ObjectNode> valid = Collections.newSetFromMap(new IdentityHashMap<>());
      valid.addAll(kept);
      // what matched first: the evidence of the sighting
      for (String key : matched) {
        ObjectNode sco = copies.get(key);
        if (sco != null && valid.contains(sco) && chosen.size() < MAX_SCOS) chosen.add(sco);
      }
      // the connection first, with its two ends: a DNS answer of 200 addresses left out the network-traffic and the client
      // that asked, what a defender needs most (hostile run 10q)
      Map<String, ObjectNode> byId = new HashMap<>();
      for (ObjectNode sco : kept) byId.put(sco.path("id").asText(), sco);
      for (ObjectNode connection : byType.getOrDefault("network-traffic", List.of())) {
        List<ObjectNode> ends = new ArrayList<>(2);
        for (String end : List.of("src_ref", "dst_ref")) {
          ObjectNode at = byId.get(connection.path(end).asText());
          if (at != null && !chosen.contains(at) && !ends.contains(at)) ends.add(at);
        }
        if (chosen.size() + 1 + ends.size() > MAX_SCOS) break;
        chosen.add(connection);
        chosen.addAll(ends);
      }
      for (int i = 0; chosen.size() < MAX_SCOS; i++) {
        for (List<ObjectNode> ofType : byType.values()) {
          if (i < ofType.size() && chosen.size() < MAX_SCOS) chosen.add(ofType.get(i));
        }
      }
      List<ObjectNode> first = new ArrayList<>(MAX_SCOS);
      for (ObjectNode sco : kept) if (chosen.contains(sco)) first.add(sco);
      Set<String> left = new HashSet<>();
      for (ObjectNode sco : kept) if (!chosen.contains(sco)) left.add(sco.path("id").asText());
      for (ObjectNode sco : first) left.remove(sco.path("id").asText()); // one value twice in a record: one id, kept
      for (ObjectNode sco : first) dropRefs(sco, left);
      return valid(first);
    }

    /** Keys in number order where they are numbers (as a record's are), before any other key, which go in text order. */
    private static final Comparator<Map.Entry<String, ObjectNode>> RECORD_ORDER = (a, b) -> {
      String x = a.getKey();
      String y = b.getKey();
      boolean xn = number(x);
      boolean yn = number(y);
      if (xn && yn) return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
      if (xn != yn) return xn ? -1 : 1;
      return x.compareTo(y);
    };

    /** Whether a key is a number without leading zeros ("0", "17"). */
    private static boolean number(String key) {
      if (key.isEmpty() || (key.length() > 1 && key.charAt(0) == '0')) return false;
      for (int i = 0; i < key.length(); i++) if (key.charAt(i) < '0' || key.charAt(i) > '9') return false;
      return true;
    }

    /** The objects of one record an observed-data carries at most. */
    static final int MAX_SCOS = 32;

    private static final StixValidator VALIDATOR = StixValidator.standard();

    /**
     * The SCOs that are valid STIX, and the references to the others removed: a log holds what it
     * holds (a port past 65,535, a hash of the wrong length, a URL with no scheme), and an object the
     * store would refuse must not leave an observed-data pointing at nothing. Removing a reference
     * can make another SCO invalid (a network-traffic with neither end), so this repeats until
     * nothing changes: a record's few SCOs, each judged a few times at most.
     */
    static List<ObjectNode> valid(List<ObjectNode> scos) {
      List<ObjectNode> kept = new ArrayList<>(scos);
      List<ObjectNode> judge = kept;
      // a round judges what the last one changed, not the whole record again: a record of a thousand
      // invalid values was a million judgements, one restart per value
      while (!judge.isEmpty()) {
        Set<ObjectNode> invalid = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> gone = new HashSet<>();
        for (ObjectNode sco : judge) {
          if (VALIDATOR.errors(sco).isEmpty()) continue;
          invalid.add(sco);
          gone.add(sco.path("id").asText());
        }
        if (invalid.isEmpty()) break;
        kept.removeIf(invalid::contains);
        List<ObjectNode> changed = new ArrayList<>();
        for (ObjectNode other : kept) if (dropRefs(other, gone)) changed.add(other);
        judge = changed;
      }
      return kept;
    }

    /** Removes the references to {@code ids} from {@code sco}; true when there were any. */
    private static boolean dropRefs(ObjectNode sco, Set<String> ids) {
      boolean dropped = false;
      for (Iterator<Map.Entry<String, JsonNode>> it = sco.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().endsWith("_ref") && ids.contains(f.getValue().asText())) {
          it.remove();
          dropped = true;
        } else if (f.getKey().endsWith("_refs") && f.getValue() instanceof ArrayNode refs) {
          for (int i = refs.size() - 1; i >= 0; i--) {
            if (ids.contains(refs.get(i).asText())) {
              refs.remove(i);
              dropped = true;
            }
          }
          if (refs.isEmpty()) it.remove();
        }
      }
      return dropped;
    }

    private static void assign(String key, ObjectNode sco, Map<String, String> idOf) {
      rewriteRefs(sco, idOf);
      ObjectNode ordered = NODES.objectNode();
      ordered.put("type", sco.path("type").asText());
      ordered.put("spec_version", "2.1");
      String id = sco.path("hashes").size() > 1 || "email-message".equals(sco.path("type").asText()) ? allPropertiesId(sco)
          : ScoIds.deterministicId(sco).orElseGet(() -> sco.path("type").asText() + "--" + UUID.randomUUID());
      ordered.put("id", id);
      for (Iterator<Map.Entry<String, JsonNode>> it = sco.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!f.getKey().equals("type") && !f.getKey().equals("id") && !f.getKey().equals("spec_version")) ordered.set(f.getKey(), f.getValue());
      }
      sco.removeAll();
      sco.setAll(ordered);
      idOf.put(key, id);
    }

    /**
     * The id of an SCO that STIX 2.1 §2.9's id contributing properties do not tell apart from
     * another of the records: a UUIDv5 in STIX's namespace over all of its properties (its
     * references by the ids of what they refer to), the same for the same object logged twice.
     * A file whose hashes name several algorithms: two files of the same MD5 and different SHA-256
     * got one id, and the evidence of a SHA-256 hit held the other record's file (hostile run 12au
     * D2; an MD5 collision is cheap to make). An e-mail message, whose contributing properties are
     * its sender, subject and body: two messages of one sender and subject to other recipients got
     * one id, and so did a long message's parts (each its recipients), one object written for both
     * (hostile run 12aw D3).
     */
    private static String allPropertiesId(ObjectNode sco) {
      try {
        return sco.path("type").asText() + "--" + ScoIds.uuid5(ScoIds.NAMESPACE, Canonical.string(sco));
      } catch (IllegalArgumentException noCanonicalForm) {
        return sco.path("type").asText() + "--" + UUID.randomUUID();
      }
    }

    private static boolean refsKnown(ObjectNode sco, Map<String, String> idOf) {
      for (Iterator<Map.Entry<String, JsonNode>> it = sco.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().endsWith("_ref") && f.getValue().isTextual() && !known(f.getValue().textValue(), idOf)) return false;
        if (f.getKey().endsWith("_refs")) {
          for (JsonNode r : f.getValue()) if (r.isTextual() && !known(r.textValue(), idOf)) return false;
        }
      }
      return true;
    }

    private static boolean known(String ref, Map<String, String> idOf) {
      return idOf.containsKey(ref) || ref.contains("--");
    }

    private static void rewriteRefs(ObjectNode sco, Map<String, String> idOf) {
      for (Iterator<Map.Entry<String, JsonNode>> it = sco.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().endsWith("_ref") && f.getValue().isTextual()) {
          String id = idOf.get(f.getValue().textValue());
          if (id != null) f.setValue(NODES.textNode(id));
        } else if (f.getKey().endsWith("_refs") && f.getValue() instanceof ArrayNode refs) {
          for (int i = 0; i < refs.size(); i++) {
            String id = idOf.get(refs.get(i).asText());
            if (id != null) refs.set(i, NODES.textNode(id));
          }
        }
      }
    }
  }
}
