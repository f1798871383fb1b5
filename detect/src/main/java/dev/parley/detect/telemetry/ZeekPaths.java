package dev.parley.detect.telemetry;

import java.util.Set;
import java.util.function.Predicate;

/** Which Zeek log a record belongs to: from {@code _path}, the file name, or its field names. */
final class ZeekPaths {
  private ZeekPaths() {}

  /**
   * The logs Zeek writes by default (its base scripts' {@code Log::create_stream} paths): a file
   * named after one of them holds that log.
   */
  private static final Set<String> LOGS = Set.of("conn", "dns", "http", "ssl", "files", "x509", "smtp",
      "weird", "notice", "dhcp", "dce_rpc", "dpd", "ftp", "irc", "kerberos", "ldap", "ldap_search", "modbus", "mqtt_connect",
      "mysql", "ntlm", "ntp", "pe", "quic", "radius", "rdp", "rfb", "sip", "smb_files", "smb_mapping", "snmp", "socks", "software",
      "ssh", "syslog", "tunnel", "analyzer", "known_hosts", "known_services", "known_certs", "intel", "signatures", "traceroute",
      "capture_loss", "stats", "reporter", "loaded_scripts", "packet_filter", "conn_long", "websocket", "ocsp", "dnp3");

  /**
   * The path a file name gives: {@code conn.log} and {@code conn.00:00:00-01:00:00.log} are conn;
   * null for stdin and for a name that is no Zeek log's ({@code zeek.json}: the fields tell).
   */
  static String fromFileName(String source) {
    if (source == null || source.equals("-")) return null;
    String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    int dot = name.indexOf('.');
    String path = dot > 0 ? name.substring(0, dot) : null;
    return path != null && LOGS.contains(path) ? path : null;
  }

  /** A path guessed from which fields a record has, for records that name none. */
  static String infer(Predicate<String> has) {
    if (has.test("query") || has.test("qtype_name")) return "dns";
    if (has.test("mailfrom") || has.test("rcptto") || has.test("helo") || has.test("from") || has.test("reply_to")
        || has.test("to") && has.test("subject")) return "smtp";
    if (has.test("certificate.serial") || has.test("certificate.subject")) return "x509";
    if (has.test("cert_chain_fps") || has.test("server_name") || has.test("cipher")) return "ssl";
    if (has.test("method") || has.test("uri") || has.test("user_agent")) return "http";
    if (has.test("fuid") && (has.test("md5") || has.test("sha1") || has.test("sha256") || has.test("mime_type"))) return "files";
    if (has.test("conn_state") || has.test("history") || has.test("orig_bytes")) return "conn";
    return "unknown";
  }
}
