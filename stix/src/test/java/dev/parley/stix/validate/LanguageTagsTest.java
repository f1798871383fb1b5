package dev.parley.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 5646 well-formedness (§2.1) and validity (§2.2.9) against the registry copy. */
class LanguageTagsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      // RFC 5646 Appendix A examples
      "de", "fr", "ja", "i-enochian", "zh-Hant", "zh-Hans", "sr-Cyrl", "sr-Latn", "zh-cmn-Hans-CN", "cmn-Hans-CN",
      "zh-yue-HK", "yue-HK", "zh-Hans-CN", "sr-Latn-RS", "sl-rozaj", "sl-rozaj-biske", "sl-nedis", "de-CH-1901",
      "sl-IT-nedis", "hy-Latn-IT-arevela", "de-DE", "en-US", "es-419", "de-CH-x-phonebk", "az-Arab-x-AZE-derbend",
      "x-whatever", "qaa-Qaaa-QM-x-southern", "de-Qaaa", "sr-Latn-QM", "sr-Qaaa-RS", "en-US-u-islamcal",
      "zh-CN-a-myext-x-private", "en-a-myext-b-another",
      // case does not matter (§2.1.1); grandfathered tags of both kinds
      "EN-us", "en-GB-oed", "art-lojban", "zh-min-nan"})
  void problem_validTags_none(String tag) {
    assertThat(LanguageTags.problem(tag)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // RFC 5646 Appendix A invalid examples
      "de-419-DE", "a-DE", "ar-a-aaa-b-bbb-a-ccc",
      // not well-formed
      "", "en_US", "en-", "-en", "en--US", "english language", "en-toolongsubtag", "x", "en-x", "en-a", "zh-abc-def-ghi-jkl",
      // well-formed, not valid: unregistered subtags, reserved four-letter language, repeated variant
      "english", "xx", "en-QQQQ", "en-OO", "abcd", "de-1901-1901", "sl-rozaj-rozaj", "en-Zzzx"})
  void problem_invalidTags_explained(String tag) {
    assertThat(LanguageTags.problem(tag)).isNotNull().contains("RFC 5646").contains("'" + tag + "'");
  }

  @Test
  void problem_unregisteredSubtag_namesTheRegistryDate() {
    assertThat(LanguageTags.problem("english")).contains("'english' is not a registered language subtag").contains("File-Date 20");
  }
}
