package dev.parley.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** read(write(x)) == x for arbitrary JSON objects, as JSON Lines and as a pretty-printed document. */
class StixReaderRoundTripTest {
  private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

  @Property(tries = 300)
  void read_writtenObject_equalsOriginal(@ForAll("objects") ObjectNode object) throws Exception {
    String compact = Json.mapper().writeValueAsString(object);
    String pretty = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(object);
    for (String text : List.of(compact + "\n", pretty)) {
      List<StixRecord> records = StixReaderTest.read(text);
      assertThat(records).hasSize(1);
      assertThat(((StixRecord.ObjectRecord) records.get(0)).object()).isEqualTo(object);
    }
  }

  @Provide
  Arbitrary<ObjectNode> objects() {
    return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(12), value(2)).ofMaxSize(6)
        .map(m -> {
          ObjectNode o = NODES.objectNode();
          o.put("type", "x-test"); // not a bundle: the reader streams bundles apart
          for (Map.Entry<String, JsonNode> e : m.entrySet()) if (!e.getKey().equals("type")) o.set(e.getKey(), e.getValue());
          return o;
        });
  }

  private Arbitrary<JsonNode> value(int depth) {
    Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20).map(NODES::textNode),
        // Jackson reads a number that fits an int as an IntNode, so generate what it reads.
        Arbitraries.longs().map(l -> l == (int) (long) l ? NODES.numberNode((int) (long) l) : NODES.numberNode(l)),
        Arbitraries.bigDecimals().ofScale(3).between(BigDecimal.valueOf(-1e6), BigDecimal.valueOf(1e6)).map(NODES::numberNode),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.just(NODES.nullNode()));
    if (depth == 0) return leaf;
    Arbitrary<JsonNode> list = value(depth - 1).list().ofMaxSize(4).map(l -> NODES.arrayNode().addAll(l));
    Arbitrary<JsonNode> map = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), value(depth - 1))
        .ofMaxSize(4).map(m -> {
          ObjectNode o = NODES.objectNode();
          m.forEach(o::set);
          return o;
        });
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, list), net.jqwik.api.Tuple.of(1, map));
  }
}
