package dev.parley.detect.telemetry;

import dev.parley.pattern.match.ValueScreen;
import java.time.Instant;

/**
 * Tells a {@code conn} or {@code dns} record of Zeek's JSON form that no pattern can match, before
 * any SCO is built: the objects {@link ZeekRecords#map} would make of it (the end points'
 * addresses, the query and the answers, the network-traffic joining them) are asked of a
 * {@link ValueScreen}, from the texts the mapping reads ({@link ZeekJsonRecord}, decoded)
 * and as the builder reads them ({@link ZeekTsvScreen#address}, {@link ZeekTsvScreen#host}).
 * Records of other logs are not judged, nor a record with a value holding an escape of a byte over
 * 0x7f, which the mapping decodes and counts when it is not UTF-8. Stateless.
 */
final class ZeekJsonScreen {
  private ZeekJsonScreen() {}

  /** The record's time when no pattern can match it; null when one may, or when it is not judged here. */
  static Instant unmatched(String path, ZeekJsonRecord f, ValueScreen screen) {
    boolean dns = path.equals("dns");
    if (!dns && !path.equals("conn") || screen.mayMatch("network-traffic")) return null;
    if (f.highEscape()) return null; // bytes that may not be UTF-8: the mapping decodes and counts them
    Instant ts = Times.zeek(f.text("ts"));
    if (ts == null) return null; // malformed: the mapping says so
    if (ZeekTsvScreen.address(f.text("id.orig_h"), screen) || ZeekTsvScreen.address(f.text("id.resp_h"), screen)) return null;
    if (ZeekTsvScreen.address(f.otherForm("id.orig_h"), screen) || ZeekTsvScreen.address(f.otherForm("id.resp_h"), screen)) return null;
    if (dns) {
      if (ZeekTsvScreen.name(f.text("query"), screen)) return null;
      for (String answer : f.texts("answers")) {
        if (!DnsTypes.zeekLabel(answer, 0, answer.length()) && ZeekTsvScreen.host(answer, screen)) return null;
      }
    }
    return ts;
  }
}
