package dev.parley.stix;

import static dev.parley.testing.Generators.alpha;
import static dev.parley.testing.Generators.elements;
import static dev.parley.testing.Generators.frequency;
import static dev.parley.testing.Generators.lists;
import static dev.parley.testing.Generators.longs;
import static dev.parley.testing.Generators.strings;
import static dev.parley.testing.Generators.unicode;
import static dev.parley.testing.Generators.zip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.testing.Generator;
import dev.parley.testing.Randomized;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** read(write(x)) == x for arbitrary JSON objects, as JSON Lines and as a pretty-printed document. */
class StixReaderRoundTripTest {
  private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

  @Test
  void read_writtenObject_equalsOriginal() {
    Randomized.check(300, objects(), object -> {
      String compact = Json.mapper().writeValueAsString(object);
      String pretty = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(object);
      for (String text : List.of(compact + "\n", pretty)) {
        List<StixRecord> records = StixReaderTest.read(text);
        assertThat(records).hasSize(1);
        assertThat(((StixRecord.ObjectRecord) records.get(0)).object()).isEqualTo(object);
      }
    });
  }

  /** Objects of up to six members with any Unicode names (UTF-8 carries no lone surrogates). */
  private static Generator<ObjectNode> objects() {
    return lists(zip(strings(unicode(), 1, 12), value(2), Map::entry), 0, 6).map(members -> {
      ObjectNode o = NODES.objectNode();
      o.put("type", "x-test"); // not a bundle: the reader streams bundles apart
      for (Map.Entry<String, JsonNode> e : members) if (!e.getKey().equals("type")) o.set(e.getKey(), e.getValue());
      return o;
    });
  }

  private static Generator<JsonNode> value(int depth) {
    Generator<JsonNode> leaf = frequency(new int[] {1, 1, 1, 1, 1},
        strings(unicode(), 0, 20).map(NODES::textNode),
        // Jackson reads a number that fits an int as an IntNode, so generate what it reads.
        longs(Long.MIN_VALUE, Long.MAX_VALUE).map(l -> l == (int) (long) l ? NODES.numberNode((int) (long) l) : NODES.numberNode(l)),
        longs(-1_000_000_000L, 1_000_000_000L).map(thousandths -> NODES.numberNode(BigDecimal.valueOf(thousandths, 3))),
        elements(false, true).map(NODES::booleanNode),
        elements(NODES.nullNode()));
    if (depth == 0) return leaf;
    Generator<JsonNode> list = lists(value(depth - 1), 0, 4).map(l -> NODES.arrayNode().addAll(l));
    Generator<JsonNode> map = lists(zip(strings(alpha(), 1, 8), value(depth - 1), Map::entry), 0, 4).map(members -> {
      ObjectNode o = NODES.objectNode();
      members.forEach(e -> o.set(e.getKey(), e.getValue()));
      return o;
    });
    return frequency(new int[] {4, 1, 1}, leaf, list, map);
  }
}
