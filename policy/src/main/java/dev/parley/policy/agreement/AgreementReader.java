package dev.parley.policy.agreement;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.stix.TypeNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Reads an agreement file into an {@link Agreement} or the list of its problems, each at its JSON
 * pointer. It goes on after a problem, so one pass names them all; work is linear in the file.
 */
final class AgreementReader {
  private static final List<String> TOP = List.of("share", "receive", "push", "accept", "relay", "feedback");
  private static final List<String> SHARE = List.of("collection", "max_tlp", "types", "unmarked", "dangling_refs");
  private static final List<String> RECEIVE = List.of("collection", "into");
  private static final List<String> PUSH = List.of("collection", "to");
  private static final List<String> ACCEPT = List.of("collection");
  /** How the parser's message about nesting past its bound begins. */
  private static final String NESTING = "Document nesting depth";

  private final CollectionResolver resolver;
  private final List<Problem> problems = new ArrayList<>();
  /**
   * Each share entry's collection, resolved, also when another member of the entry is wrong: a
   * collection named twice is said beside the entry's other problems (hostile run 10ax D3: with a
   * wrong max_tlp in the first entry, the second's repeat of its collection was not said).
   */
  private final Map<Integer, String> shared = new HashMap<>();

  private AgreementReader(CollectionResolver resolver) {
    this.resolver = resolver;
  }

  static Parsed read(String json, CollectionResolver resolver) {
    return new AgreementReader(resolver).read(json);
  }

  private Parsed read(String json) {
    JsonNode root = tree(json);
    if (root == null) return new Parsed.Invalid(problems);
    if (!root.isObject()) {
      return new Parsed.Invalid(List.of(new Problem("", "an agreement is a JSON object, found " + Json.kind(root))));
    }
    ObjectNode top = (ObjectNode) root;
    Keys.check(top, "", TOP, "an agreement", problems);
    List<Share> share = list(top, "share", this::share);
    List<Receive> receive = list(top, "receive", this::receive);
    List<Push> push = list(top, "push", this::push);
    List<Accept> accept = list(top, "accept", this::accept);
    List<String> sharedInOrder = new ArrayList<>();
    for (int i = 0; i < share.size(); i++) sharedInOrder.add(shared.get(i));
    duplicates(sharedInOrder, "share", "/collection", c -> c,
        first -> "the collection is shared already by /share/" + first + "; one entry a collection, or which max_tlp would apply?");
    duplicates(receive, "receive", "", r -> r, first -> "the same as /receive/" + first);
    duplicates(push, "push", "", p -> p, first -> "the same as /push/" + first);
    duplicates(accept, "accept", "/collection", Accept::collection, first -> "the collection is accepted already by /accept/" + first);
    boolean relay = relay(top);
    Set<Feedback> feedback = feedback(top);
    if (!problems.isEmpty()) return new Parsed.Invalid(FileOrder.sorted(top, problems));
    return new Parsed.Valid(new Agreement(values(share), values(receive), values(push), values(accept), relay, feedback));
  }

  /** The one JSON value of the text; null, with the problem noted, when it is not JSON. */
  private JsonNode tree(String json) {
    try (JsonParser parser = Json.mapper().createParser(json)) {
      try {
        JsonNode root = Json.readTree(parser);
        if (root == null) {
          problems.add(new Problem("", "the file is empty; an agreement is a JSON object"));
        } else if (parser.nextToken() != null) {
          problems.add(new Problem("", at(parser.currentTokenLocation()) + "more text after the agreement's end; a file holds one JSON object"));
          return null;
        }
        return root;
      } catch (StreamConstraintsException e) {
        // the exception has no location; the parser has: the bracket one level too deep is its
        // current token, while a value too long is read before it becomes one (the place is just past it)
        boolean nesting = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith(NESTING);
        problems.add(new Problem("", at(nesting ? parser.currentTokenLocation() : parser.currentLocation()) + bound(e)));
        return null;
      }
    } catch (JsonProcessingException e) {
      problems.add(new Problem("", at(e.getLocation()) + Json.problem(e)));
      return null;
    } catch (IOException e) {
      throw new IllegalStateException("reading a string failed", e);
    }
  }

  /** A bound of the parser passed, in the agreement's words: the parser's own name its settings and give no place. */
  private static String bound(StreamConstraintsException e) {
    StreamReadConstraints bounds = Json.mapper().getFactory().streamReadConstraints();
    String said = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (said.startsWith(NESTING)) return String.format(Locale.ROOT, "nested deeper than %,d levels", bounds.getMaxNestingDepth());
    if (said.startsWith("Number value length")) return String.format(Locale.ROOT, "a number longer than %,d characters", bounds.getMaxNumberLength());
    if (said.startsWith("String value length")) return String.format(Locale.ROOT, "a string longer than %,d characters", bounds.getMaxStringLength());
    if (said.startsWith("Name length")) return String.format(Locale.ROOT, "a key longer than %,d characters", bounds.getMaxNameLength());
    return Json.problem(e);
  }

  private static String at(JsonLocation where) {
    return where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ";
  }

  /**
   * The entries of the list {@code name}, read by {@code entry}; an entry it refuses is null, and
   * its index stays so that later messages can point at it. Absent is empty.
   */
  private <T> List<T> list(ObjectNode top, String name, BiFunction<ObjectNode, String, T> entry) {
    JsonNode list = top.get(name);
    List<T> entries = new ArrayList<>();
    if (list == null) return entries;
    if (!list.isArray()) {
      problems.add(new Problem("/" + name, "must be a list of entries, found " + Json.kind(list)));
      return entries;
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "/" + name + "/" + i;
      JsonNode item = list.get(i);
      if (item.isObject()) {
        entries.add(entry.apply((ObjectNode) item, at));
      } else {
        problems.add(new Problem(at, "an entry of " + name + " is an object, found " + Json.kind(item)));
        entries.add(null);
      }
    }
    return entries;
  }

  private Share share(ObjectNode o, String at) {
    Keys.check(o, at, SHARE, "a share entry", problems);
    String collection = local(o, at, "collection");
    if (collection != null) shared.put(Integer.parseInt(at.substring(at.lastIndexOf('/') + 1)), collection);
    Tlp maxTlp = maxTlp(o, at);
    Optional<Set<String>> types = types(o, at);
    Unmarked unmarked = word(o, at, "unmarked", Unmarked.class, Unmarked.WITHHOLD);
    DanglingRefs dangling = word(o, at, "dangling_refs", DanglingRefs.class, DanglingRefs.WITHHOLD);
    if (collection == null || maxTlp == null || types == null || unmarked == null || dangling == null) return null;
    return new Share(collection, maxTlp, types, unmarked, dangling);
  }

  private Receive receive(ObjectNode o, String at) {
    Keys.check(o, at, RECEIVE, "a receive entry", problems);
    String collection = text(o, at, "collection", "the peer's collection (its id or alias there)");
    String into = local(o, at, "into");
    return collection == null || into == null ? null : new Receive(collection, into);
  }

  private Push push(ObjectNode o, String at) {
    Keys.check(o, at, PUSH, "a push entry", problems);
    String collection = local(o, at, "collection");
    String to = text(o, at, "to", "the peer's collection (its id or alias there)");
    return collection == null || to == null ? null : new Push(collection, to);
  }

  private Accept accept(ObjectNode o, String at) {
    Keys.check(o, at, ACCEPT, "an accept entry", problems);
    String collection = local(o, at, "collection");
    return collection == null ? null : new Accept(collection);
  }

  /** A required, non-empty string member. */
  private String text(ObjectNode o, String at, String name, String what) {
    JsonNode v = o.get(name);
    String where = at + "/" + name;
    if (v == null) {
      problems.add(new Problem(at, "needs '" + name + "': " + what));
    } else if (!v.isTextual()) {
      problems.add(new Problem(where, "must be a string, found " + Json.kind(v)));
    } else if (v.textValue().isEmpty()) {
      problems.add(new Problem(where, "must not be empty"));
    } else if (v.textValue().indexOf('\u0000') >= 0) {
      // no collection's name holds one, and the database refuses it in text (a hostile run read its raw error)
      problems.add(new Problem(where, "must not contain U+0000"));
    } else {
      return v.textValue();
    }
    return null;
  }

  /** A required local collection, by id or alias, as its id. */
  private String local(ObjectNode o, String at, String name) {
    String given = text(o, at, name, "a local collection's id or alias");
    if (given == null) return null;
    Optional<String> id = resolver.localId(given);
    if (id.isEmpty()) problems.add(new Problem(at + "/" + name, "no local collection has the id or alias '" + given + "'"));
    return id.orElse(null);
  }

  private Tlp maxTlp(ObjectNode o, String at) {
    JsonNode v = o.get("max_tlp");
    String where = at + "/max_tlp";
    if (v == null) {
      problems.add(new Problem(at, "needs 'max_tlp': the most restrictive TLP the peer may read (clear, green, amber or amber+strict)"));
      return null;
    }
    if (!v.isTextual()) {
      problems.add(new Problem(where, "must be a string, found " + Json.kind(v)));
      return null;
    }
    Optional<Tlp> level = Tlp.parse(v.textValue());
    if (level.isPresent() && level.get() != Tlp.RED) return level.get();
    problems.add(new Problem(where, level.isPresent()
        ? "red is refused: TLP:RED never leaves this node"
        : "'" + v.textValue() + "' is not a TLP level: clear, green, amber or amber+strict" + tlpHint(v.textValue())));
    return null;
  }

  /** The types, empty when absent (every type), null when refused. */
  private Optional<Set<String>> types(ObjectNode o, String at) {
    JsonNode v = o.get("types");
    String where = at + "/types";
    if (v == null) return Optional.empty();
    if (!v.isArray()) {
      problems.add(new Problem(where, "must be a list of STIX type names, found " + Json.kind(v)));
      return null;
    }
    if (v.isEmpty()) {
      problems.add(new Problem(where, "an empty list would serve no type; leave 'types' out to serve every type"));
      return null;
    }
    Set<String> types = new LinkedHashSet<>();
    boolean ok = true;
    for (int i = 0; i < v.size(); i++) {
      JsonNode t = v.get(i);
      String item = where + "/" + i;
      if (!t.isTextual()) {
        problems.add(new Problem(item, "must be a STIX type name, found " + Json.kind(t)));
        ok = false;
      } else if (!TypeNames.valid(t.textValue())) {
        problems.add(new Problem(item, "'" + t.textValue()
            + "' is not a STIX type name: 3 to 250 of a-z, 0-9 and '-', a letter first (STIX 2.1 §3.1)"));
        ok = false;
      } else if (t.textValue().equals("bundle")) {
        // a bundle is a wrapper (§8), never an object a collection holds: the entry would serve nothing
        problems.add(new Problem(item, "'bundle' is a wrapper of objects, not an object a collection holds (STIX 2.1 §8); list"
            + " the types of the objects to serve"));
        ok = false;
      } else if (!types.add(t.textValue())) {
        problems.add(new Problem(item, "'" + t.textValue() + "' is listed twice"));
        ok = false;
      }
    }
    return ok ? Optional.of(types) : null;
  }

  /** An optional word naming a constant of {@code type}; {@code absent} when missing, null when refused. */
  private <E extends Enum<E>> E word(ObjectNode o, String at, String name, Class<E> type, E absent) {
    JsonNode v = o.get(name);
    return v == null ? absent : word(v, at + "/" + name, type);
  }

  /** The constant of {@code type} that the value at {@code where} names; null, with the problem noted, when none. */
  private <E extends Enum<E>> E word(JsonNode v, String where, Class<E> type) {
    if (!v.isTextual()) {
      problems.add(new Problem(where, "must be a string, found " + Json.kind(v)));
      return null;
    }
    Optional<E> constant = Words.parse(type, v.textValue());
    if (constant.isEmpty()) problems.add(new Problem(where, "'" + v.textValue() + "' is not one of " + Words.list(type)));
    return constant.orElse(null);
  }

  private boolean relay(ObjectNode top) {
    JsonNode v = top.get("relay");
    if (v == null) return false;
    if (!v.isBoolean()) problems.add(new Problem("/relay", "must be true or false, found " + Json.kind(v)));
    return v.isBoolean() && v.booleanValue();
  }

  private Set<Feedback> feedback(ObjectNode top) {
    JsonNode v = top.get("feedback");
    Set<Feedback> kinds = new LinkedHashSet<>();
    if (v == null) return kinds;
    if (!v.isArray()) {
      problems.add(new Problem("/feedback", "must be a list, found " + Json.kind(v)));
      return kinds;
    }
    for (int i = 0; i < v.size(); i++) {
      Feedback kind = word(v.get(i), "/feedback/" + i, Feedback.class);
      if (kind != null && !kinds.add(kind)) problems.add(new Problem("/feedback/" + i, "'" + kind.label() + "' is listed twice"));
    }
    return kinds;
  }

  /**
   * Notes, at the later entry (and its member {@code suffix}), every entry whose key an earlier
   * entry has; entries refused already (null) are skipped.
   */
  private <T> void duplicates(List<T> entries, String name, String suffix, Function<T, Object> key, IntFunction<String> message) {
    Map<Object, Integer> first = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      T entry = entries.get(i);
      if (entry == null) continue;
      Integer earlier = first.putIfAbsent(key.apply(entry), i);
      if (earlier != null) problems.add(new Problem("/" + name + "/" + i + suffix, message.apply(earlier)));
    }
  }

  /** A hint for a level written otherwise: upper case, or TLP 1.0's white. */
  private static String tlpHint(String given) {
    String lower = given.toLowerCase(Locale.ROOT);
    if (lower.equals("white")) return " (TLP 2.0 calls white clear)";
    return Tlp.parse(lower).filter(l -> l != Tlp.RED).map(l -> " (written in lower case: " + l.label() + ")").orElse("");
  }

  private static <T> List<T> values(List<T> entries) {
    return entries.stream().filter(Objects::nonNull).toList();
  }
}
