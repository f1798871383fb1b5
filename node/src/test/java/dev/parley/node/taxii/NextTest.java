package dev.parley.node.taxii;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A {@code next} cursor continues the request of its first page (TAXII 2.1 §3.4, §3.5): alone, with
 * the same parameters, or with another limit; parameters that contradict it are a 400 that names
 * them; a cursor of another endpoint, collection or object, or one this server did not give out as
 * it is, is a 400.
 */
class NextTest {
  private final UUID c = newCollection();
  private final String base = "/api1/collections/" + c + "/";
  private final List<String> indicators = new ArrayList<>();

  /** Seven indicators among malware and relationships, interleaved. */
  private void mixed() {
    List<String> objs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String id = newId("indicator");
      indicators.add(id);
      objs.add(indicator(id, "2020-01-01T00:00:00.000Z"));
      objs.add(malware(newId("malware")));
    }
    assertThat(post(base + "objects/", admin(), envelope(objs.toArray(String[]::new))).json().get("success_count").asInt()).isEqualTo(14);
  }

  private static String next(Reply r) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.json().path("more").asBoolean() ? r.json().get("next").asText() : null;
  }

  private static List<String> ids(Reply r) {
    List<String> out = new ArrayList<>();
    r.json().path("objects").forEach(o -> out.add(o.get("id").asText()));
    return out;
  }

  @Test
  void next_alone_continuesTheFilteredSequence() {
    // the bug: the cursor held only a position, and next alone continued into malware
    mixed();
    Reply first = get(base + "objects/?match[type]=indicator&limit=2", admin());
    List<String> seen = new ArrayList<>(ids(first));
    String next = next(first);
    int pages = 1;
    while (next != null) {
      Reply page = get(base + "objects/?next=" + next, admin());
      assertThat(ids(page)).hasSizeLessThanOrEqualTo(2);
      seen.addAll(ids(page));
      next = next(page);
      pages++;
    }
    assertThat(seen).isEqualTo(indicators);
    assertThat(pages).isEqualTo(4);
  }

  @Test
  void next_withTheSameParametersInAnotherOrder_fine() {
    mixed();
    Reply first = get(base + "objects/?match[type]=indicator,relationship&match[version]=last,first&limit=3", admin());
    Reply second = get(base + "objects/?limit=3&match[version]=first,last&match[type]=relationship,indicator&next=" + next(first), admin());
    assertThat(ids(second)).isEqualTo(indicators.subList(3, 6));
  }

  @Test
  void next_withLimit_changesThePageSizeFromThenOn() {
    mixed();
    Reply first = get(base + "objects/?match[type]=indicator&limit=2", admin());
    Reply second = get(base + "objects/?next=" + next(first) + "&limit=4", admin());
    assertThat(ids(second)).isEqualTo(indicators.subList(2, 6));
    Reply third = get(base + "objects/?next=" + next(second), admin());
    assertThat(ids(third)).isEqualTo(indicators.subList(6, 7));
  }

  @Test
  void next_withContradictingParameters_400NamingIt() {
    mixed();
    String after = "2000-01-01T00:00:00.000000Z";
    Reply first = get(base + "objects/?match[type]=indicator&added_after=" + after + "&limit=2", admin());
    String next = next(first);
    for (String[] contradiction : new String[][] {{"match[type]", "malware"}, {"match[type]", "indicator,malware"},
        {"added_after", "2001-01-01T00:00:00.000000Z"}, {"match[id]", indicators.get(0)}, {"match[version]", "all"},
        {"match[spec_version]", "2.1"}}) {
      Reply r = get(base + "objects/?next=" + next + "&" + contradiction[0] + "=" + contradiction[1], admin());
      assertThat(r.status()).as(contradiction[0]).isEqualTo(400);
      assertThat(r.json().get("description").asText()).as(contradiction[0]).startsWith(contradiction[0] + " contradicts the request that next continues");
    }
    assertThat(get(base + "objects/?next=" + next + "&added_after=2000-01-01T00:00:00Z&match[type]=indicator", admin()).status())
        .as("the same instant written another way").isEqualTo(200);
  }

  @Test
  void next_ofAnotherEndpointCollectionOrObject_400() {
    mixed();
    String objectsNext = next(get(base + "objects/?limit=1", admin()));
    assertThat(get(base + "manifest/?next=" + objectsNext, admin()).json().get("description").asText()).contains("another endpoint");
    UUID other = newCollection();
    Reply elsewhere = get("/api1/collections/" + other + "/objects/?next=" + objectsNext, admin());
    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.json().get("description").asText()).contains("another collection");
    String id = indicators.get(0);
    post(base + "objects/", admin(), envelope(indicator(id, "2021-01-01T00:00:00.000Z")));
    String versionsNext = next(get(base + "objects/" + id + "/versions/?limit=1", admin()));
    Reply otherObject = get(base + "objects/" + indicators.get(1) + "/versions/?next=" + versionsNext, admin());
    assertThat(otherObject.status()).isEqualTo(400);
    assertThat(otherObject.json().get("description").asText()).contains("another object");
    assertThat(get(base + "objects/" + id + "/versions/?next=" + versionsNext, admin()).json().get("versions").get(0).asText())
        .isEqualTo("2021-01-01T00:00:00.000Z");
  }

  @Test
  void next_manifestAlone_keepsItsFilters() {
    mixed();
    Reply first = get(base + "manifest/?match[type]=indicator&limit=5", admin());
    Reply rest = get(base + "manifest/?next=" + next(first), admin());
    assertThat(ids(rest)).isEqualTo(indicators.subList(5, 7));
  }

  @Test
  void next_forgedEditedTruncatedOrOld_400() {
    mixed();
    String next = next(get(base + "objects/?match[type]=indicator&limit=2", admin()));
    byte[] raw = Base64.getUrlDecoder().decode(next);
    raw[raw.length / 2] ^= 1;
    String edited = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String old = Base64.getUrlEncoder().withoutPadding().encodeToString("p1.3".getBytes(StandardCharsets.US_ASCII));
    for (String bad : List.of(edited, next.substring(0, next.length() - 3), "garbage", next + "AA")) {
      Reply r = get(base + "objects/?next=" + bad, admin());
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().get("description").asText()).as(bad).startsWith("next is not a cursor this server gave out");
    }
    Reply r = get(base + "objects/?next=" + old, admin());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).isEqualTo("this cursor is from an older version; start again from the first page");
  }

  @Test
  void next_readOnlyAccountOfOtherCollection_404BeforeTheCursorIsRead() {
    mixed();
    String next = next(get(base + "objects/?limit=1", admin()));
    JsonNode r = get(base + "objects/?next=" + next, account(Map.of())).json();
    assertThat(r.get("http_status").asText()).isEqualTo("404");
  }
}
