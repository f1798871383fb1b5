package dev.parley.detect.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The SCOs' member map behaves as the LinkedHashMap it replaces (java.util.Map's contract,
 * insertion order kept, a replaced value keeping its place), so that SCOs print, compare and hash
 * as before.
 */
class SmallMapTest {

  @Test
  void randomOperations_sameAsLinkedHashMap() {
    SplittableRandom r = new SplittableRandom(11);
    for (int round = 0; round < 200; round++) {
      SmallMap<Integer> small = new SmallMap<>(2);
      Map<String, Integer> linked = new LinkedHashMap<>();
      for (int op = 0; op < 60; op++) {
        String key = new String("k" + r.nextInt(12)); // equal keys, not the same objects
        int value = r.nextInt(100);
        switch (r.nextInt(6)) {
          case 0, 1 -> assertThat(small.put(key, value)).isEqualTo(linked.put(key, value));
          case 2 -> assertThat(small.remove(key)).isEqualTo(linked.remove(key));
          case 3 -> assertThat(small.get(key)).isEqualTo(linked.get(key));
          case 4 -> {
            Iterator<Map.Entry<String, Integer>> a = small.entrySet().iterator();
            Iterator<Map.Entry<String, Integer>> b = linked.entrySet().iterator();
            while (b.hasNext()) {
              Map.Entry<String, Integer> eb = b.next();
              Map.Entry<String, Integer> ea = a.next();
              assertThat(ea).isEqualTo(eb);
              if (eb.getValue() % 3 == 0) {
                a.remove();
                b.remove();
              } else if (eb.getValue() % 3 == 1) {
                assertThat(ea.setValue(value)).isEqualTo(eb.setValue(value));
              }
            }
            assertThat(a.hasNext()).isFalse();
          }
          default -> assertThat(small.containsKey(key)).isEqualTo(linked.containsKey(key));
        }
        assertThat(new ArrayList<>(small.entrySet())).isEqualTo(new ArrayList<>(linked.entrySet()));
        assertThat(small).isEqualTo(linked);
        assertThat(small.hashCode()).isEqualTo(linked.hashCode());
        assertThat(small.toString()).isEqualTo(linked.toString());
      }
      small.clear();
      assertThat(small).isEmpty();
    }
  }

  @Test
  void objectNode_onSmallMap_printsAndComparesAsJacksons() {
    ObjectNode small = new ObjectNode(JsonNodeFactory.instance, new SmallMap<>(2));
    ObjectNode plain = JsonNodeFactory.instance.objectNode();
    for (ObjectNode o : List.of(small, plain)) {
      o.put("type", "domain-name").put("value", "a.example");
      o.withArray("resolves_to_refs").add("1");
      o.put("type", "domain-name"); // replaced in place
      o.putObject("extensions").put("x", 1);
      o.remove("extensions");
      o.put("z", true);
    }
    assertThat(small.toString()).isEqualTo(plain.toString());
    assertThat(small).isEqualTo(plain);
    assertThat(plain).isEqualTo(small);
    assertThat(small.hashCode()).isEqualTo(plain.hashCode());
    assertThat(small.deepCopy()).isEqualTo(plain);
  }

  @Test
  void hostileUse_refusedAsCollectionsRefuse() {
    SmallMap<Integer> map = new SmallMap<>(2);
    map.put("a", 1);
    map.put("b", 2);
    Iterator<Map.Entry<String, Integer>> it = map.entrySet().iterator();
    it.next();
    map.put("c", 3);
    assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
    Iterator<Map.Entry<String, Integer>> fresh = map.entrySet().iterator();
    assertThatThrownBy(fresh::remove).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> map.put(null, 1)).isInstanceOf(NullPointerException.class);
    assertThat(map.get(null)).isNull();
    assertThat(map.remove("missing")).isNull();
  }
}
