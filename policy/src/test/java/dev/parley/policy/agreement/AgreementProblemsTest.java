package dev.parley.policy.agreement;

import static dev.parley.policy.agreement.LocalCollections.INTEL;
import static dev.parley.policy.agreement.LocalCollections.RESOLVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refused agreement files: each problem at its JSON pointer, and no agreement ("A malformed agreement,
 * an unknown collection, an unknown key or an unknown TLP value is refused with a located message").
 */
class AgreementProblemsTest {

  static Stream<Arguments> refused() {
    return Stream.of(
        // not JSON, or not one JSON object
        row("bad JSON", "{\"share\": [}", "", "line 1, column 12: "),
        row("empty file", "  \n", "", "the file is empty"),
        row("more after the object", "{} {}", "", "more text after the agreement's end"),
        row("a repeated key", "{\"relay\": false, \"relay\": true}", "", "Duplicate field 'relay'"),
        row("a list, not an object", "[]", "", "an agreement is a JSON object, found a list"),
        // the parser's bounds in the agreement's words, located (a hostile run read "StreamReadConstraints", then
        // "/: Document nesting depth (1001) exceeds the maximum allowed (1000", cut off and without line and column)
        // (the object is the first level: the 1,000th bracket, at column 1005, is the 1,001st level)
        row("nested past the bound", "{\"x\":" + "[".repeat(1200) + "]".repeat(1200) + "}", "", "line 1, column 1005: nested deeper than 1,000 levels"),
        row("nested past the bound, never closed", "[".repeat(100_000), "", "line 1, column 1001: nested deeper than 1,000 levels"),
        row("a number past the bound", "{\"relay\": " + "1".repeat(1001) + "}", "", "line 1, column 1012: a number longer than 1,000 characters"),
        // unknown keys, anywhere
        row("unknown top-level key", "{\"shares\": []}", "/shares", "unknown key 'shares' (did you mean 'share'?)"),
        row("unknown share key", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\", \"max_tpl\": \"red\"}]}",
            "/share/0/max_tpl", "unknown key 'max_tpl' (did you mean 'max_tlp'?); a share entry has collection, max_tlp, types, unmarked and dangling_refs"),
        // within two edits, a transposition one, short keys too (hostile run 10ap: relya, psuh and rly had no suggestion)
        row("transposed short key", "{\"relya\": true}", "/relya", "unknown key 'relya' (did you mean 'relay'?)"),
        row("transposed four-letter key", "{\"psuh\": []}", "/psuh", "unknown key 'psuh' (did you mean 'push'?)"),
        row("short key two letters short", "{\"rly\": true}", "/rly", "unknown key 'rly' (did you mean 'relay'?)"),
        row("unknown receive key", "{\"receive\": [{\"collection\": \"x\", \"into\": \"intel\", \"since\": \"2020\"}]}", "/receive/0/since", "unknown key 'since'"),
        row("unknown push key", "{\"push\": [{\"collection\": \"intel\", \"to\": \"x\", \"filter\": 1}]}", "/push/0/filter", "unknown key 'filter'"),
        row("unknown accept key", "{\"accept\": [{\"collection\": \"intel\", \"write\": true}]}", "/accept/0/write", "unknown key 'write'"),
        row("unknown key with / and ~", "{\"a/b~c\": 1}", "/a~1b~0c", "unknown key 'a/b~c'"),
        // TLP values
        row("max_tlp red", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"red\"}]}", "/share/0/max_tlp", "red is refused: TLP:RED never leaves this node"),
        row("max_tlp upper case", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"GREEN\"}]}", "/share/0/max_tlp",
            "'GREEN' is not a TLP level: clear, green, amber or amber+strict (written in lower case: green)"),
        row("max_tlp white", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"white\"}]}", "/share/0/max_tlp", "(TLP 2.0 calls white clear)"),
        row("max_tlp unknown", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"pap:red\"}]}", "/share/0/max_tlp", "'pap:red' is not a TLP level"),
        row("max_tlp missing", "{\"share\": [{\"collection\": \"intel\"}]}", "/share/0", "needs 'max_tlp'"),
        row("unmarked red", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\", \"unmarked\": \"red\"}]}", "/share/0/unmarked",
            "'red' is not one of withhold, clear, green or amber"),
        row("dangling_refs unknown", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\", \"dangling_refs\": \"yes\"}]}", "/share/0/dangling_refs",
            "'yes' is not one of withhold or serve"),
        // collections
        row("unknown share collection", "{\"share\": [{\"collection\": \"secret\", \"max_tlp\": \"green\"}]}", "/share/0/collection",
            "no local collection has the id or alias 'secret'"),
        row("unknown receive into", "{\"receive\": [{\"collection\": \"x\", \"into\": \"nowhere\"}]}", "/receive/0/into", "no local collection"),
        row("unknown push collection", "{\"push\": [{\"collection\": \"nowhere\", \"to\": \"x\"}]}", "/push/0/collection", "no local collection"),
        row("unknown accept collection", "{\"accept\": [{\"collection\": \"nowhere\"}]}", "/accept/0/collection", "no local collection"),
        row("share collection missing", "{\"share\": [{\"max_tlp\": \"green\"}]}", "/share/0", "needs 'collection': a local collection's id or alias"),
        row("receive into missing", "{\"receive\": [{\"collection\": \"x\"}]}", "/receive/0", "needs 'into'"),
        row("push to missing", "{\"push\": [{\"collection\": \"intel\"}]}", "/push/0", "needs 'to': the peer's collection"),
        row("NUL in a peer's collection", "{\"push\": [{\"collection\": \"intel\", \"to\": \"x\\u0000y\"}]}", "/push/0/to",
            "must not contain U+0000"),
        row("NUL in a local collection", "{\"share\": [{\"collection\": \"intel\\u0000\", \"max_tlp\": \"green\"}]}",
            "/share/0/collection", "must not contain U+0000"),
        row("empty collection", "{\"receive\": [{\"collection\": \"\", \"into\": \"intel\"}]}", "/receive/0/collection", "must not be empty"),
        // types
        row("empty types", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\", \"types\": []}]}", "/share/0/types",
            "an empty list would serve no type; leave 'types' out to serve every type"),
        row("bad type name", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\", \"types\": [\"indicator\", \"Malware\"]}]}",
            "/share/0/types/1", "'Malware' is not a STIX type name"),
        row("bundle as a type", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\", \"types\": [\"bundle\"]}]}",
            "/share/0/types/0", "'bundle' is a wrapper of objects"),
        row("type listed twice", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\", \"types\": [\"indicator\", \"indicator\"]}]}",
            "/share/0/types/1", "'indicator' is listed twice"),
        // duplicates
        row("duplicate share, alias and id", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\"}, {\"collection\": \"" + INTEL + "\", \"max_tlp\": \"clear\"}]}",
            "/share/1/collection", "the collection is shared already by /share/0"),
        // said beside the first entry's own problem (hostile run 10ax D3: only the wrong max_tlp was said)
        row("duplicate share, the first entry wrong", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"GREEN\"}, {\"collection\": \""
            + INTEL + "\", \"max_tlp\": \"green\"}]}", "/share/1/collection", "the collection is shared already by /share/0"),
        row("duplicate receive", "{\"receive\": [{\"collection\": \"x\", \"into\": \"intel\"}, {\"collection\": \"x\", \"into\": \"" + INTEL + "\"}]}",
            "/receive/1", "the same as /receive/0"),
        row("duplicate push", "{\"push\": [{\"collection\": \"intel\", \"to\": \"x\"}, {\"collection\": \"intel\", \"to\": \"x\"}]}", "/push/1", "the same as /push/0"),
        row("duplicate accept", "{\"accept\": [{\"collection\": \"intel\"}, {\"collection\": \"intel\"}]}", "/accept/1/collection", "accepted already by /accept/0"),
        row("duplicate feedback", "{\"feedback\": [\"sighting\", \"sighting\"]}", "/feedback/1", "'sighting' is listed twice"),
        // wrong value types
        row("relay a string", "{\"relay\": \"false\"}", "/relay", "must be true or false, found a string"),
        row("share an object", "{\"share\": {\"collection\": \"intel\", \"max_tlp\": \"green\"}}", "/share", "must be a list of entries, found an object"),
        row("share entry a string", "{\"share\": [\"intel\"]}", "/share/0", "an entry of share is an object, found a string"),
        row("share null", "{\"share\": null}", "/share", "found null"),
        row("collection a number", "{\"accept\": [{\"collection\": 7}]}", "/accept/0/collection", "must be a string, found a number"),
        row("max_tlp a number", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": 2}]}", "/share/0/max_tlp", "must be a string, found a number"),
        row("types a string", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\", \"types\": \"indicator\"}]}", "/share/0/types",
            "must be a list of STIX type names, found a string"),
        row("a type a number", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\", \"types\": [1]}]}", "/share/0/types/0", "found a number"),
        row("unmarked a boolean", "{\"share\": [{\"collection\": \"intel\", \"max_tlp\": \"green\", \"unmarked\": false}]}", "/share/0/unmarked", "found a boolean"),
        row("feedback a string", "{\"feedback\": \"sighting\"}", "/feedback", "must be a list, found a string"),
        row("feedback unknown", "{\"feedback\": [\"opinion\"]}", "/feedback/0", "'opinion' is not one of sighting"));
  }

  private static Arguments row(String what, String json, String pointer, String message) {
    return Arguments.of(what, json, pointer, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void parse_refusedFile_locatedProblem(String what, String json, String pointer, String message) {
    Parsed parsed = Agreement.parse(json, RESOLVER);
    assertThat(parsed).isInstanceOf(Parsed.Invalid.class);
    List<Problem> problems = ((Parsed.Invalid) parsed).problems();
    assertThat(problems).as("%s", problems).anySatisfy(p -> {
      assertThat(p.pointer()).isEqualTo(pointer);
      assertThat(p.message()).contains(message).doesNotContain("StreamReadConstraints").doesNotContain("[Source:");
    });
  }

  /** One pass names every problem, in the order of the file; the valid parts do not make an agreement. */
  @Test
  void parse_severalProblems_allInOrder() {
    Parsed parsed = Agreement.parse("""
        {"share": [{"collection": "intel", "max_tlp": "red", "typos": []}, {"collection": "nowhere", "max_tlp": "green"}],
         "accept": [{"collection": "intel"}], "relay": 1}""", RESOLVER);
    assertThat(((Parsed.Invalid) parsed).problems()).extracting(Problem::toString).containsExactly(
        "/share/0/max_tlp: red is refused: TLP:RED never leaves this node",
        "/share/0/typos: unknown key 'typos' (did you mean 'types'?); a share entry has collection, max_tlp, types, unmarked and dangling_refs",
        "/share/1/collection: no local collection has the id or alias 'nowhere'",
        "/relay: must be true or false, found a number");
  }

  /**
   * The order is where each value is written, whatever order the checks run in: an unknown key
   * written after a bad entry comes after it; a missing member sorts with its entry; a key holding
   * '/' is found through its escaped pointer (RFC 6901 §3).
   */
  @Test
  void parse_problemsAcrossLevels_inTheOrderWritten() {
    Parsed parsed = Agreement.parse("""
        {"accept": [{"collection": "nowhere"}], "share": [{"collection": "intel"}, {"max_tlp": "red", "collection": "nowhere"}],
         "a/b": 1, "recieve": []}""", RESOLVER);
    assertThat(((Parsed.Invalid) parsed).problems()).extracting(Problem::pointer).containsExactly(
        "/accept/0/collection", "/share/0", "/share/1/max_tlp", "/share/1/collection", "/a~1b", "/recieve");
  }

  @Test
  void problem_wholeFile_readsSlash() {
    assertThat(new Problem("", "the file is empty").toString()).isEqualTo("/: the file is empty");
  }
}
