package org.dataelements.factory.ingestion.epcis;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The GS1 Core Business Vocabulary (CBV 2.0) lists that EPCIS fields draw from, and the check that
 * a value is a CBV term in one of its three spellings (bare name {@code shipping}, URN {@code
 * urn:epcglobal:cbv:bizstep:shipping}, Web URI {@code https://ref.gs1.org/cbv/BizStep-shipping} or
 * its CURIE {@code cbv:BizStep-shipping}) or else any absolute URI (a user vocabulary).
 */
enum Cbv {
  BIZ_STEP(
      "a CBV business step (e.g. shipping, receiving)",
      "bizstep",
      "BizStep",
      Set.of(
          "accepting",
          "arriving",
          "assembling",
          "collecting",
          "commissioning",
          "consigning",
          "creating_class_instance",
          "cycle_counting",
          "decommissioning",
          "departing",
          "destroying",
          "disassembling",
          "dispensing",
          "encoding",
          "entering_exiting",
          "holding",
          "inspecting",
          "installing",
          "killing",
          "loading",
          "other",
          "packing",
          "picking",
          "receiving",
          "removing",
          "repackaging",
          "repairing",
          "replacing",
          "reserving",
          "retail_selling",
          "sampling",
          "sensor_reporting",
          "shipping",
          "staging_outbound",
          "stock_taking",
          "stocking",
          "storing",
          "transporting",
          "unloading",
          "unpacking",
          "void_shipping")),
  DISPOSITION(
      "a CBV disposition (e.g. in_transit, in_progress)",
      "disp",
      "Disp",
      Set.of(
          "active",
          "available",
          "completeness_verified",
          "completeness_inferred",
          "conformant",
          "container_closed",
          "container_open",
          "damaged",
          "destroyed",
          "dispensed",
          "disposed",
          "encoded",
          "expired",
          "in_progress",
          "in_transit",
          "inactive",
          "mismatch_instance",
          "mismatch_class",
          "mismatch_quantity",
          "needs_replacement",
          "no_pedigree_match",
          "non_conformant",
          "non_sellable_other",
          "partially_dispensed",
          "recalled",
          "reserved",
          "retail_sold",
          "returned",
          "sellable_accessible",
          "sellable_not_accessible",
          "stolen",
          "unavailable",
          "unknown")),
  SOURCE_DEST_TYPE(
      "a CBV source/destination type (owning_party, possessing_party, location)",
      "sdt",
      "SDT",
      Set.of("owning_party", "possessing_party", "location")),
  BIZ_TRANSACTION_TYPE(
      "a CBV business transaction type (e.g. po, inv, desadv)",
      "btt",
      "BTT",
      Set.of(
          "bol",
          "cert",
          "desadv",
          "inv",
          "pedigree",
          "po",
          "poc",
          "prodorder",
          "recadv",
          "rma",
          "testprd",
          "testres",
          "upevt")),
  ERROR_REASON(
      "a CBV error reason (did_not_occur, incorrect_data)",
      "er",
      "ER",
      Set.of("did_not_occur", "incorrect_data"));

  /** An absolute URI or CURIE: a scheme or prefix, a colon, and no whitespace. */
  static final Pattern ABSOLUTE_URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:\\S+");

  private final String what;
  private final String urnPrefix;
  private final String webPrefix;
  private final String curiePrefix;
  private final Set<String> terms;

  Cbv(String what, String urn, String web, Set<String> terms) {
    this.what = what;
    this.urnPrefix = "urn:epcglobal:cbv:" + urn + ":";
    this.webPrefix = "https://ref.gs1.org/cbv/" + web + "-";
    this.curiePrefix = "cbv:" + web + "-";
    this.terms = terms;
  }

  /** Why a value is not acceptable for a field drawing on this vocabulary; empty when it is. */
  Optional<String> problem(String field, String value) {
    for (String prefix : new String[] {urnPrefix, webPrefix, curiePrefix}) {
      if (value.startsWith(prefix)) {
        String term = value.substring(prefix.length());
        return terms.contains(term)
            ? Optional.empty()
            : Optional.of(
                field
                    + " '"
                    + value
                    + "' uses the CBV namespace but '"
                    + term
                    + "' is not "
                    + what);
      }
    }
    if (terms.contains(value) || ABSOLUTE_URI.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        field
            + " '"
            + value
            + "' is neither "
            + what
            + " nor a URI ("
            + urnPrefix
            + "..., or an absolute URI for a user vocabulary)");
  }
}
