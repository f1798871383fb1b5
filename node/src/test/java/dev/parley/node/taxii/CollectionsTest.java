package dev.parley.node.taxii;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.accounts.Right;
import dev.parley.store.collections.Collection;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CollectionsTest {

  @Test
  void collections_readOnlyAccount_seesOnlyItsCollectionWithRights() {
    UUID mine = newCollection();
    newCollection();
    String auth = account(Map.of(mine.toString(), new Right(true, false)));
    Reply r = get("/api1/collections/", auth);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("collections")).hasSize(1);
    var c = r.json().get("collections").get(0);
    assertThat(c.get("id").asText()).isEqualTo(mine.toString());
    assertThat(c.get("can_read").asBoolean()).isTrue();
    assertThat(c.get("can_write").asBoolean()).isFalse();
    assertThat(c.get("media_types").get(0).asText()).isEqualTo("application/stix+json;version=2.1");
  }

  @Test
  void collections_noRights_noCollectionsProperty() {
    newCollection();
    Reply r = get("/api1/collections/", account(Map.of()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().has("collections")).isFalse();
  }

  @Test
  void collection_visible_200() {
    UUID id = newCollection();
    Reply r = get("/api1/collections/" + id + "/", admin());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("title").asText()).isEqualTo("test " + id);
  }

  @Test
  void collection_invisible_404() {
    UUID id = newCollection();
    assertThat(get("/api1/collections/" + id + "/", account(Map.of())).status()).isEqualTo(404);
  }

  @Test
  void collection_otherApiRoot_404() {
    UUID id = newCollection();
    assertThat(get("/other/collections/" + id + "/", admin()).status()).isEqualTo(404);
  }

  @Test
  void collection_neitherIdNorAlias_404() {
    Reply r = get("/api1/collections/not-a-uuid/", admin());
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("http_status").asText()).isEqualTo("404");
  }

  @Test
  void collection_byAlias_sameAsById() {
    // TAXII 2.1 §5.2.1: the alias "can be used on systems to alias a collection ID"
    UUID id = UUID.randomUUID();
    String alias = "alias-" + id.toString().substring(0, 8);
    get().stores().collections().create(new Collection(id, "api1", "aliased", null, alias));
    Reply byAlias = get("/api1/collections/" + alias + "/", admin());
    assertThat(byAlias.status()).isEqualTo(200);
    assertThat(byAlias.json()).isEqualTo(get("/api1/collections/" + id + "/", admin()).json());
    assertThat(get("/api1/collections/" + alias + "/objects/", admin()).status()).isEqualTo(200);
    assertThat(get("/other/collections/" + alias + "/", admin()).status()).isEqualTo(404);
  }

  @Test
  void collection_wildcardRight_seesEvery() {
    UUID id = newCollection();
    assertThat(get("/api1/collections/" + id + "/", account(Map.of("*", new Right(true, false)))).status()).isEqualTo(200);
  }
}
