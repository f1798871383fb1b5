package dev.parley.pattern.eval;

import static dev.parley.pattern.eval.Fixtures.at;
import static dev.parley.pattern.eval.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Observations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluatorTest {

  @ParameterizedTest
  @MethodSource("dev.parley.pattern.eval.SpecCases#comparisons")
  void matches_comparisonTable_expectedVerdict(SpecCases.Case c) {
    assertThat(Evaluator.matches(Patterns.parse(c.pattern()).orThrow(), c.observations())).isEqualTo(c.expected());
  }

  @ParameterizedTest
  @MethodSource("dev.parley.pattern.eval.SpecCases#observationLevel")
  void matches_observationTable_expectedVerdict(SpecCases.Case c) {
    assertThat(Evaluator.matches(Patterns.parse(c.pattern()).orThrow(), c.observations())).isEqualTo(c.expected());
  }

  @Test
  void match_stix21ObjectRefs_followsOnlyListedObjects() {
    // §9.7.4: only SCOs listed in object_refs may be followed
    ObjectNode od = json("{'type':'observed-data','id':'observed-data--1','first_observed':'2020-01-01T00:00:00Z',"
        + "'last_observed':'2020-01-01T00:00:00Z','number_observed':1,'object_refs':['network-traffic--1','ipv4-addr--1']}");
    Map<String, ObjectNode> scos = Map.of(
        "network-traffic--1", json("{'type':'network-traffic','id':'network-traffic--1','src_ref':'ipv4-addr--1','dst_ref':'ipv4-addr--2'}"),
        "ipv4-addr--1", json("{'type':'ipv4-addr','id':'ipv4-addr--1','value':'10.0.0.1'}"),
        "ipv4-addr--2", json("{'type':'ipv4-addr','id':'ipv4-addr--2','value':'10.0.0.2'}"));
    Observation o = Observations.from(od, scos::get).orElseThrow();
    assertThat(Evaluator.match(Patterns.parse("[network-traffic:src_ref.value = '10.0.0.1']").orThrow(), List.of(o)))
        .contains(List.of("observed-data--1"));
    assertThat(Evaluator.matches(Patterns.parse("[network-traffic:dst_ref.value = '10.0.0.2']").orThrow(), List.of(o)))
        .isFalse();
  }

  @Test
  void match_followedBy_returnsBothObservationIds() {
    Observation a = at(0, SpecCases.A);
    Observation b = at(5, SpecCases.B);
    assertThat(Evaluator.match(Patterns.parse("[x-a:v = 1] FOLLOWEDBY [x-b:v = 1]").orThrow(), List.of(b, a)))
        .contains(List.of(b.id(), a.id()));
  }
}
