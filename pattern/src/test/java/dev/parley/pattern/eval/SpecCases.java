package dev.parley.pattern.eval;

import static dev.parley.pattern.eval.Fixtures.at;
import static dev.parley.pattern.eval.Fixtures.observed;

import dev.parley.pattern.observe.Observation;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tables of cases written from STIX 2.1 §9: a pattern, observed-data, and the verdict. Both
 * engines must give every verdict: the exact evaluator ({@code EvaluatorTest}) and the bulk
 * matcher ({@code SpecCasesBulkTest}).
 */
public final class SpecCases {
  private SpecCases() {}

  /** A pattern, observations in arrival order, and whether the pattern matches them. */
  public record Case(String section, String pattern, List<Observation> observations, boolean expected) {
    @Override
    public String toString() {
      return section + " " + pattern + " -> " + expected;
    }
  }

  static Case c(String section, String pattern, boolean expected, Observation... observations) {
    return new Case(section, pattern, List.of(observations), expected);
  }

  public static final String FILE = "{'0':{'type':'file','name':'foo.dll','size':25536,'hashes':{'SHA-256':'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f','MD5':'79054025255fb1a26e4bc422aef54eb4'},"
      + "'mime_type':'application/x-pdf','created':'2014-01-13T07:03:17Z','magic_number_hex':'ffd8',"
      + "'extensions':{'windows-pebinary-ext':{'sections':[{'entropy':6.5},{'entropy':7.2}]}},"
      + "'parent_directory_ref':'1'},'1':{'type':'directory','path':'C:\\\\Windows\\\\System32'}}";
  public static final String TRAFFIC = "{'0':{'type':'network-traffic','src_ref':'1','dst_ref':'2','protocols':['ipv4','tcp']},"
      + "'1':{'type':'ipv4-addr','value':'203.0.113.10'},'2':{'type':'ipv4-addr','value':'198.51.100.58'}}";
  public static final String SPLIT_TRAFFIC = "{'0':{'type':'network-traffic','src_ref':'1'},'1':{'type':'ipv4-addr','value':'203.0.113.10'},"
      + "'2':{'type':'network-traffic','dst_ref':'3'},'3':{'type':'ipv4-addr','value':'198.51.100.58'}}";
  public static final String HTTP = "{'0':{'type':'network-traffic','dst_ref':'1','protocols':['tcp','http'],'extensions':{'http-request-ext':{"
      + "'request_method':'get','request_value':'/','request_header':{'User-Agent':['EvilBot/1.0'],'Accept':['*/*','text/html']}}}},"
      + "'1':{'type':'ipv4-addr','value':'198.51.100.58'}}";
  public static final String ARTIFACT = "{'0':{'type':'artifact','mime_type':'application/octet-stream','payload_bin':'dGhpcyBpcyBhIHRlc3Q='}}";

  /** One observation expression against one observed-data: §9.6, §9.7. */
  public static Stream<Case> comparisons() {
    return Stream.of(
        // §9.6.1 equality and ordering, with the table's examples
        c("9.6.1 =", "[file:name = 'foo.dll']", true, at(0, FILE)),
        c("9.6.1 =", "[file:name = 'foo.DLL']", false, at(0, FILE)),
        c("9.6.1 !=", "[file:size != 4112]", true, at(0, FILE)),
        c("9.6.1 !=", "[file:size != 25536]", false, at(0, FILE)),
        c("9.6.1 >", "[file:size > 256]", true, at(0, FILE)),
        c("9.6.1 <", "[file:size < 1024]", false, at(0, FILE)),
        c("9.6.1 <=", "[file:size <= 25536]", true, at(0, FILE)),
        c("9.6.1 >=", "[file:size >= 33312]", false, at(0, FILE)),
        c("9.6.1 NOT", "[file:size NOT >= 33312]", true, at(0, FILE)),
        c("9.6.1 IN", "[file:name IN ('proccy', 'foo.dll')]", true, at(0, FILE)),
        c("9.6.1 NOT IN", "[file:name NOT IN ('proccy', 'foo.dll')]", false, at(0, FILE)),
        c("9.6.1 LIKE", "[directory:path LIKE 'C:\\\\Windows\\\\%']", true, at(0, FILE)),
        c("9.6.1 LIKE _", "[file:name LIKE 'foo_dll']", true, at(0, FILE)),
        c("9.6.1 LIKE anchored", "[file:name LIKE 'foo']", false, at(0, FILE)),
        c("9.6.1 MATCHES search", "[file:name MATCHES 'o\\\\.d']", true, at(0, FILE)),
        c("9.6.1 MATCHES anchors", "[directory:path MATCHES '^C:\\\\\\\\Windows\\\\\\\\\\\\w+$']", true, at(0, FILE)),
        c("9.6.1 MATCHES no", "[file:name MATCHES '^oo']", false, at(0, FILE)),
        c("9.6.1 ISSUBSET", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", true, at(0, TRAFFIC)),
        c("9.6.1 ISSUBSET no", "[ipv4-addr:value ISSUBSET '198.51.101.0/24']", false,
            at(0, "{'0':{'type':'ipv4-addr','value':'198.51.100.58'}}")),
        c("9.6.1 ISSUBSET cidr", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", true,
            at(0, "{'0':{'type':'ipv4-addr','value':'198.51.100.0/27'}}")),
        c("9.6.1 ISSUPERSET", "[ipv4-addr:value ISSUPERSET '198.51.100.0/27']", true,
            at(0, "{'0':{'type':'ipv4-addr','value':'198.51.100.0/24'}}")),
        c("9.6.1 ISSUPERSET equal", "[ipv4-addr:value ISSUPERSET '198.51.100.7']", true,
            at(0, "{'0':{'type':'ipv4-addr','value':'198.51.100.7'}}")),
        c("9.6.1 ISSUBSET v6", "[ipv6-addr:value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']", true,
            at(0, "{'0':{'type':'ipv6-addr','value':'2001:db8:dead:beef::1'}}")),
        c("9.6.1 ISSUBSET v4 in v6", "[ipv4-addr:value ISSUBSET '::/0']", false, at(0, TRAFFIC)),
        c("9.6.1 EXISTS", "[EXISTS file:hashes.MD5]", true, at(0, FILE)),
        c("9.6.1 EXISTS absent", "[EXISTS file:hashes.SHA1]", false, at(0, FILE)),
        c("9.6.1 NOT EXISTS", "[NOT EXISTS file:hashes.SHA1]", true, at(0, FILE)),
        // §9.6 absent paths are false whatever the operator
        c("9.6 absent !=", "[file:accessed != 'x']", false, at(0, FILE)),
        c("9.6 absent NOT =", "[file:accessed NOT = 'x']", false, at(0, FILE)),
        c("9.6 unknown type", "[x-unknown:name = 'a']", false, at(0, FILE)),
        // §9.6.1 incompatible types: false, except != which is true
        c("9.6.1 mismatch =", "[file:size = '25536']", false, at(0, FILE)),
        c("9.6.1 mismatch !=", "[file:size != '25536']", true, at(0, FILE)),
        c("9.6.1 mismatch <", "[file:name < 5]", false, at(0, FILE)),
        c("9.2 int vs float", "[file:size = 25536.0]", true, at(0, FILE)),
        c("9.2 no truncation", "[x-thing:ratio = 1]", false, at(0, "{'0':{'type':'x-thing','ratio':1.5}}")),
        c("9.2 float", "[x-thing:ratio > 1]", true, at(0, "{'0':{'type':'x-thing','ratio':1.5}}")),
        c("9.2 boolean", "[x-thing:flag = true]", true, at(0, "{'0':{'type':'x-thing','flag':true}}")),
        c("9.2 timestamp", "[file:created = t'2014-01-13T07:03:17Z']", true, at(0, FILE)),
        c("9.2 timestamp precision", "[file:created = t'2014-01-13T07:03:17.000Z']", true, at(0, FILE)),
        c("9.2 timestamp order", "[file:created > t'2014-01-13T07:03:16.5Z']", true, at(0, FILE)),
        // §9.6.2 code point order, no normalization
        c("9.6.2 longer is greater", "[file:name > 'foo']", true, at(0, FILE)),
        c("9.6.2 combining marks", "[x-thing:s < 'z']", true, at(0, "{'0':{'type':'x-thing','s':'o\u0300'}}")),
        c("9.6.2 precomposed", "[x-thing:s > 'z']", true, at(0, "{'0':{'type':'x-thing','s':'\u00f2'}}")),
        c("9.6.2 no NFC for =", "[x-thing:s = '\u00f2']", false, at(0, "{'0':{'type':'x-thing','s':'o\u0300'}}")),
        c("9.6.2 NFC for LIKE", "[x-thing:s LIKE '\u00f2']", true, at(0, "{'0':{'type':'x-thing','s':'o\u0300'}}")),
        c("9.6.2 code points", "[x-thing:s > '\uffff']", true, at(0, "{'0':{'type':'x-thing','s':'\ud83d\ude00'}}")),
        // §9.6.3 / §9.6.4 binary
        c("9.6.4 base64 text is not the value", "[artifact:payload_bin = 'dGhpcyBpcyBhIHRlc3Q=']", false, at(0, ARTIFACT)),
        c("9.6.4 string to octets", "[artifact:payload_bin = 'this is a test']", true, at(0, ARTIFACT)),
        c("9.6.4 binary", "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']", true, at(0, ARTIFACT)),
        c("9.6.4 hex", "[artifact:payload_bin = h'7468697320697320612074657374']", true, at(0, ARTIFACT)),
        c("9.6.4 unconvertible", "[artifact:payload_bin = 'th\u0100s']", false, at(0, ARTIFACT)),
        c("9.6.4 unconvertible !=", "[artifact:payload_bin != 'th\u0100s']", true, at(0, ARTIFACT)),
        c("9.6.3 unsigned", "[file:magic_number_hex > h'00ff']", true, at(0, FILE)),
        c("9.6.3 longer greater", "[file:magic_number_hex > h'ff']", true, at(0, FILE)),
        c("9.6.1 MATCHES binary", "[artifact:payload_bin MATCHES '^this\\\\x20is']", true, at(0, ARTIFACT)),
        c("9.6.1 MATCHES binary octets", "[file:magic_number_hex MATCHES '^\\\\xff\\\\xd8$']", true, at(0, FILE)),
        // §9.7 paths
        c("9.7.3 dictionary quoted", "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
            true, at(0, FILE)),
        c("9.7.2 [*]", "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]", true, at(0, FILE)),
        c("9.7.2 [0]", "[file:extensions.'windows-pebinary-ext'.sections[0].entropy > 7.0]", false, at(0, FILE)),
        c("9.7.2 out of range", "[file:extensions.'windows-pebinary-ext'.sections[5].entropy > 0]", false, at(0, FILE)),
        c("9.7.2 list index", "[network-traffic:protocols[1] = 'tcp']", true, at(0, TRAFFIC)),
        c("9.7.2 NOT over [*]", "[network-traffic:protocols[*] NOT = 'tcp']", false, at(0, TRAFFIC)),
        c("9.7.4 _ref", "[file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']", true, at(0, FILE)),
        c("9.7.4 _ref value", "[network-traffic:dst_ref.value = '198.51.100.58']", true, at(0, TRAFFIC)),
        // §6.12.2, §6.6: a header's value is a list of strings; named without an index it reads as [*]
        c("6.12.2 header without index", "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'EvilBot/1.0']",
            true, at(0, HTTP)),
        c("6.12.2 header, second of a repeated one", "[network-traffic:extensions.'http-request-ext'.request_header.Accept LIKE 'text/%']",
            true, at(0, HTTP)),
        c("6.12.2 header [*]", "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'[*] = 'EvilBot/1.0']",
            true, at(0, HTTP)),
        c("6.12.2 header [1]", "[network-traffic:extensions.'http-request-ext'.request_header.Accept[1] = 'text/html']",
            true, at(0, HTTP)),
        c("6.12.2 header other value", "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'curl/8.0']",
            false, at(0, HTTP)),
        c("6.12.2 header !=", "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' != 'EvilBot/1.0']",
            false, at(0, HTTP)),
        c("6.12.2 header NOT =", "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' NOT = 'curl/8.0']",
            true, at(0, HTTP)),
        c("6.12.2 header as one string", "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'EvilBot/1.0']",
            true, at(0, "{'0':{'type':'network-traffic','protocols':['http'],'extensions':{'http-request-ext':{'request_method':'get',"
                + "'request_value':'/','request_header':{'User-Agent':'EvilBot/1.0'}}}}}")),
        c("6.12.2 other list stays a list", "[network-traffic:protocols = 'tcp']", false, at(0, TRAFFIC)),
        c("6.12.2 header name in another case (RFC 9110 §5.1)",
            "[network-traffic:extensions.'http-request-ext'.request_header.'user-agent' = 'EvilBot/1.0']", true, at(0, HTTP)),
        c("6.12.2 header name in another case, [*]",
            "[network-traffic:extensions.'http-request-ext'.request_header.'USER-AGENT'[*] = 'EvilBot/1.0']", true, at(0, HTTP)),
        c("6.12.2 other dictionaries keep their case", "[file:hashes.'sha-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
            false, at(0, FILE)),
        c("6.6 e-mail header without index", "[email-message:additional_header_fields.'X-Mailer' = 'Mailer 1']", true,
            at(0, "{'0':{'type':'email-message','is_multipart':false,'additional_header_fields':{'X-Mailer':['Mailer 1']}}}")),
        // §9.5 one SCO for the whole observation expression
        c("9.5 same SCO", "[network-traffic:src_ref.value = '203.0.113.10' AND network-traffic:dst_ref.value = '198.51.100.58']",
            true, at(0, TRAFFIC)),
        c("9.5 split SCOs", "[network-traffic:src_ref.value = '203.0.113.10' AND network-traffic:dst_ref.value = '198.51.100.58']",
            false, at(0, SPLIT_TRAFFIC)),
        c("9.5 OR across types", "[(file:name = 'x' AND file:size = 1) OR (ipv4-addr:value = '203.0.113.10')]", true, at(0, TRAFFIC)),
        c("9.5 AND before OR", "[file:name = 'x' AND file:size = 1 OR file:size = 25536]", true, at(0, FILE)),
        c("9.5 parentheses", "[file:name = 'x' AND (file:size = 1 OR file:size = 25536)]", false, at(0, FILE)),
        // the published grammar's spellings: EQ '=' | '==', NEQ '!=' | '<>'
        c("9.6.1 ==", "[file:name == 'foo.dll']", true, at(0, FILE)),
        c("9.6.1 <>", "[file:size <> 4112]", true, at(0, FILE)),
        c("9.6.1 <> equal", "[file:size <> 25536]", false, at(0, FILE)),
        c("9.6.1 NOT ==", "[file:name NOT == 'foo.dll']", false, at(0, FILE)),
        // §9.6.1 IN over the empty set: no value is one of none; NOT negates that for present values
        c("9.6.1 IN ()", "[file:name IN ()]", false, at(0, FILE)),
        c("9.6.1 NOT IN ()", "[file:name NOT IN ()]", true, at(0, FILE)),
        c("9.6 NOT IN () absent", "[file:accessed NOT IN ()]", false, at(0, FILE)),
        c("9.6.1 NOT IN () in AND", "[file:name = 'foo.dll' AND file:size NOT IN ()]", true, at(0, FILE)),
        // §9.6.1 MATCHES: value and expression in NFC, as the OASIS matcher does
        c("9.6.1 MATCHES NFD expression, NFD value", "[x-thing:s MATCHES '^o\u0300$']", true,
            at(0, "{'0':{'type':'x-thing','s':'o\u0300'}}")),
        c("9.6.1 MATCHES NFD expression, NFC value", "[x-thing:s MATCHES '^o\u0300$']", true,
            at(0, "{'0':{'type':'x-thing','s':'\u00f2'}}")),
        c("9.6.1 MATCHES NFC expression, NFD value", "[x-thing:s MATCHES '\u00f2']", true,
            at(0, "{'0':{'type':'x-thing','s':'o\u0300'}}")),
        c("9.6.1 MATCHES literal prefilter in NFC", "[x-thing:s MATCHES 'ao\u0300b']", true,
            at(0, "{'0':{'type':'x-thing','s':'xa\u00f2by'}}")),
        c("9.6.2 = still exact", "[x-thing:s = 'o\u0300']", false, at(0, "{'0':{'type':'x-thing','s':'\u00f2'}}")),
        // §9.6.4 LIKE over binary values: octets, the pattern converted as a string constant is
        c("9.6.4 LIKE binary prefix", "[artifact:payload_bin LIKE 'this%']", true, at(0, ARTIFACT)),
        c("9.6.4 LIKE binary inside", "[artifact:payload_bin LIKE '%is a%']", true, at(0, ARTIFACT)),
        c("9.6.4 LIKE binary _ is one octet", "[artifact:payload_bin LIKE 'this_is a tes_']", true, at(0, ARTIFACT)),
        c("9.6.4 LIKE binary anchored", "[artifact:payload_bin LIKE 'this']", false, at(0, ARTIFACT)),
        c("9.6.4 LIKE hex octets", "[file:magic_number_hex LIKE '\u00ff%']", true, at(0, FILE)),
        c("9.6.4 LIKE not convertible", "[artifact:payload_bin LIKE '%\u0103%']", false, at(0, ARTIFACT)),
        c("9.6.4 NOT LIKE not convertible", "[artifact:payload_bin NOT LIKE '%\u0103%']", true, at(0, ARTIFACT)),
        c("9.6.4 NOT LIKE binary", "[artifact:payload_bin NOT LIKE '%aardvark%']", true, at(0, ARTIFACT)),
        c("9.6.4 MATCHES not convertible", "[artifact:payload_bin MATCHES '[^\u0103]']", false, at(0, ARTIFACT)),
        c("9.6.4 LIKE text unchanged", "[file:name LIKE 'foo.%']", true, at(0, FILE)));
  }

  public static final String A = "{'0':{'type':'x-a','v':1}}";
  public static final String B = "{'0':{'type':'x-b','v':1}}";

  /** Observation operators and qualifiers over several observed-data: §9.5. */
  public static Stream<Case> observationLevel() {
    return Stream.of(
        // §9.5.2 observation operators need different observations
        c("9.5.2 AND", "[x-a:v = 1] AND [x-b:v = 1]", true, at(0, A), at(5, B)),
        c("9.5.2 AND same observation", "[x-a:v = 1] AND [x-a:v = 1]", false, at(0, A)),
        c("9.5.2 AND two observations", "[x-a:v = 1] AND [x-a:v = 1]", true, at(0, A), at(1, A)),
        c("9.5.2 AND one object of each in one", "[x-a:v = 1] AND [x-b:v = 1]", false,
            at(0, "{'0':{'type':'x-a','v':1},'1':{'type':'x-b','v':1}}")),
        c("9.5.2 OR", "[x-a:v = 1] OR [x-b:v = 2]", true, at(0, A)),
        c("9.5.2 OR none", "[x-a:v = 2] OR [x-b:v = 2]", false, at(0, A), at(0, B)),
        c("9.5.2 FOLLOWEDBY", "[x-a:v = 1] FOLLOWEDBY [x-b:v = 1]", true, at(0, A), at(5, B)),
        c("9.5.2 FOLLOWEDBY equal time", "[x-a:v = 1] FOLLOWEDBY [x-b:v = 1]", true, at(5, A), at(5, B)),
        c("9.5.2 FOLLOWEDBY out of order", "[x-a:v = 1] FOLLOWEDBY [x-b:v = 1]", false, at(5, A), at(0, B)),
        c("9.5.2 FOLLOWEDBY overlapping windows", "[x-a:v = 1] FOLLOWEDBY [x-b:v = 1]", false,
            observed(0, 10, 1, A), observed(5, 20, 1, B)),
        // §9.5.1 qualifiers
        c("9.5.1 WITHIN", "([x-a:v = 1] AND [x-b:v = 1]) WITHIN 10 SECONDS", true, at(0, A), at(9, B)),
        c("9.5.1 WITHIN edge", "([x-a:v = 1] AND [x-b:v = 1]) WITHIN 10 SECONDS", false, at(0, A), at(10, B)),
        c("9.5.1 WITHIN fraction", "([x-a:v = 1] AND [x-b:v = 1]) WITHIN 9.5 SECONDS", true, at(0, A), at(9, B)),
        c("9.5.1 WITHIN own window", "[x-a:v = 1] WITHIN 10 SECONDS", false, observed(0, 30, 1, A)),
        c("9.5.1 REPEATS", "[x-a:v = 1] REPEATS 3 TIMES", true, at(0, A), at(1, A), at(2, A)),
        c("9.5.1 REPEATS too few", "[x-a:v = 1] REPEATS 3 TIMES", false, at(0, A), at(1, A)),
        c("9.1 number_observed counts", "[x-a:v = 1] REPEATS 3 TIMES", true, observed(0, 5, 3, A)),
        c("9.1 number_observed sums", "[x-a:v = 1] REPEATS 3 TIMES", true, observed(0, 5, 2, A), at(7, A)),
        c("9.5.1 REPEATS WITHIN", "[x-a:v = 1] REPEATS 2 TIMES WITHIN 5 SECONDS", false, at(0, A), at(10, A)),
        c("9.5.1 REPEATS WITHIN yes", "[x-a:v = 1] REPEATS 2 TIMES WITHIN 5 SECONDS", true, at(0, A), at(10, A), at(12, A)),
        c("9.5.2 FOLLOWEDBY REPEATS binds right", "[x-b:v = 1] FOLLOWEDBY [x-a:v = 1] REPEATS 2 TIMES", true,
            at(0, B), at(1, A), at(2, A)),
        c("9.5.2 FOLLOWEDBY REPEATS before", "[x-b:v = 1] FOLLOWEDBY [x-a:v = 1] REPEATS 2 TIMES", false,
            at(0, A), at(1, B), at(2, A)),
        c("9.5.2 grouped REPEATS", "([x-b:v = 1] FOLLOWEDBY [x-a:v = 1]) REPEATS 2 TIMES", false,
            at(0, B), at(1, A), at(2, A)),
        c("9.5.2 grouped REPEATS pairs", "([x-b:v = 1] FOLLOWEDBY [x-a:v = 1]) REPEATS 2 TIMES", true,
            at(0, B), at(1, A), at(2, B), at(3, A)),
        c("9.5.1 START STOP", "[x-a:v = 1] START t'2019-10-20T00:00:00Z' STOP t'2019-10-20T00:00:10Z'", true, at(3, A)),
        c("9.5.1 START inclusive", "[x-a:v = 1] START t'2019-10-20T00:00:00Z' STOP t'2019-10-20T00:00:10Z'", true, at(0, A)),
        c("9.5.1 STOP exclusive", "[x-a:v = 1] START t'2019-10-20T00:00:00Z' STOP t'2019-10-20T00:00:10Z'", false, at(10, A)),
        c("9.5 OR of AND", "([x-a:v = 1] AND [x-b:v = 1]) OR [x-a:v = 2]", false, at(0, A)),
        // §9.5.1 several qualifiers of a kind: each applies to everything before it
        c("9.5.1 WITHIN WITHIN", "([x-a:v = 1] AND [x-b:v = 1]) WITHIN 10 SECONDS WITHIN 5 SECONDS", false,
            at(0, A), at(7, B)),
        c("9.5.1 WITHIN WITHIN yes", "([x-a:v = 1] AND [x-b:v = 1]) WITHIN 10 SECONDS WITHIN 5 SECONDS", true,
            at(0, A), at(4, B)),
        c("9.5.1 REPEATS WITHIN WITHIN", "[x-a:v = 1] REPEATS 2 TIMES WITHIN 5 SECONDS WITHIN 10 SECONDS", false,
            at(0, A), at(6, A)),
        c("9.5.1 REPEATS REPEATS", "[x-a:v = 1] REPEATS 2 TIMES REPEATS 2 TIMES", true,
            at(0, A), at(1, A), at(2, A), at(3, A)),
        c("9.5.1 REPEATS REPEATS too few", "[x-a:v = 1] REPEATS 2 TIMES REPEATS 2 TIMES", false,
            at(0, A), at(1, A), at(2, A)),
        c("9.5.1 REPEATS REPEATS counts", "[x-a:v = 1] REPEATS 2 TIMES REPEATS 2 TIMES", true,
            observed(0, 0, 2, A), observed(1, 1, 2, A)),
        c("9.5.1 outer REPEATS counts observed-data once", "[x-a:v = 1] REPEATS 2 TIMES REPEATS 2 TIMES", false,
            observed(0, 0, 4, A)),
        c("9.5.1 REPEATS REPEATS WITHIN", "[x-a:v = 1] REPEATS 2 TIMES WITHIN 2 SECONDS REPEATS 2 TIMES", true,
            at(0, A), at(1, A), at(10, A), at(11, A)),
        c("9.5.1 REPEATS REPEATS WITHIN apart", "[x-a:v = 1] REPEATS 2 TIMES WITHIN 2 SECONDS REPEATS 2 TIMES", false,
            at(0, A), at(5, A), at(10, A), at(15, A)),
        c("9.5.1 START STOP twice", "[x-a:v = 1] START t'2019-10-20T00:00:00Z' STOP t'2019-10-20T00:00:10Z'"
            + " START t'2019-10-20T00:00:05Z' STOP t'2019-10-20T00:00:20Z'", false, at(3, A)),
        c("9.5.1 START STOP twice inside both", "[x-a:v = 1] START t'2019-10-20T00:00:00Z' STOP t'2019-10-20T00:00:10Z'"
            + " START t'2019-10-20T00:00:05Z' STOP t'2019-10-20T00:00:20Z'", true, at(7, A)),
        c("9.5.2 chains of OR", "[x-a:v = 2] OR [x-a:v = 3] OR [x-a:v = 1] OR [x-b:v = 2]", true, at(0, A)),
        c("9.5.2 chains of FOLLOWEDBY", "[x-a:v = 1] FOLLOWEDBY [x-b:v = 1] FOLLOWEDBY [x-a:v = 1] FOLLOWEDBY [x-b:v = 1]",
            true, at(0, A), at(1, B), at(2, A), at(3, B)),
        c("9.5.2 chains of FOLLOWEDBY order", "[x-a:v = 1] FOLLOWEDBY [x-b:v = 1] FOLLOWEDBY [x-a:v = 1] FOLLOWEDBY [x-b:v = 1]",
            false, at(0, A), at(1, B), at(3, A), at(2, B)),
        c("9.5.2 chains of AND", "[x-a:v = 1] AND [x-b:v = 1] AND [x-a:v = 1]", true, at(0, A), at(1, B), at(2, A)),
        c("9.5.2 chains of AND distinct", "[x-a:v = 1] AND [x-b:v = 1] AND [x-a:v = 1]", false, at(0, A), at(1, B)));
  }
}
