package org.dataelements.factory.curation.trace;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The residue cell of a PRiF sample sheet ("Pesticide residues found in mg/kg (MRL)"), read as
 * delivered: one or more {@code <pesticide> <mg/kg>[*] (MRL = <mg/kg>[*])} (or {@code (No MRL)}),
 * separated by white space, line breaks, commas or semicolons — e.g. {@code captan (sum) 1.9 (MRL =
 * 10)} — or a statement that nothing was detected ({@code None were detected above the set RL}). An
 * asterisk after the value marks a residue reported on a fat basis, after the MRL an MRL set at the
 * limit of determination; both are kept in the residue's text only.
 */
final class ResidueCells {
  private ResidueCells() {}

  /** What a cell holds. */
  enum Kind {
    /** One or more residues with value and MRL. */
    RESIDUES,
    /** Nothing detected above the reporting limit. */
    NOT_DETECTED,
    /** An empty cell. */
    EMPTY,
    /** Text that is neither; {@link Cell#unparsed} holds the part that could not be read. */
    UNPARSED
  }

  /** One residue: the analyte as written, its value and MRL in mg/kg, and its text in the cell. */
  record Residue(String analyte, double valueMgKg, OptionalDouble limitMgKg, String text) {
    Residue {
      requireNonNull(analyte, "analyte is null");
      requireNonNull(limitMgKg, "limitMgKg is null");
      requireNonNull(text, "text is null");
    }
  }

  /** A parsed cell: its kind, its residues (for RESIDUES), the unreadable part (for UNPARSED). */
  record Cell(Kind kind, List<Residue> residues, Optional<String> unparsed) {
    Cell {
      requireNonNull(kind, "kind is null");
      residues = List.copyOf(residues);
      requireNonNull(unparsed, "unparsed is null");
    }

    static Cell of(Kind kind) {
      return new Cell(kind, List.of(), Optional.empty());
    }
  }

  private static final String NUMBER = "(?:\\d+(?:\\.\\d*)?|\\.\\d+)";

  /**
   * One residue from the current position: the shortest name (on one line) followed by a value and
   * the bracketed MRL. The name must hold a letter (checked after matching).
   */
  private static final Pattern RESIDUE =
      Pattern.compile(
          "(?<name>[^\\s;,][^\\n\\r]*?)\\s+(?<value>"
              + NUMBER
              + ")\\s*\\**\\s*\\(\\s*(?:MRL\\s*[=:]?\\s*(?<mrl>"
              + NUMBER
              + ")\\s*\\**\\s*(?:mg\\s*/\\s*kg)?|no\\s+MRL(?:\\s+set)?)\\s*\\)",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SEPARATORS = Pattern.compile("(?:[\\s;,]|\\band\\b)+");

  private static final Pattern NOTHING_DETECTED =
      Pattern.compile(
          "(?:none|no\\s+(?:pesticide\\s+)?residues?)(?:\\s+(?:were|was))?\\s+(?:detected|found)"
              + "(?:\\s+above\\s+the\\s+(?:set\\s+)?(?:RL|reporting\\s+limits?|LOQ"
              + "|limits?\\s+of\\s+(?:quantification|determination|detection)))?\\s*\\.?"
              + "|none|n\\s*/?\\s*d|not\\s+detected",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern LETTER = Pattern.compile("\\p{L}");

  /** A name holding "MRL" swallowed a malformed residue before it. */
  private static final Pattern MRL_WORD = Pattern.compile("\\bMRL\\b", Pattern.CASE_INSENSITIVE);

  /** Parses a cell (null is empty). */
  static Cell parse(String cell) {
    if (cell == null || cell.isBlank()) {
      return Cell.of(Kind.EMPTY);
    }
    String text = cell.replace('\u00a0', ' ').strip();
    if (NOTHING_DETECTED.matcher(text).matches()) {
      return Cell.of(Kind.NOT_DETECTED);
    }
    List<Residue> residues = new ArrayList<>();
    Matcher sep = SEPARATORS.matcher(text);
    Matcher m = RESIDUE.matcher(text);
    int pos = 0;
    while (true) {
      sep.region(pos, text.length());
      if (sep.lookingAt()) {
        pos = sep.end();
      }
      if (pos >= text.length()) {
        break;
      }
      m.region(pos, text.length());
      if (!m.lookingAt()
          || !LETTER.matcher(m.group("name")).find()
          || MRL_WORD.matcher(m.group("name")).find()) {
        return new Cell(Kind.UNPARSED, List.of(), Optional.of(text.substring(pos).strip()));
      }
      String mrl = m.group("mrl");
      residues.add(
          new Residue(
              m.group("name").strip().replaceAll("\\s+", " "),
              Double.parseDouble(m.group("value")),
              mrl == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(mrl)),
              text.substring(m.start(), m.end()).replaceAll("\\s+", " ")));
      pos = m.end();
    }
    if (residues.isEmpty()) {
      return new Cell(Kind.UNPARSED, List.of(), Optional.of(text));
    }
    return new Cell(Kind.RESIDUES, residues, Optional.empty());
  }

  /** The analyte's name as a key: lower case, white space collapsed. */
  static String analyteKey(String analyte) {
    return analyte.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
