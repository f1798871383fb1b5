package dev.parley.policy.egress;

import static dev.parley.policy.Fixtures.OTHER_MARKING_ID;
import static dev.parley.policy.Fixtures.STATEMENT_ID;
import static dev.parley.policy.Fixtures.indicator;
import static dev.parley.policy.Fixtures.json;
import static dev.parley.policy.Fixtures.statementDefinition;
import static dev.parley.policy.Fixtures.tlp1Definition;
import static dev.parley.policy.Fixtures.tlp2Definition;
import static dev.parley.policy.Fixtures.tlpId;
import static dev.parley.policy.Fixtures.withGranular;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.policy.MarkingStatus;
import dev.parley.policy.Tlp;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.DanglingRefs;
import dev.parley.policy.agreement.Share;
import dev.parley.policy.agreement.Unmarked;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules 1, 2, 3 and 5 of egress, as the specification of federation states them ("Egress policy:
 * every object, every path, fail-closed"), over a table of marked objects.
 */
class EgressTest {
  static final String PEER = "bravo";
  static final String OTHER_PEER = "charlie";
  static final String SHARED = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
  static final String UNSHARED = "52892447-4d7e-4f70-b94d-d7f22742ff63";
  static final Tlp[] MAX_TLPS = {Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT};
  static final Decision SERVED = new Decision.Served();

  static Agreement sharing(Share share) {
    return new Agreement(List.of(share), List.of(), List.of(), List.of(), false, Set.of());
  }

  static Share share(Tlp max, Unmarked unmarked) {
    return new Share(SHARED, max, Optional.empty(), unmarked, DanglingRefs.WITHHOLD);
  }

  static Candidate local(ObjectNode object, Map<String, MarkingStatus> statuses) {
    return Candidate.of(SHARED, object, statuses::get, new Provenance.Local());
  }

  static Candidate local(ObjectNode object) {
    return local(object, Map.of());
  }

  static Candidate received(ObjectNode object, String from, boolean relay) {
    return Candidate.of(SHARED, object, id -> null, new Provenance.Received(from, relay));
  }

  static Decision withheld(Rule rule) {
    return new Decision.Withheld(rule);
  }

  /** Rule 2: each TLP level, in TLP 1.0 and TLP 2.0 form, against each max_tlp: served exactly when at most max_tlp. */
  static Stream<Arguments> tlpTable() {
    List<Arguments> rows = new ArrayList<>();
    for (Tlp level : Tlp.values()) {
      for (boolean tlp2 : new boolean[] {false, true}) {
        if (level == Tlp.AMBER_STRICT && !tlp2) continue;
        for (Tlp max : MAX_TLPS) rows.add(Arguments.of(level, tlp2, max, level.above(max) ? withheld(Rule.TLP) : SERVED));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} (TLP 2.0 form: {1}) to max_tlp {2}: {3}")
  @MethodSource("tlpTable")
  void decide_tlpMarking_servedUpToMaxTlp(Tlp level, boolean tlp2, Tlp max, Decision expected) {
    assertThat(Egress.decide(PEER, sharing(share(max, Unmarked.WITHHOLD)), local(indicator(tlpId(level, tlp2))))).isEqualTo(expected);
  }

  /** Rule 2: "an object with no TLP marking is treated per unmarked". */
  static Stream<Arguments> unmarkedTable() {
    List<Arguments> rows = new ArrayList<>();
    for (Unmarked unmarked : Unmarked.values()) {
      for (Tlp max : MAX_TLPS) {
        boolean served = unmarked.level().map(l -> !l.above(max)).orElse(false);
        rows.add(Arguments.of(unmarked, max, served ? SERVED : withheld(Rule.UNMARKED)));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "unmarked {0}, max_tlp {1}: {2}")
  @MethodSource("unmarkedTable")
  void decide_unmarkedObject_perUnmarked(Unmarked unmarked, Tlp max, Decision expected) {
    assertThat(Egress.decide(PEER, sharing(share(max, unmarked)), local(indicator()))).isEqualTo(expected);
  }

  /** Rule 2: "statement markings (copyright, terms) do not restrict sharing; a marking of any other kind that this node does not recognise withholds". */
  static Stream<Arguments> otherMarkings() {
    return Stream.of(
        Arguments.of("TLP:GREEN and a held statement", MarkingStatus.STATEMENT, SERVED),
        Arguments.of("TLP:GREEN and a held marking of another kind", MarkingStatus.OTHER, withheld(Rule.UNKNOWN_MARKING)),
        Arguments.of("TLP:GREEN and a marking not held", MarkingStatus.NOT_HELD, withheld(Rule.UNKNOWN_MARKING)));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("otherMarkings")
  void decide_otherMarking_onlyStatementsPass(String what, MarkingStatus status, Decision expected) {
    Candidate c = local(indicator(tlpId(Tlp.GREEN, true), OTHER_MARKING_ID), Map.of(OTHER_MARKING_ID, status));
    assertThat(Egress.decide(PEER, sharing(share(Tlp.GREEN, Unmarked.WITHHOLD)), c)).isEqualTo(expected);
  }

  @Test
  void decide_otherMarkingStatusMissing_failsClosed() {
    Candidate c = new Candidate(SHARED, "indicator", local(indicator(STATEMENT_ID)).markings(), Map.of(), new Provenance.Local());
    assertThat(Egress.decide(PEER, sharing(share(Tlp.GREEN, Unmarked.GREEN)), c)).isEqualTo(withheld(Rule.UNKNOWN_MARKING));
  }

  /** A statement is no TLP marking: an object marked only by one is unmarked. */
  @Test
  void decide_statementOnly_treatedAsUnmarked() {
    Candidate c = local(indicator(STATEMENT_ID), Map.of(STATEMENT_ID, MarkingStatus.STATEMENT));
    assertThat(Egress.decide(PEER, sharing(share(Tlp.GREEN, Unmarked.WITHHOLD)), c)).isEqualTo(withheld(Rule.UNMARKED));
    assertThat(Egress.decide(PEER, sharing(share(Tlp.GREEN, Unmarked.GREEN)), c)).isEqualTo(SERVED);
  }

  /**
   * An object marked only by a marking the node does not understand (a mistyped TLP id) is withheld
   * by that rule, whatever the share says of unmarked objects: explain named "unmarked" with the
   * default (hostile run 10p), though the object carries a marking.
   */
  @Test
  void decide_onlyAnUnknownMarking_unknownMarkingWhateverUnmarkedSays() {
    for (Unmarked unmarked : Unmarked.values()) {
      Candidate c = local(indicator(OTHER_MARKING_ID), Map.of(OTHER_MARKING_ID, MarkingStatus.NOT_HELD));
      assertThat(Egress.decide(PEER, sharing(share(Tlp.AMBER, unmarked)), c)).as(unmarked.name()).isEqualTo(withheld(Rule.UNKNOWN_MARKING));
    }
  }

  @Test
  void decide_malformedMarkings_unknownMarking() {
    Candidate c = local(json("{\"type\": \"indicator\", \"object_marking_refs\": \"" + tlpId(Tlp.CLEAR, true) + "\"}"));
    assertThat(Egress.decide(PEER, sharing(share(Tlp.AMBER, Unmarked.CLEAR)), c)).isEqualTo(withheld(Rule.UNKNOWN_MARKING));
  }

  /** Rule 2: "granular markings that mark a property above max_tlp withhold the object". */
  static Stream<Arguments> granularTable() {
    return Stream.of(
        Arguments.of("GREEN object, AMBER part, max green", Tlp.GREEN, Tlp.AMBER, Tlp.GREEN, withheld(Rule.GRANULAR)),
        Arguments.of("GREEN object, AMBER part, max amber", Tlp.GREEN, Tlp.AMBER, Tlp.AMBER, SERVED),
        Arguments.of("GREEN object, CLEAR part, max green", Tlp.GREEN, Tlp.CLEAR, Tlp.GREEN, SERVED),
        Arguments.of("CLEAR object, RED part, max amber+strict", Tlp.CLEAR, Tlp.RED, Tlp.AMBER_STRICT, withheld(Rule.GRANULAR)),
        Arguments.of("AMBER object, RED part, max green: the object's own TLP first", Tlp.AMBER, Tlp.RED, Tlp.GREEN, withheld(Rule.TLP)));
  }

  @ParameterizedTest(name = "{0}: {4}")
  @MethodSource("granularTable")
  void decide_granularMarking_withholdsAboveMaxTlp(String what, Tlp object, Tlp part, Tlp max, Decision expected) {
    Candidate c = local(withGranular(indicator(tlpId(object, true)), tlpId(part, part == Tlp.AMBER_STRICT)));
    assertThat(Egress.decide(PEER, sharing(share(max, Unmarked.WITHHOLD)), c)).isEqualTo(expected);
  }

  /** Only granular markings: the object itself is unmarked, and its parts are judged too. */
  @Test
  void decide_granularOnly_unmarkedAndGranular() {
    Candidate c = local(withGranular(indicator(), tlpId(Tlp.AMBER, true)));
    assertThat(Egress.decide(PEER, sharing(share(Tlp.GREEN, Unmarked.WITHHOLD)), c)).isEqualTo(withheld(Rule.UNMARKED));
    assertThat(Egress.decide(PEER, sharing(share(Tlp.GREEN, Unmarked.CLEAR)), c)).isEqualTo(withheld(Rule.GRANULAR));
    assertThat(Egress.decide(PEER, sharing(share(Tlp.AMBER, Unmarked.CLEAR)), c)).isEqualTo(SERVED);
  }

  /** Rule 1: "it is in a collection that the agreement's share lists, and its type is allowed". */
  @Test
  void decide_collectionAndTypes_rule1() {
    Candidate clear = local(indicator(tlpId(Tlp.CLEAR, true)));
    Share onlyMalware = new Share(SHARED, Tlp.AMBER, Optional.of(Set.of("malware")), Unmarked.WITHHOLD, DanglingRefs.WITHHOLD);
    Share indicators = new Share(SHARED, Tlp.AMBER, Optional.of(Set.of("malware", "indicator")), Unmarked.WITHHOLD, DanglingRefs.WITHHOLD);
    assertThat(Egress.decide(PEER, sharing(onlyMalware), clear)).isEqualTo(withheld(Rule.TYPE));
    assertThat(Egress.decide(PEER, sharing(indicators), clear)).isEqualTo(SERVED);
    assertThat(Egress.decide(PEER, sharing(Share.of(UNSHARED, Tlp.AMBER)), clear)).isEqualTo(withheld(Rule.COLLECTION));
    assertThat(Egress.decide(PEER, Agreement.NONE, clear)).isEqualTo(withheld(Rule.COLLECTION));
  }

  /**
   * Rule 3: "CLEAR may go on; GREEN only if the agreement with its source has relay: true; AMBER,
   * AMBER+STRICT and RED never". Judged under max_tlp amber+strict, so that only RED is also above it.
   */
  static Stream<Arguments> relayTable() {
    List<Arguments> rows = new ArrayList<>();
    for (Tlp level : Tlp.values()) {
      for (boolean relay : new boolean[] {false, true}) {
        Decision expected = switch (level) {
          case CLEAR -> SERVED;
          case GREEN -> relay ? SERVED : withheld(Rule.RELAY);
          case AMBER, AMBER_STRICT -> withheld(Rule.RELAY);
          case RED -> withheld(Rule.TLP);
        };
        rows.add(Arguments.of(level, relay, expected));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "received {0}, source allows relay: {1}: {2}")
  @MethodSource("relayTable")
  void decide_relayedObject_rule3(Tlp level, boolean relay, Decision expected) {
    Candidate c = received(indicator(tlpId(level, true)), OTHER_PEER, relay);
    assertThat(Egress.decide(PEER, sharing(share(Tlp.AMBER_STRICT, Unmarked.WITHHOLD)), c)).isEqualTo(expected);
  }

  /** An unmarked object from a peer counts as at least GREEN: only a CLEAR marking from its source lets it go anywhere. */
  @Test
  void decide_relayedUnmarked_atLeastGreen() {
    Agreement clearUnmarked = sharing(share(Tlp.GREEN, Unmarked.CLEAR));
    assertThat(Egress.decide(PEER, clearUnmarked, received(indicator(), OTHER_PEER, false))).isEqualTo(withheld(Rule.RELAY));
    assertThat(Egress.decide(PEER, clearUnmarked, received(indicator(), OTHER_PEER, true))).isEqualTo(SERVED);
    assertThat(Egress.decide(PEER, sharing(share(Tlp.AMBER, Unmarked.AMBER)), received(indicator(), OTHER_PEER, true)))
        .isEqualTo(withheld(Rule.RELAY));
    // and as at least GREEN against max_tlp: a CLEAR-only peer never gets it, relay or not (found by a hostile run)
    Agreement clearOnly = sharing(share(Tlp.CLEAR, Unmarked.CLEAR));
    assertThat(Egress.decide(PEER, clearOnly, received(indicator(), OTHER_PEER, true))).isEqualTo(withheld(Rule.UNMARKED));
    assertThat(Egress.decide(PEER, clearOnly, local(indicator()))).isEqualTo(SERVED);
  }

  @Test
  void decide_relayedClearWithAmberPart_relay() {
    Candidate c = received(withGranular(indicator(tlpId(Tlp.CLEAR, false)), tlpId(Tlp.AMBER, false)), OTHER_PEER, true);
    assertThat(Egress.decide(PEER, sharing(share(Tlp.AMBER, Unmarked.WITHHOLD)), c)).isEqualTo(withheld(Rule.RELAY));
  }

  /** Rule 3: "nothing is served or pushed back to the peer it came from", CLEAR included. */
  @Test
  void decide_backToItsSource_echo() {
    Agreement clear = sharing(share(Tlp.AMBER, Unmarked.CLEAR));
    assertThat(Egress.decide(PEER, clear, received(indicator(tlpId(Tlp.CLEAR, true)), PEER, true))).isEqualTo(withheld(Rule.ECHO));
    assertThat(Egress.decide(OTHER_PEER, clear, received(indicator(tlpId(Tlp.CLEAR, true)), PEER, false))).isEqualTo(SERVED);
  }

  /** Rule 5: the standard TLP marking definitions are always servable, from a shared collection. */
  static Stream<Arguments> standardDefinitions() {
    List<Arguments> rows = new ArrayList<>();
    for (String colour : List.of("white", "green", "amber", "red")) rows.add(Arguments.of("TLP 1.0 " + colour, tlp1Definition(colour)));
    Arrays.stream(Tlp.values()).forEach(level -> rows.add(Arguments.of("TLP 2.0 " + level.label(), tlp2Definition(level))));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("standardDefinitions")
  void decide_standardTlpDefinition_alwaysServable(String what, ObjectNode definition) {
    Share strict = new Share(SHARED, Tlp.CLEAR, Optional.of(Set.of("indicator")), Unmarked.WITHHOLD, DanglingRefs.WITHHOLD);
    assertThat(Egress.decide(PEER, sharing(strict), local(definition))).isEqualTo(SERVED);
    assertThat(Egress.decide(PEER, sharing(strict), received(definition, PEER, false))).isEqualTo(SERVED);
    assertThat(Egress.decide(PEER, sharing(Share.of(UNSHARED, Tlp.CLEAR)), local(definition))).isEqualTo(withheld(Rule.COLLECTION));
  }

  /** Rule 5: "every other object — identities, extension definitions and statement marking definitions included — follows rules 1–4". */
  @Test
  void decide_otherDefinitions_followTheRules() {
    ObjectNode statement = statementDefinition();
    assertThat(Egress.decide(PEER, sharing(share(Tlp.CLEAR, Unmarked.WITHHOLD)), local(statement))).isEqualTo(withheld(Rule.UNMARKED));
    ObjectNode forged = tlp1Definition("white").put("description", "not the published object");
    assertThat(Egress.decide(PEER, sharing(share(Tlp.CLEAR, Unmarked.WITHHOLD)), local(forged))).isEqualTo(withheld(Rule.UNMARKED));
  }

  /** When several rules withhold an object, the first in Rule's order is named. */
  static Stream<Arguments> precedence() {
    Share onlyMalware = new Share(SHARED, Tlp.GREEN, Optional.of(Set.of("malware")), Unmarked.WITHHOLD, DanglingRefs.WITHHOLD);
    Share green = share(Tlp.GREEN, Unmarked.WITHHOLD);
    ObjectNode redAndUnknown = indicator(tlpId(Tlp.RED, true), OTHER_MARKING_ID);
    return Stream.of(
        Arguments.of("type before echo and tlp", onlyMalware, received(redAndUnknown, PEER, false), Rule.TYPE),
        Arguments.of("echo before tlp and relay", green, received(redAndUnknown, PEER, false), Rule.ECHO),
        Arguments.of("tlp before unknown-marking and relay", green, received(redAndUnknown, OTHER_PEER, false), Rule.TLP),
        Arguments.of("unmarked before granular", green, local(withGranular(indicator(), tlpId(Tlp.RED, true))), Rule.UNMARKED),
        Arguments.of("granular before unknown-marking", green, local(withGranular(indicator(tlpId(Tlp.GREEN, true), OTHER_MARKING_ID), tlpId(Tlp.RED, true))), Rule.GRANULAR),
        Arguments.of("unknown-marking before relay", green, received(indicator(tlpId(Tlp.GREEN, true), OTHER_MARKING_ID), OTHER_PEER, false), Rule.UNKNOWN_MARKING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("precedence")
  void decide_severalRules_firstInOrder(String what, Share share, Candidate candidate, Rule rule) {
    assertThat(Egress.decide(PEER, sharing(share), candidate)).isEqualTo(withheld(rule));
  }

  @Test
  void rule_namesAndOrder_asExplainPrintsThem() {
    assertThat(Arrays.stream(Rule.values()).map(Rule::id)).containsExactly(
        "collection", "type", "echo", "tlp", "unmarked", "granular", "unknown-marking", "relay", "reference");
    Arrays.stream(Rule.values()).forEach(rule -> assertThat(rule.describe()).isNotBlank());
  }
}
