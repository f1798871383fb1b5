package dev.parley.pattern.observe;

import static dev.parley.pattern.eval.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.eval.Evaluator;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Observed-data in both forms (STIX 2.1 §4.14; 2.0 embedded objects). */
class ObservationsTest {

  @Test
  void from_stix21ObjectRefs_looksUpListedObjects() {
    ObjectNode od = json("{'type':'observed-data','id':'observed-data--1','first_observed':'2020-01-01T00:00:00Z',"
        + "'last_observed':'2020-01-01T00:00:05.5Z','number_observed':3,'object_refs':['file--1','file--2']}");
    Observation o = Observations.from(od, Map.of("file--1", json("{'type':'file','name':'a'}"))::get).orElseThrow();
    assertThat(o.roots()).hasSize(1);
    assertThat(o.numberObserved()).isEqualTo(3);
    assertThat(o.lastObserved().toString()).isEqualTo("2020-01-01T00:00:05.500Z");
  }

  @Test
  void from_stix20Objects_usesDictionary() {
    ObjectNode od = json("{'type':'observed-data','id':'observed-data--2','first_observed':'2020-01-01T00:00:00Z',"
        + "'last_observed':'2020-01-01T00:00:00Z','number_observed':1,'objects':{'0':{'type':'file','name':'a'}}}");
    Observation o = Observations.from(od, id -> null).orElseThrow();
    assertThat(o.dereference("0").path("name").asText()).isEqualTo("a");
  }

  @Test
  void from_emptyObjectsBesideObjectRefs_readsTheRefs() {
    // regression: the OASIS pattern matcher's own 2.1 test data carries "objects": {} and
    // object_refs; the empty dictionary hid the referenced SCOs
    ObjectNode od = json("{'type':'observed-data','id':'observed-data--3','first_observed':'2011-12-03T21:34:41Z',"
        + "'last_observed':'2011-12-03T21:34:41Z','number_observed':1,'objects':{},'object_refs':['x-binary-test--1']}");
    ObjectNode sco = json("{'type':'x-binary-test','id':'x-binary-test--1','name':'alice','name_bin':'YWxpY2U='}");
    Observation o = Observations.from(od, Map.of("x-binary-test--1", sco)::get).orElseThrow();
    assertThat(o.roots()).containsExactly(sco);
    assertThat(Evaluator.matches(Patterns.parse("[x-binary-test:name_bin LIKE '%lic%']").orThrow(), List.of(o))).isTrue();
  }

  @Test
  void from_objectsAndObjectRefs_readsBoth() {
    ObjectNode od = json("{'type':'observed-data','id':'observed-data--4','first_observed':'2020-01-01T00:00:00Z',"
        + "'last_observed':'2020-01-01T00:00:00Z','objects':{'0':{'type':'file','name':'a','parent_directory_ref':'1'},"
        + "'1':{'type':'directory','path':'/tmp'}},'object_refs':['file--2']}");
    Observation o = Observations.from(od, Map.of("file--2", json("{'type':'file','id':'file--2','name':'b'}"))::get)
        .orElseThrow();
    assertThat(o.roots()).hasSize(3);
    assertThat(o.dereference("1").path("path").asText()).isEqualTo("/tmp");
    assertThat(o.dereference("file--2").path("name").asText()).isEqualTo("b");
  }

  @Test
  void from_missingOrBackwardsTimes_empty() {
    assertThat(Observations.from(json("{'type':'observed-data','id':'x'}"), id -> null)).isEmpty();
    assertThat(Observations.from(json("{'type':'observed-data','id':'x','first_observed':'2020-01-02T00:00:00Z',"
        + "'last_observed':'2020-01-01T00:00:00Z'}"), id -> null)).isEmpty();
    assertThat(Observations.from(json("{'type':'indicator','id':'x'}"), id -> null)).isEmpty();
  }

  @Test
  void from_numberObservedOfHugeOrTinyMagnitude_readAtOnce() {
    // regression: asLong() turned 1e-99999999 into a division by 10^99,999,999
    for (String n : new String[] {"1e-99999999", "1e99999999", "5.0", "2"}) {
      ObjectNode od = json("{'type':'observed-data','id':'observed-data--1','first_observed':'2020-01-01T00:00:00Z',"
          + "'last_observed':'2020-01-01T00:00:00Z','number_observed':" + n + ",'objects':{'0':{'type':'file','name':'a'}}}");
      Observation o = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Observations.from(od, id -> null).orElseThrow());
      assertThat(o.numberObserved()).isEqualTo(switch (n) { case "5.0" -> 5L; case "2" -> 2L; default -> 1L; });
    }
  }
}
