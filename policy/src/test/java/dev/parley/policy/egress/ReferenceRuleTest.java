package dev.parley.policy.egress;

import static dev.parley.policy.Fixtures.indicator;
import static dev.parley.policy.Fixtures.json;
import static dev.parley.policy.Fixtures.tlpId;
import static dev.parley.policy.egress.EgressTest.PEER;
import static dev.parley.policy.egress.EgressTest.SERVED;
import static dev.parley.policy.egress.EgressTest.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.policy.References;
import dev.parley.policy.Tlp;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.DanglingRefs;
import dev.parley.policy.agreement.Share;
import dev.parley.policy.agreement.Unmarked;
import dev.parley.stix.marking.TlpIds;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 4, "no withheld identifier leaks", with rule 5's "a reference to one is never dangling":
 * relationships and reports pointing at withheld objects, and at objects not (yet) held.
 */
class ReferenceRuleTest {
  static final String GREEN_MALWARE = "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b";
  static final String RED_INDICATOR = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
  static final String NOT_HELD = "threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f";
  static final String CREATOR = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff";

  /** What the node holds, and what of it this peer may receive (by the other rules). */
  static final Map<String, Boolean> HELD = Map.of(GREEN_MALWARE, true, RED_INDICATOR, false, CREATOR, true);
  static final Predicate<String> HELD_HERE = HELD::containsKey;
  static final Predicate<String> SERVABLE = id -> HELD.getOrDefault(id, false);

  static Stream<Arguments> references() {
    return Stream.of(
        Arguments.of("nothing named", Set.of(), false, true),
        Arguments.of("a servable object", Set.of(GREEN_MALWARE, CREATOR), false, true),
        Arguments.of("a withheld object", Set.of(GREEN_MALWARE, RED_INDICATOR), false, false),
        Arguments.of("a withheld object, dangling refs served", Set.of(RED_INDICATOR), true, false),
        Arguments.of("an object not held", Set.of(NOT_HELD), false, false),
        Arguments.of("an object not held, dangling refs served", Set.of(NOT_HELD), true, true),
        Arguments.of("TLP 1.0 RED's definition, not held", Set.of(TlpIds.TLP1.get("red")), false, true),
        Arguments.of("TLP 2.0 AMBER+STRICT's definition, not held", Set.of(TlpIds.TLP2.get("amber+strict")), false, true));
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("references")
  void referencesServable_table(String what, Set<String> refs, boolean danglingServe, boolean servable) {
    assertThat(Egress.referencesServable(refs, SERVABLE, danglingServe, HELD_HERE)).isEqualTo(servable);
  }

  static Agreement green(DanglingRefs dangling) {
    return new Agreement(List.of(new Share(SHARED, Tlp.GREEN, Optional.empty(), Unmarked.WITHHOLD, dangling)),
        List.of(), List.of(), List.of(), false, Set.of());
  }

  static Decision decide(ObjectNode object, DanglingRefs dangling) {
    Candidate c = EgressTest.local(object);
    return Egress.decide(PEER, green(dangling), c, References.of(object), SERVABLE, HELD_HERE);
  }

  /** The OpenCTI failure the specification names: a report that keeps a withheld object's id in its object_refs. */
  @Test
  void decide_reportNamingWithheldObject_reference() {
    ObjectNode report = json("""
        {"type": "report", "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3", "created_by_ref": "%s",
         "object_marking_refs": ["%s"], "object_refs": ["%s", "%s"]}"""
        .formatted(CREATOR, tlpId(Tlp.GREEN, true), GREEN_MALWARE, RED_INDICATOR));
    assertThat(decide(report, DanglingRefs.SERVE)).isEqualTo(new Decision.Withheld(Rule.REFERENCE));
  }

  @Test
  void decide_relationshipBetweenServableObjects_served() {
    ObjectNode relationship = relationship(GREEN_MALWARE, CREATOR);
    assertThat(decide(relationship, DanglingRefs.WITHHOLD)).isEqualTo(SERVED);
  }

  @Test
  void decide_relationshipToWithheldTarget_reference() {
    assertThat(decide(relationship(GREEN_MALWARE, RED_INDICATOR), DanglingRefs.WITHHOLD)).isEqualTo(new Decision.Withheld(Rule.REFERENCE));
  }

  /** Fail closed: a target this node does not hold may still arrive, marked RED. */
  @Test
  void decide_relationshipToTargetNotHeld_perDanglingRefs() {
    assertThat(decide(relationship(GREEN_MALWARE, NOT_HELD), DanglingRefs.WITHHOLD)).isEqualTo(new Decision.Withheld(Rule.REFERENCE));
    assertThat(decide(relationship(GREEN_MALWARE, NOT_HELD), DanglingRefs.SERVE)).isEqualTo(SERVED);
  }

  /** "When the referenced object arrives and may be served, the referencing object becomes visible." */
  @Test
  void decide_targetArrivesLater_servedThen() {
    ObjectNode relationship = relationship(GREEN_MALWARE, NOT_HELD);
    Predicate<String> heldLater = HELD_HERE.or(NOT_HELD::equals);
    Predicate<String> servableLater = SERVABLE.or(NOT_HELD::equals);
    Candidate c = EgressTest.local(relationship);
    Set<String> refs = References.of(relationship);
    assertThat(Egress.decide(PEER, green(DanglingRefs.WITHHOLD), c, refs, SERVABLE, HELD_HERE)).isEqualTo(new Decision.Withheld(Rule.REFERENCE));
    assertThat(Egress.decide(PEER, green(DanglingRefs.WITHHOLD), c, refs, servableLater, heldLater)).isEqualTo(SERVED);
  }

  /** Rule 4 comes last: an object the other rules withhold is named for them. */
  @Test
  void decide_tlpAndReference_tlpNamed() {
    ObjectNode amber = indicator(tlpId(Tlp.AMBER, false));
    amber.put("created_by_ref", NOT_HELD);
    assertThat(decide(amber, DanglingRefs.WITHHOLD)).isEqualTo(new Decision.Withheld(Rule.TLP));
  }

  /** An object marked with TLP ids the node does not hold is not dangling for them (rule 5). */
  @Test
  void decide_markedWithTlpNotHeld_served() {
    ObjectNode o = indicator(tlpId(Tlp.GREEN, false));
    Set<String> refs = new LinkedHashSet<>(References.of(o));
    assertThat(refs).containsExactly(tlpId(Tlp.GREEN, false));
    assertThat(decide(o, DanglingRefs.WITHHOLD)).isEqualTo(SERVED);
  }

  private static ObjectNode relationship(String source, String target) {
    return json("""
        {"type": "relationship", "spec_version": "2.1", "id": "relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e",
         "created": "2016-04-06T20:06:37.000Z", "modified": "2016-04-06T20:06:37.000Z", "relationship_type": "related-to",
         "object_marking_refs": ["%s"], "source_ref": "%s", "target_ref": "%s"}""".formatted(tlpId(Tlp.CLEAR, true), source, target));
  }
}
