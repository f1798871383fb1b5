package dev.parley.pattern.match;

import java.util.function.IntConsumer;

/**
 * The = and IN keys of one path that are IPv4 addresses in canonical dotted-decimal form (no
 * leading zeros), as 32-bit ints: an open-addressing table from address to a chain of entry ids,
 * each slot's address and chain head side by side, so a probe costs one cache line and no string
 * is hashed or compared. Text equality of canonical forms is equality of the addresses, so a
 * canonical value is looked up here and nowhere else; any other text (leading zeros, not an
 * address) stays with the text keys. Built once, then read-only.
 */
final class V4Table {
  private int[] slots = new int[32]; // slot i: slots[2i] = address, slots[2i + 1] = first entry + 1 (0: empty)
  private int size;

  /** Links entry {@code entry} into the chain of {@code address}; entry e's link is {@code pairs[2e + 1]}. */
  void put(int address, int entry, IntList pairs) {
    if (size * 2 >= slots.length / 2) grow(); // load factor 1/2: probes stay in one line
    int i = slot(address, slots);
    if (slots[2 * i + 1] == 0) {
      slots[2 * i] = address;
      size++;
    }
    pairs.set(2 * entry + 1, slots[2 * i + 1] - 1);
    slots[2 * i + 1] = entry + 1;
  }

  /** The first entry for {@code address}, or -1. */
  int get(int address) {
    int[] s = slots;
    int mask = s.length / 2 - 1;
    for (int i = spread(address) & mask; ; i = (i + 1) & mask) {
      int head = s[2 * i + 1];
      if (head == 0) return -1;
      if (s[2 * i] == address) return head - 1;
    }
  }

  int size() {
    return size;
  }

  /** Calls {@code each} with every address held. */
  void forEach(IntConsumer each) {
    for (int i = 0; i < slots.length / 2; i++) if (slots[2 * i + 1] != 0) each.accept(slots[2 * i]);
  }

  /**
   * The address of a canonical dotted-decimal IPv4 text (four decimal octets of at most 255,
   * without leading zeros) as an unsigned value, or -1 for any other text.
   */
  static long canonical(String text) {
    int n = text.length();
    if (n < 7 || n > 15) return -1;
    long value = 0;
    int octets = 0;
    int octet = 0;
    int digits = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits == 3 || digits == 1 && octet == 0) return -1; // too long, or a leading zero
        octet = octet * 10 + (c - '0');
        digits++;
      } else if (c == '.') {
        if (digits == 0 || octet > 255 || octets == 4) return -1;
        value = value << 8 | octet;
        octets++;
        octet = 0;
        digits = 0;
      } else {
        return -1;
      }
    }
    return octets == 4 ? value : -1;
  }

  private static int slot(int address, int[] s) {
    int mask = s.length / 2 - 1;
    int i = spread(address) & mask;
    while (s[2 * i + 1] != 0 && s[2 * i] != address) i = (i + 1) & mask;
    return i;
  }

  private void grow() {
    int[] old = slots;
    slots = new int[old.length * 2];
    for (int i = 0; i < old.length / 2; i++) {
      if (old[2 * i + 1] != 0) {
        int j = slot(old[2 * i], slots);
        slots[2 * j] = old[2 * i];
        slots[2 * j + 1] = old[2 * i + 1];
      }
    }
  }

  private static int spread(int address) {
    int h = address * 0x9E3779B1;
    return h ^ h >>> 15;
  }
}
