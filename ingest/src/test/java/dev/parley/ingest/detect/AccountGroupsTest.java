package dev.parley.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Indicator;
import dev.parley.detect.IndicatorSet;
import dev.parley.stix.Json;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.AddMode;
import dev.parley.store.objects.ConflictPolicy;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A local account's budget group is the same however the collections are read (hostile run 12m:
 * numbered in the order the accounts were first read, a group's number moved after a restart, and
 * the keys of counted records, which name groups, no longer matched: records sent again counted again).
 */
class AccountGroupsTest {
  private static NewObject indicator(String id) throws Exception {
    return NewObject.of((ObjectNode) Json.mapper().readTree("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\","
        + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\","
        + "\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00Z\"}"));
  }

  private static Map<String, Integer> groups(Stores stores, List<UUID> order) {
    CollectionIndicators read = new CollectionIndicators(stores, order);
    read.refresh();
    return read.indicators().indicators().stream().collect(Collectors.toMap(Indicator::id, Indicator::group));
  }

  @Test
  void groups_collectionsReadInAnotherOrder_sameGroups() throws Exception {
    try (Stores stores = Stores.open(StoreConfig.defaults().withDatabase(TestDatabases.url(),
        "account_groups_" + ProcessHandle.current().pid() + "_" + System.nanoTime()), WriteHook.NONE)) {
      UUID first = UUID.randomUUID();
      UUID second = UUID.randomUUID();
      stores.collections().create(new Collection(first, "api1", "first", null, null));
      stores.collections().create(new Collection(second, "api1", "second", null, null));
      String a = "indicator--" + UUID.randomUUID();
      String b = "indicator--" + UUID.randomUUID();
      stores.objects().add(first, List.of(indicator(a)), new AddMode(ConflictPolicy.KEEP, null).writtenBy("w1"));
      stores.objects().add(second, List.of(indicator(b)), new AddMode(ConflictPolicy.KEEP, null).writtenBy("w2"));
      Map<String, Integer> one = groups(stores, List.of(first, second));
      Map<String, Integer> other = groups(stores, List.of(second, first));
      assertThat(one).isEqualTo(other);
      assertThat(one.get(a)).isEqualTo(IndicatorSet.Builder.accountGroup("w1")).isNotEqualTo(one.get(b));
    }
  }
}
