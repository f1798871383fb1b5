package dev.parley.policy;

import static dev.parley.policy.Fixtures.INDICATOR_ID;
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
import dev.parley.stix.marking.TlpIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What marks an object, from STIX 2.1 §7.2 (object markings §7.2.2, granular §7.2.3) and the TLP 2.0 extension. */
class MarkingsTest {

  /** Every TLP level in every form the texts define: TLP 1.0 (§7.2.1.4) and TLP 2.0. */
  static Stream<Arguments> everyTlpId() {
    List<Arguments> rows = new ArrayList<>();
    for (Tlp level : Tlp.values()) {
      rows.add(Arguments.of(level, true));
      if (level != Tlp.AMBER_STRICT) rows.add(Arguments.of(level, false)); // TLP 1.0 has no AMBER+STRICT
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}, TLP 2.0 form: {1}")
  @MethodSource("everyTlpId")
  void of_objectMarking_itsLevel(Tlp level, boolean tlp2) {
    Markings m = Markings.of(indicator(tlpId(level, tlp2)));
    assertThat(m.objectTlp()).contains(level);
    assertThat(m.granularTlp()).isEmpty();
    assertThat(m.others()).isEmpty();
    assertThat(m.malformed()).isFalse();
    assertThat(m.definition()).isEqualTo(new Definition.NotADefinition());
  }

  @ParameterizedTest(name = "{0}, TLP 2.0 form: {1}")
  @MethodSource("everyTlpId")
  void of_granularMarking_itsLevel(Tlp level, boolean tlp2) {
    Markings m = Markings.of(withGranular(indicator(), tlpId(level, tlp2)));
    assertThat(m.objectTlp()).isEmpty();
    assertThat(m.granularTlp()).contains(level);
  }

  /** §7.2: "This specification does not define rules for how multiple markings ... should be interpreted"; Parley takes the most restrictive. */
  @Test
  void of_severalTlpMarkings_mostRestrictive() {
    assertThat(Markings.of(indicator(tlpId(Tlp.GREEN, false), tlpId(Tlp.AMBER, true))).objectTlp()).contains(Tlp.AMBER);
    assertThat(Markings.of(indicator(tlpId(Tlp.RED, true), tlpId(Tlp.CLEAR, false))).objectTlp()).contains(Tlp.RED);
    assertThat(Markings.of(indicator(tlpId(Tlp.CLEAR, false), tlpId(Tlp.CLEAR, true))).objectTlp()).contains(Tlp.CLEAR);
    ObjectNode granular = withGranular(withGranular(indicator(), tlpId(Tlp.AMBER_STRICT, true)), tlpId(Tlp.GREEN, false));
    assertThat(Markings.of(granular).granularTlp()).contains(Tlp.AMBER_STRICT);
  }

  @Test
  void of_noMarkings_nothing() {
    Markings m = Markings.of(indicator());
    assertThat(m).isEqualTo(new Markings(Optional.empty(), Optional.empty(), Set.of(), false, new Definition.NotADefinition()));
  }

  /** §7.2.3's first example: a granular marking_ref and an object marking, neither a TLP id. */
  @Test
  void of_sectionSevenTwoThreeExample_othersInOrder() {
    ObjectNode o = json("""
        {"type": "indicator", "id": "%s",
         "granular_markings": [{"marking_ref": "marking-definition--089a6ecb-cc15-43cc-9494-767639779123", "selectors": ["description", "labels"]}],
         "object_marking_refs": ["marking-definition--79e2fa14-02c6-40d7-aa4b-ebf281dd78ef"],
         "description": "Some description", "name": "Some name", "labels": ["first", "second"]}""".formatted(INDICATOR_ID));
    Markings m = Markings.of(o);
    assertThat(m.objectTlp()).isEmpty();
    assertThat(m.granularTlp()).isEmpty();
    assertThat(m.others()).containsExactly("marking-definition--79e2fa14-02c6-40d7-aa4b-ebf281dd78ef", OTHER_MARKING_ID);
  }

  /** §7.2.3's second example: a granular marking with lang only marks language, not data. */
  @Test
  void of_langOnlyGranular_marksNothing() {
    ObjectNode o = json("""
        {"type": "campaign", "spec_version": "2.1", "id": "campaign--12a111f0-b824-4baf-a224-83b80237a094", "lang": "en",
         "created": "2017-02-08T21:31:22.007Z", "modified": "2017-02-08T21:31:22.007Z", "name": "Bank Attack",
         "description": "Weitere Informationen über Banküberfall",
         "granular_markings": [{"selectors": ["description"], "lang": "de"}]}""");
    Markings m = Markings.of(o);
    assertThat(m.granularTlp()).isEmpty();
    assertThat(m.others()).isEmpty();
    assertThat(m.malformed()).isFalse();
  }

  @Test
  void of_statementBesideTlp_statementAmongOthers() {
    Markings m = Markings.of(indicator(STATEMENT_ID, tlpId(Tlp.GREEN, true)));
    assertThat(m.objectTlp()).contains(Tlp.GREEN);
    assertThat(m.others()).containsExactly(STATEMENT_ID);
  }

  static Stream<Arguments> malformedMarkings() {
    return Stream.of(
        Arguments.of("object_marking_refs a string", "\"object_marking_refs\": \"" + TlpIds.TLP2.get("clear") + "\""),
        Arguments.of("an object marking not a string", "\"object_marking_refs\": [42]"),
        Arguments.of("granular_markings an object", "\"granular_markings\": {\"marking_ref\": \"" + OTHER_MARKING_ID + "\"}"),
        Arguments.of("a granular marking with neither marking_ref nor lang", "\"granular_markings\": [{\"selectors\": [\"name\"]}]"),
        Arguments.of("a granular marking_ref not a string", "\"granular_markings\": [{\"marking_ref\": 1, \"selectors\": [\"name\"]}]"),
        Arguments.of("a granular marking not an object", "\"granular_markings\": [\"" + OTHER_MARKING_ID + "\"]"));
  }

  /** Markings not of the form §7.2.2 and §7.2.3 give them say nothing known: malformed, which withholds. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedMarkings")
  void of_malformed_flagged(String what, String member) {
    assertThat(Markings.of(json("{\"type\": \"indicator\", " + member + "}")).malformed()).isTrue();
  }

  @Test
  void of_tlpAmongMalformed_levelStillRead() {
    ObjectNode o = json("{\"type\": \"indicator\", \"object_marking_refs\": [7, \"" + TlpIds.TLP1.get("red") + "\"]}");
    assertThat(Markings.of(o).objectTlp()).contains(Tlp.RED);
    assertThat(Markings.of(o).malformed()).isTrue();
  }

  static Stream<Arguments> definitions() {
    List<Arguments> rows = new ArrayList<>();
    for (String colour : List.of("white", "green", "amber", "red")) {
      rows.add(Arguments.of("§7.2.1.4 TLP:" + colour, tlp1Definition(colour),
          new Definition.StandardTlp(colour.equals("white") ? Tlp.CLEAR : Tlp.parse(colour).orElseThrow())));
    }
    for (Tlp level : Tlp.values()) {
      rows.add(Arguments.of("TLP 2.0 " + level.displayName(), tlp2Definition(level), new Definition.StandardTlp(level)));
    }
    rows.add(Arguments.of("§7.2.1.4 without its name", without(tlp1Definition("green"), "name"), new Definition.StandardTlp(Tlp.GREEN)));
    rows.add(Arguments.of("§7.2.1.3 statement", statementDefinition(), new Definition.Statement()));
    rows.add(Arguments.of("an indicator", indicator(), new Definition.NotADefinition()));
    // under a fixed id, anything but the published content is not the standard definition
    rows.add(Arguments.of("TLP:WHITE's id with a description", with(tlp1Definition("white"), "description", "TLP:RED really"), new Definition.Other()));
    rows.add(Arguments.of("TLP:WHITE's id named TLP:RED", with(tlp1Definition("white"), "name", "TLP:RED"), new Definition.Other()));
    rows.add(Arguments.of("TLP:GREEN's id saying amber", json(tlp1Definition("green").toString().replace("{\"tlp\":\"green\"}", "{\"tlp\":\"amber\"}")), new Definition.Other()));
    rows.add(Arguments.of("TLP 2.0 RED's id saying clear", json(tlp2Definition(Tlp.RED).toString().replace("\"tlp_2_0\":\"red\"", "\"tlp_2_0\":\"clear\"")), new Definition.Other()));
    rows.add(Arguments.of("TLP 2.0 CLEAR's id with a custom property", with(tlp2Definition(Tlp.CLEAR), "x_acme_note", "secret"), new Definition.Other()));
    rows.add(Arguments.of("a statement under TLP:GREEN's id", json(statementDefinition().toString().replace(STATEMENT_ID, TlpIds.TLP1.get("green"))), new Definition.Other()));
    rows.add(Arguments.of("TLP 2.0 content under another id", json(tlp2Definition(Tlp.CLEAR).toString().replace(TlpIds.TLP2.get("clear"), OTHER_MARKING_ID)), new Definition.Other()));
    // statements restrict nothing only when nothing else could
    rows.add(Arguments.of("a statement with an extension", json(statementDefinition().toString().replaceFirst("\\}$",
        ", \"extensions\": {\"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e\": {\"extension_type\": \"property-extension\"}}}")), new Definition.Other()));
    rows.add(Arguments.of("a statement with a custom property", with(statementDefinition(), "x_misp_sharing_group", "members"), new Definition.Other()));
    rows.add(Arguments.of("a statement without text", json(statementDefinition().toString().replace("\"statement\":\"Copyright 2019, Example Corp\"", "\"statement\":7")), new Definition.Other()));
    rows.add(Arguments.of("definition_type tlp under another id", json(tlp1Definition("red").toString().replace(TlpIds.TLP1.get("red"), OTHER_MARKING_ID)), new Definition.Other()));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void of_markingDefinition_whatItIs(String what, ObjectNode object, Definition expected) {
    assertThat(Markings.of(object).definition()).isEqualTo(expected);
  }

  @Test
  void status_heldDefinition_statementOrOther() {
    assertThat(MarkingStatus.of(null)).isEqualTo(MarkingStatus.NOT_HELD);
    assertThat(MarkingStatus.of(statementDefinition())).isEqualTo(MarkingStatus.STATEMENT);
    assertThat(MarkingStatus.of(with(statementDefinition(), "x_acme_pap", "red"))).isEqualTo(MarkingStatus.OTHER);
    assertThat(MarkingStatus.of(indicator())).isEqualTo(MarkingStatus.OTHER);
  }

  private static ObjectNode with(ObjectNode o, String name, String value) {
    o.put(name, value);
    return o;
  }

  private static ObjectNode without(ObjectNode o, String name) {
    o.remove(name);
    return o;
  }
}
