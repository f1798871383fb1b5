package dev.parley.policy.agreement;

import static dev.parley.policy.agreement.LocalCollections.INBOX;
import static dev.parley.policy.agreement.LocalCollections.INTEL;
import static dev.parley.policy.agreement.LocalCollections.RESOLVER;
import static dev.parley.policy.agreement.LocalCollections.SIGHTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.policy.Tlp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Agreement files as the specification of federation writes them (its "Agreements" section). */
class AgreementTest {

  static Agreement valid(String json) {
    Parsed parsed = Agreement.parse(json, RESOLVER);
    assertThat(parsed).as("%s", parsed).isInstanceOf(Parsed.Valid.class);
    return ((Parsed.Valid) parsed).agreement();
  }

  @Test
  void parse_issueExample_valid() {
    Agreement a = valid("""
        {
          "share":   [ { "collection": "intel", "max_tlp": "green", "types": ["indicator", "malware"], "unmarked": "withhold" } ],
          "receive": [ { "collection": "their-intel", "into": "sightings" } ],
          "push":    [ { "collection": "intel", "to": "their-inbox" } ],
          "accept":  [ { "collection": "%s" } ],
          "relay": false
        }""".formatted(INBOX));
    assertThat(a.share()).containsExactly(
        new Share(INTEL, Tlp.GREEN, Optional.of(Set.of("indicator", "malware")), Unmarked.WITHHOLD, DanglingRefs.WITHHOLD));
    assertThat(a.receive()).containsExactly(new Receive("their-intel", SIGHTINGS));
    assertThat(a.push()).containsExactly(new Push(INTEL, "their-inbox"));
    assertThat(a.accept()).containsExactly(new Accept(INBOX));
    assertThat(a.relay()).isFalse();
    assertThat(a.feedback()).isEmpty();
  }

  @Test
  void parse_everyKey_valid() {
    Agreement a = valid("""
        {"share": [{"collection": "intel", "max_tlp": "amber+strict", "unmarked": "amber", "dangling_refs": "serve"},
                   {"collection": "sightings", "max_tlp": "clear", "types": ["sighting"], "unmarked": "clear"}],
         "relay": true, "feedback": ["sighting"]}""");
    assertThat(a.shareFor(INTEL)).contains(new Share(INTEL, Tlp.AMBER_STRICT, Optional.empty(), Unmarked.AMBER, DanglingRefs.SERVE));
    assertThat(a.shareFor(SIGHTINGS).orElseThrow().allowsType("sighting")).isTrue();
    assertThat(a.shareFor(SIGHTINGS).orElseThrow().allowsType("indicator")).isFalse();
    assertThat(a.shareFor(INBOX)).isEmpty();
    assertThat(a.relay()).isTrue();
    assertThat(a.feedback()).containsExactly(Feedback.SIGHTING);
  }

  /** Every key is optional: an empty agreement shares nothing, pulls nothing, accepts nothing. */
  @Test
  void parse_emptyObject_none() {
    assertThat(valid("{}")).isEqualTo(Agreement.NONE);
    assertThat(valid("{\"share\": [], \"receive\": [], \"push\": [], \"accept\": [], \"relay\": false, \"feedback\": []}"))
        .isEqualTo(Agreement.NONE);
  }

  /** The canonical form: RFC 8785, every default written out, local collections as ids, lists in order. */
  @Test
  void toJson_canonicalForm_exact() {
    Agreement a = valid("""
        {"relay": true,
         "share": [{"max_tlp": "green", "collection": "sightings", "types": ["sighting", "indicator"]}, {"collection": "intel", "max_tlp": "clear"}],
         "push": [{"to": "b", "collection": "intel"}], "receive": [{"collection": "x", "into": "intel"}]}""");
    assertThat(a.toJson()).isEqualTo(
        "{\"accept\":[],\"feedback\":[],\"push\":[{\"collection\":\"" + INTEL + "\",\"to\":\"b\"}],"
        + "\"receive\":[{\"collection\":\"x\",\"into\":\"" + INTEL + "\"}],\"relay\":true,"
        + "\"share\":[{\"collection\":\"" + SIGHTINGS + "\",\"dangling_refs\":\"withhold\",\"max_tlp\":\"green\","
        + "\"types\":[\"indicator\",\"sighting\"],\"unmarked\":\"withhold\"},"
        + "{\"collection\":\"" + INTEL + "\",\"dangling_refs\":\"withhold\",\"max_tlp\":\"clear\",\"unmarked\":\"withhold\"}]}");
  }

  @Test
  void hash_sha256OfCanonicalForm() throws Exception {
    Agreement a = valid("{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"amber\"}]}");
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(a.toJson().getBytes(StandardCharsets.UTF_8));
    assertThat(a.hash()).isEqualTo(HexFormat.of().formatHex(digest)).hasSize(64);
  }

  /** Two files that say the same (aliases or ids, any order, defaults written or not) are one agreement, one hash. */
  @Test
  void parse_sameMeaningOtherSpelling_equalAndSameHash() {
    Agreement first = valid("""
        {"share": [{"collection": "intel", "max_tlp": "green"}, {"collection": "sightings", "max_tlp": "clear", "types": ["sighting", "note"]}],
         "accept": [{"collection": "intel"}, {"collection": "sightings"}]}""");
    Agreement second = valid("""
        {"accept": [{"collection": "%s"}, {"collection": "%s"}], "relay": false, "feedback": [],
         "share": [{"collection": "%s", "max_tlp": "clear", "types": ["note", "sighting"], "unmarked": "withhold"},
                   {"collection": "%s", "max_tlp": "green", "dangling_refs": "withhold"}]}"""
        .formatted(SIGHTINGS, INTEL, SIGHTINGS, INTEL));
    assertThat(second).isEqualTo(first);
    assertThat(second.hash()).isEqualTo(first.hash());
  }

  @Test
  void parse_differentMeaning_differentHash() {
    assertThat(valid("{\"relay\": true}").hash()).isNotEqualTo(valid("{}").hash());
    assertThat(valid("{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\"}]}").hash())
        .isNotEqualTo(valid("{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"amber\"}]}").hash());
  }

  @Test
  void share_red_refusedByConstructor() {
    assertThatThrownBy(() -> Share.of(INTEL, Tlp.RED)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never leaves");
    assertThatThrownBy(() -> new Share(INTEL, Tlp.GREEN, Optional.of(Set.of()), Unmarked.WITHHOLD, DanglingRefs.WITHHOLD))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void agreement_duplicateShare_refusedByConstructor() {
    assertThatThrownBy(() -> new Agreement(List.of(Share.of(INTEL, Tlp.GREEN), Share.of(INTEL, Tlp.CLEAR)), List.of(), List.of(), List.of(), false, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
