package dev.parley.tlog.note;

import dev.parley.tlog.MalformedInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A C2SP signed note, parsed but not verified: its text (ending in a newline) and its signature
 * lines. Use {@link Notes#open} to verify; the text of an unverified note must be ignored.
 */
public record Note(String text, List<NoteSignature> signatures) {
  /** Go's note package refuses more; signed-note asks verifiers to accept at least 16. */
  public static final int MAX_SIGNATURES = 100;

  private static final String DASH = "\u2014 ";

  public Note {
    checkText(text);
    signatures = List.copyOf(signatures);
  }

  /** An unsigned note with this text. */
  public static Note of(String text) {
    return new Note(text, List.of());
  }

  /** This note with one more signature line. */
  public Note with(NoteSignature signature) {
    List<NoteSignature> all = new ArrayList<>(signatures);
    all.add(signature);
    return new Note(text, all);
  }

  /** The note as served: text, a blank line, the signature lines. */
  public String format() {
    StringBuilder out = new StringBuilder(text).append('\n');
    signatures.forEach(signature -> out.append(signature.line()));
    return out.toString();
  }

  /**
   * Parses a signed note; the text is separated from the signatures by the last blank line.
   *
   * @throws MalformedInputException when the bytes are not a well-formed signed note
   */
  public static Note parse(byte[] bytes) {
    String note;
    try {
      note = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedInputException("signed note", "not valid UTF-8");
    }
    return parse(note);
  }

  /** Parses a signed note from text; see {@link #parse(byte[])}. */
  public static Note parse(String note) {
    checkCharacters(note);
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new MalformedInputException("signed note", "no blank line before the signatures");
    }
    String text = note.substring(0, split + 1);
    String block = note.substring(split + 2);
    if (block.isEmpty() || !block.endsWith("\n")) {
      throw new MalformedInputException("signed note", "signature block is empty or lacks its final newline");
    }
    List<NoteSignature> signatures = new ArrayList<>();
    for (String line : block.substring(0, block.length() - 1).split("\n", -1)) {
      if (signatures.size() == MAX_SIGNATURES) {
        throw new MalformedInputException("signed note", "more than " + MAX_SIGNATURES + " signatures");
      }
      signatures.add(parseLine(line));
    }
    return new Note(text, signatures);
  }

  private static NoteSignature parseLine(String line) {
    if (!line.startsWith(DASH)) {
      throw new MalformedInputException("signed note", "signature line must start with an em dash and a space");
    }
    String rest = line.substring(DASH.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw new MalformedInputException("signed note", "signature line lacks a space after the key name");
    }
    String name = rest.substring(0, space);
    if (!KeyNames.isValid(name)) {
      throw new MalformedInputException("signed note", "invalid key name in a signature line");
    }
    byte[] blob = Base64s.decode("signed note", rest.substring(space + 1));
    if (blob.length < 5) {
      throw new MalformedInputException("signed note", "signature shorter than a key ID and one byte");
    }
    int keyId = (blob[0] & 0xFF) << 24 | (blob[1] & 0xFF) << 16 | (blob[2] & 0xFF) << 8 | blob[3] & 0xFF;
    return new NoteSignature(name, keyId, Arrays.copyOfRange(blob, 4, blob.length));
  }

  private static void checkText(String text) {
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new MalformedInputException("signed note", "text must end with a newline");
    }
    checkCharacters(text);
  }

  private static void checkCharacters(String note) {
    for (int i = 0; i < note.length(); i++) {
      char c = note.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new MalformedInputException("signed note", "control character U+" + String.format("%04X", (int) c));
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < note.length() && Character.isLowSurrogate(note.charAt(++i)))) {
        throw new MalformedInputException("signed note", "not valid UTF-8 (lone surrogate)");
      }
    }
  }
}
