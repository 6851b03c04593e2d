package org.dataelements.factory.ingestion.epcis;

import java.util.Set;
import java.util.TreeSet;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.ObjectSpec;

/**
 * The options of an {@code epcis} object. {@code element_order}: {@code lenient} (default; XML
 * events may order their fields freely, as EPCIS readers accept, except that an event may not open
 * with its action ahead of its header) or {@code strict} (the XSD sequence of each event type, user
 * extensions last).
 */
record EpcisOptions(boolean strictElementOrder) {
  static final String ELEMENT_ORDER = "element_order";
  static final EpcisOptions DEFAULTS = new EpcisOptions(false);
  private static final Set<String> KNOWN = Set.of(ELEMENT_ORDER);

  /**
   * The object's options.
   *
   * @throws org.dataelements.factory.core.InvalidSpecException for an unknown option or value
   */
  static EpcisOptions of(ObjectSpec object) {
    for (var e : object.options().entrySet()) {
      if (!KNOWN.contains(e.getKey())) {
        throw CoreErrors.badOption(
            e.getKey() + " of object " + object.name(),
            e.getValue(),
            "an epcis option, one of " + new TreeSet<>(KNOWN));
      }
    }
    String order = object.options().getOrDefault(ELEMENT_ORDER, "lenient").strip();
    if (!order.equals("lenient") && !order.equals("strict")) {
      throw CoreErrors.badOption(
          ELEMENT_ORDER + " of object " + object.name(), order, "lenient or strict");
    }
    return new EpcisOptions(order.equals("strict"));
  }
}
