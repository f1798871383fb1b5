package dev.parley.detect.telemetry;

import dev.parley.pattern.match.ValueScreen;
import java.time.Instant;

/**
 * Tells a {@code conn} or {@code dns} TSV record that no pattern can match from its fields, before
 * any SCO is built: the objects {@link ZeekRecords#map} would make (the end points' addresses, the
 * query and the answers, the network-traffic joining them) are asked of a {@link ValueScreen},
 * IPv4 addresses as ints read from the line in place, names normalised as the builder would. Any
 * value this class cannot judge exactly as the builder would (escapes, names IDNA must convert)
 * answers "may match", so that the record is built and matched as before; so does a record holding
 * an escape of a byte over 0x7f anywhere, whose values the mapping decodes and, when they are not
 * UTF-8, counts (a record screened out would not be counted). Stateless.
 */
final class ZeekTsvScreen {
  private static final Runnable NO_FAILURE = () -> { }; // ASCII names only: IDNA never runs, never fails

  private ZeekTsvScreen() {}

  /** The record's time when no pattern can match it; null when one may, or when it is not judged here. */
  static Instant unmatched(String path, ZeekTsvRecord f, ValueScreen screen) {
    boolean dns = path.equals("dns");
    if (!dns && !path.equals("conn") || screen.mayMatch("network-traffic")) return null;
    if (f.highEscape()) return null; // bytes that may not be UTF-8: the mapping decodes and counts them
    Instant ts = Times.zeek(f.text("ts"));
    if (ts == null) return null; // malformed: the builder says so
    if (address(f, f.index("id.orig_h"), screen) || address(f, f.index("id.resp_h"), screen)) return null;
    if (dns && (name(f.text("query"), screen) || answers(f, f.index("answers"), screen))) return null;
    return ts;
  }

  /** As {@link ObservationBuilder#address} of the field's text would find: may an address SCO of it match? */
  private static boolean address(ZeekTsvRecord f, int i, ValueScreen screen) {
    if (i < 0 || f.blank(i)) return false;
    // digits and dots only: no escape to decode; anything else is decoded and read as the builder reads it
    long v4 = Normalize.ipv4Address(f.line(), f.start(i), f.end(i));
    if (v4 >= 0) return screen.mayMatchIpv4((int) v4);
    return address(ZeekTsvHeader.unescape(f.line().substring(f.start(i), f.end(i))), screen);
  }

  /**
   * As {@link ObservationBuilder#address}: may the address SCO it makes of this text match? False when
   * the text is no address; an IPv4 address is read without a string of its canonical form.
   */
  static boolean address(String text, ValueScreen screen) {
    if (text == null) return false;
    long v4 = Normalize.ipv4Address(text, 0, text.length());
    if (v4 >= 0) return screen.mayMatchIpv4((int) v4);
    String ip = Normalize.ip(text);
    if (ip == null) return false;
    String node = Normalize.ipv4Mapped(ip); // both SCOs (ObservationBuilder#address)
    return screen.mayMatch(Normalize.isIpv6(ip) ? "ipv6-addr" : "ipv4-addr", ip) || node != null && screen.mayMatch("ipv4-addr", node);
  }

  /**
   * The answers as {@link ZeekTsvRecord#texts} reads them (split as written, then each decoded),
   * each as {@link ZeekRecords#map} reads it (a Zeek label of no host skipped, {@link DnsTypes#zeekLabel}).
   */
  private static boolean answers(ZeekTsvRecord f, int i, ValueScreen screen) {
    if (i < 0 || f.blank(i)) return false;
    String line = f.line();
    String separator = f.setSeparator();
    int end = f.end(i);
    for (int from = f.start(i); ; ) {
      int at = line.indexOf(separator, from);
      int to = at < 0 || at + separator.length() > end ? end : at;
      long v4 = Normalize.ipv4Address(line, from, to);
      if (v4 >= 0 ? screen.mayMatchIpv4((int) v4)
          : !DnsTypes.zeekLabel(line, from, to) && host(ZeekTsvHeader.unescape(line.substring(from, to)), screen)) return true;
      if (to == end) return false;
      from = to + separator.length();
    }
  }

  /** As {@link ObservationBuilder#host}: may the address or domain-name SCO it makes of this text match? */
  static boolean host(String text, ValueScreen screen) {
    if (text == null || text.isEmpty()) return false;
    long v4 = Normalize.ipv4Address(text, 0, text.length()); // most hosts in DNS answers: no string made
    if (v4 >= 0) return screen.mayMatchIpv4((int) v4);
    String stripped = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (Normalize.ip(stripped) != null) return address(stripped, screen);
    if (!Normalize.looksLikeDomain(text)) return false;
    return domainName(text, screen);
  }

  /**
   * As {@link ObservationBuilder#name}, of a text a log gives as a domain name: may the address or
   * domain-name SCO it makes of this text match? Every such text makes one.
   */
  static boolean name(String text, ValueScreen screen) {
    if (text == null || text.isEmpty()) return false;
    long v4 = Normalize.ipv4Address(text, 0, text.length());
    if (v4 >= 0) return screen.mayMatchIpv4((int) v4);
    String stripped = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (Normalize.ip(stripped) != null) return address(stripped, screen);
    return domainName(text, screen);
  }

  /**
   * May the domain-name SCO of this name match? A name whose normal form the builder makes with work
   * or counts (IDNA, a name that is no host name, the root) answers yes: the count is the builder's.
   */
  private static boolean domainName(String text, ValueScreen screen) {
    for (int c = 0; c < text.length(); c++) {
      char ch = text.charAt(c);
      if (ch >= 0x80 || Normalize.notInHostNames(ch)) return true;
    }
    if (Normalize.emptyLabel(text)) return true; // counted by the builder too
    String d = Normalize.domain(text, NO_FAILURE);
    return d == null || screen.mayMatch("domain-name", d);
  }
}
