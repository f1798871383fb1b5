package dev.parley.detect.telemetry;

/**
 * Which DNS resource records name a host in their data, for the mappings and their screens alike,
 * so that both read the same data. An A or AAAA record's data is an address (RFC 1035 §3.4.1, RFC
 * 3596), a CNAME, NS, PTR, MX or DNAME record's a domain name (RFC 1035 §3.3, RFC 6672); a TXT
 * record's is text, and a name written in it is no host the query resolved to: made a domain-name,
 * it would hit an indicator on that name. SOA and SRV data, which logs write as objects, are read
 * apart ({@link EveRecords#structured}). Stateless.
 */
final class DnsTypes {
  private static final String[] NAMING_HOSTS = {"A", "AAAA", "CNAME", "NS", "PTR", "MX", "DNAME"};

  private DnsTypes() {}

  /**
   * Whether a record of this type (its mnemonic, in any case) has a host as its data; true when the
   * log gives no type, whose data is read as it was before types were told apart.
   */
  static boolean namesHost(String type) {
    if (type == null) return true;
    for (String t : NAMING_HOSTS) if (t.equalsIgnoreCase(type)) return true;
    return false;
  }

  /**
   * Whether text {@code [from, to)} of a Zeek dns.log answer is one of the labels Zeek writes for a
   * record whose data names no host and which would read as a name: "NSEC3", "NSEC3PARAM"
   * (base/protocols/dns/main.zeek; its other such answers, "TXT 12 text", "DS 8 2", "&lt;unknown
   * type=65&gt;", hold spaces and read as no host).
   */
  static boolean zeekLabel(String text, int from, int to) {
    int n = to - from;
    return (n == 5 || n == 10) && text.startsWith("NSEC3", from) && (n == 5 || text.startsWith("PARAM", from + 5));
  }
}
