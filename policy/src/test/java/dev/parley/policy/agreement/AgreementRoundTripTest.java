package dev.parley.policy.agreement;

import static dev.parley.policy.agreement.LocalCollections.INBOX;
import static dev.parley.policy.agreement.LocalCollections.INTEL;
import static dev.parley.policy.agreement.LocalCollections.RESOLVER;
import static dev.parley.policy.agreement.LocalCollections.SIGHTINGS;
import static dev.parley.testing.Generators.alpha;
import static dev.parley.testing.Generators.elements;
import static dev.parley.testing.Generators.lists;
import static dev.parley.testing.Generators.strings;
import static dev.parley.testing.Generators.unicode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.testing.Generator;
import dev.parley.testing.Randomized;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** parse(toJson(a)) == a with the same hash, for seeded random agreements; and no input makes parse throw. */
class AgreementRoundTripTest {
  private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();
  private static final List<String> LOCAL = List.of(INTEL, SIGHTINGS, INBOX);
  private static final List<String> WORDS = List.of("share", "receive", "push", "accept", "relay", "feedback", "collection",
      "max_tlp", "types", "unmarked", "dangling_refs", "into", "to", "intel", "sightings", "green", "red", "amber+strict",
      "withhold", "serve", "sighting", "indicator");

  /** The hash of the empty agreement, pinned: a change of the canonical form must be deliberate (the log commits to it). */
  @Test
  void hash_emptyAgreement_pinned() {
    assertThat(Agreement.NONE.toJson()).isEqualTo("{\"accept\":[],\"feedback\":[],\"push\":[],\"receive\":[],\"relay\":false,\"share\":[]}");
    assertThat(Agreement.NONE.hash()).isEqualTo("67d53f01a0c86e24a3b4dba5bd531c15587d74a4b96b365c395fff26b9c76447");
  }

  @Test
  void parse_canonicalForm_equalAgreementAndHash() {
    Randomized.check(400, agreements(), a -> {
      Parsed parsed = Agreement.parse(a.toJson(), RESOLVER);
      assertThat(parsed).isEqualTo(new Parsed.Valid(a));
      assertThat(((Parsed.Valid) parsed).agreement().hash()).isEqualTo(a.hash());
      String pretty = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(a.toJsonNode());
      assertThat(Agreement.parse(pretty, RESOLVER)).isEqualTo(new Parsed.Valid(a));
    });
  }

  /** Invalid input is a result: random JSON near the format, and its text cut anywhere, never throws. */
  @Test
  void parse_anyInput_resultNotException() {
    Generator<String> texts = random -> {
      String text = value(random, 3).toString();
      return random.nextInt(4) == 0 ? text.substring(0, random.nextInt(text.length() + 1)) : text;
    };
    Randomized.check(600, texts.withEdgeCases(List.of("", "{}", "[]", "{\"share\": [{}]}", "{\"share\": [{\"collection\": \"intel\"")), text -> {
      Parsed parsed = Agreement.parse(text, RESOLVER);
      if (parsed instanceof Parsed.Invalid invalid) {
        assertThat(invalid.problems()).allSatisfy(p -> assertThat(p.pointer()).matches("|/.*"));
      } else {
        Agreement a = ((Parsed.Valid) parsed).agreement();
        assertThat(Agreement.parse(a.toJson(), RESOLVER)).isEqualTo(parsed);
      }
    });
  }

  /** Random agreements, built from draws (nested zips would enumerate every combination of edge cases). */
  private static Generator<Agreement> agreements() {
    Generator<String> local = elements(LOCAL.toArray(String[]::new));
    Generator<String> anyText = strings(unicode(), 1, 12);
    // any text but U+0000, which a collection's name never holds and the reader refuses
    Generator<String> remote = r -> anyText.next(r).replace('\u0000', '0');
    Generator<List<String>> types = lists(elements("indicator", "malware", "x-acme-widget", "sighting", "relationship"), 0, 4);
    Generator<Agreement> random = r -> {
      List<Share> shares = new ArrayList<>();
      for (int i = r.nextInt(4); i > 0; i--) {
        List<String> t = types.next(r);
        shares.add(new Share(local.next(r), elements(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT).next(r),
            t.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(t)), elements(Unmarked.values()).next(r), elements(DanglingRefs.values()).next(r)));
      }
      List<Receive> receives = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) receives.add(new Receive(remote.next(r), local.next(r)));
      List<Push> pushes = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) pushes.add(new Push(local.next(r), remote.next(r)));
      List<Accept> accepts = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) accepts.add(new Accept(local.next(r)));
      return new Agreement(distinctBy(shares, Share::collection), distinctBy(receives, x -> x), distinctBy(pushes, x -> x),
          distinctBy(accepts, x -> x), r.nextBoolean(), r.nextBoolean() ? Set.of(Feedback.SIGHTING) : Set.of());
    };
    Agreement full = new Agreement(List.of(Share.of(INTEL, Tlp.AMBER_STRICT),
        new Share(SIGHTINGS, Tlp.CLEAR, Optional.of(Set.of("sighting")), Unmarked.AMBER, DanglingRefs.SERVE)),
        List.of(new Receive("\u00e9\ud83d\ude00/\"\\", INBOX)), List.of(new Push(INTEL, "x")), List.of(new Accept(INBOX)), true, Set.of(Feedback.SIGHTING));
    return random.withEdgeCases(List.of(Agreement.NONE, full));
  }

  private static <T> List<T> distinctBy(List<T> list, Function<T, Object> key) {
    Map<Object, T> first = new LinkedHashMap<>();
    list.forEach(t -> first.putIfAbsent(key.apply(t), t));
    return new ArrayList<>(first.values());
  }

  /** A JSON value whose keys and strings are mostly the format's own words, so that parsing goes deep. */
  private static JsonNode value(Random random, int depth) {
    int kind = random.nextInt(depth == 0 ? 4 : 7);
    return switch (kind) {
      case 0 -> NODES.textNode(word(random));
      case 1 -> NODES.numberNode(random.nextInt(5) - 2);
      case 2 -> NODES.booleanNode(random.nextBoolean());
      case 3 -> NODES.nullNode();
      case 4 -> {
        var list = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) list.add(value(random, depth - 1));
        yield list;
      }
      default -> {
        ObjectNode o = NODES.objectNode();
        for (int i = random.nextInt(5); i > 0; i--) o.set(word(random), value(random, depth - 1));
        yield o;
      }
    };
  }

  private static String word(Random random) {
    return random.nextInt(7) == 0 ? strings(alpha(), 0, 6).next(random) : WORDS.get(random.nextInt(WORDS.size()));
  }
}
