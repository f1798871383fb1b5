package dev.parley.pattern.value;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address block: an address is a block of one. Host bits past the prefix are
 * cleared, so {@code 198.51.100.7/24} is the block {@code 198.51.100.0/24}. Used by ISSUBSET and
 * ISSUPERSET (STIX 2.1 §9.6.1).
 */
public record Cidr(boolean v6, long high, long low, int prefix) {

  /** Parses {@code a.b.c.d[/n]} or an IPv6 literal {@code [/n]}; null if it is neither. */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    boolean v6 = address.indexOf(':') >= 0;
    int max = v6 ? 128 : 32;
    int prefix = max;
    if (slash >= 0) {
      String bits = text.substring(slash + 1);
      if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) return null;
      prefix = Integer.parseInt(bits);
      if (prefix > max) return null;
    }
    return v6 ? v6(address, prefix) : v4(address, prefix);
  }

  private static Cidr v4(String address, int prefix) {
    long value = v4Address(address);
    return value < 0 ? null : new Cidr(false, 0, value, prefix).masked(prefix);
  }

  /** A dotted-decimal IPv4 address as an unsigned 32-bit value, or -1 when the text is not one. */
  public static long v4Address(String address) {
    // hand-parsed: this runs for every address an indexed ISSUBSET path sees
    long value = 0;
    int octets = 0;
    int digits = 0;
    int octet = 0;
    for (int i = 0; i <= address.length(); i++) {
      char c = i < address.length() ? address.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (++digits > 3) return -1;
        octet = octet * 10 + (c - '0');
      } else if (c == '.') {
        if (digits == 0 || octet > 255 || octets == 4) return -1;
        value = value << 8 | octet;
        octets++;
        digits = 0;
        octet = 0;
      } else {
        return -1;
      }
    }
    return octets == 4 ? value : -1;
  }

  private static Cidr v6(String address, int prefix) {
    if (!address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) return null;
    try {
      // an address containing ':' is parsed as a literal; no name lookup happens
      byte[] bytes = InetAddress.getByName(address).getAddress();
      if (bytes.length == 4) { // an IPv4-mapped address (::ffff:a.b.c.d, ::ffff:0:0), which InetAddress gives as IPv4
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        bytes = mapped;
      }
      if (bytes.length != 16) return null;
      long high = 0;
      long low = 0;
      for (int i = 0; i < 8; i++) high = high << 8 | (bytes[i] & 0xff);
      for (int i = 8; i < 16; i++) low = low << 8 | (bytes[i] & 0xff);
      return new Cidr(true, high, low, prefix).masked(prefix);
    } catch (UnknownHostException | RuntimeException notAnAddress) {
      return null;
    }
  }

  /** This block cut to a shorter prefix. */
  public Cidr masked(int bits) {
    if (!v6) {
      long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
      return new Cidr(false, 0, low & mask, bits);
    }
    long highMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
    long lowMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
    return new Cidr(true, high & highMask, low & lowMask, bits);
  }

  /** True when every address of {@code inner} is in this block (equal blocks contain each other). */
  public boolean contains(Cidr inner) {
    return v6 == inner.v6 && prefix <= inner.prefix && inner.masked(prefix).equals(this);
  }
}
