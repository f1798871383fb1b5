package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import dev.parley.web.view.ObjectView;
import org.junit.jupiter.api.Test;

/** Issue 13, object page: "all versions with a diff between two". */
class DiffTest {
  static JsonNode json(String s) throws Exception {
    return Json.mapper().readTree(s);
  }

  @Test
  void diff_changedAddedRemoved_listedInOrder() throws Exception {
    JsonNode a = json("{\"id\":\"x\",\"name\":\"old\",\"labels\":[\"a\"],\"gone\":1}");
    JsonNode b = json("{\"id\":\"x\",\"name\":\"new\",\"labels\":[\"a\"],\"added\":true}");
    assertThat(ObjectPages.diff(a, b)).containsExactly(
        new ObjectView.Change("name", "old", "new"),
        new ObjectView.Change("gone", "1", ""),
        new ObjectView.Change("added", "", "true"));
    assertThat(ObjectPages.diff(a, a)).isEmpty();
  }
}
