package org.dataelements.factory.ingestion;

import org.dataelements.factory.core.LakehouseException;

/**
 * A file's records counted apart from parsing differ from the records its parser landed and
 * quarantined: a record was lost or invented. The object is not written.
 */
public final class IngestAccountingException extends LakehouseException {
  private static final long serialVersionUID = 1L;

  public IngestAccountingException(String message) {
    super(message);
  }
}
