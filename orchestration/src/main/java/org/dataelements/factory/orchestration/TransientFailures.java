package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dataelements.factory.core.LakehouseException;

/**
 * Which failures of a step are worth retrying: the storage, the object store or the catalog did not
 * answer (an I/O error, a refused or reset connection, a JDBC connection error, an Iceberg or Delta
 * commit that lost a race, a service reporting itself unavailable). Data and spec errors are never
 * retried: the factory's own errors ({@link LakehouseException}: bad input, failed gates, invalid
 * specs), Spark's analysis errors, and a missing file, a bad encoding or a refused permission,
 * which waiting does not fix.
 */
final class TransientFailures {
  /**
   * Exception classes, by name, that a retry can cure (their libraries are not all compile deps).
   */
  private static final Set<String> TRANSIENT_CLASSES =
      Set.of(
          "org.apache.iceberg.exceptions.CommitFailedException",
          "org.apache.iceberg.exceptions.ServiceUnavailableException",
          "org.apache.iceberg.exceptions.ServiceFailureException",
          "io.delta.exceptions.ConcurrentAppendException",
          "io.delta.exceptions.ConcurrentWriteException",
          "io.delta.exceptions.ConcurrentTransactionException",
          "com.amazonaws.SdkClientException",
          "com.amazonaws.AmazonClientException");

  /** Failures that are about the data, the spec or the code, even when they wrap an I/O error. */
  private static final Set<String> PERMANENT_CLASSES =
      Set.of(
          "org.apache.spark.sql.AnalysisException",
          "org.apache.iceberg.exceptions.CommitStateUnknownException",
          "org.apache.iceberg.exceptions.ValidationException",
          "org.apache.iceberg.exceptions.NoSuchTableException",
          "org.apache.hadoop.security.AccessControlException");

  private TransientFailures() {}

  /** The cause that makes {@code e} transient, if any (for the retry message). */
  static Optional<Throwable> transientCause(Throwable e) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable found = null;
    for (Throwable t = e; t != null && seen.put(t, true) == null; t = t.getCause()) {
      if (t instanceof LakehouseException
          || t instanceof IllegalArgumentException
          || t instanceof UnsupportedOperationException
          || t instanceof ArithmeticException
          || t instanceof ClassCastException
          || t instanceof NullPointerException
          || t instanceof LinkageError
          || isA(t, PERMANENT_CLASSES)) {
        return Optional.empty();
      }
      if (found == null && isTransient(t)) {
        found = t;
      }
    }
    return Optional.ofNullable(found);
  }

  private static boolean isTransient(Throwable t) {
    if (t instanceof SQLException sql) {
      String state = sql.getSQLState() == null ? "" : sql.getSQLState();
      // 08: connection exception; 57P: the server shut down; 40001: serialization failure
      return state.startsWith("08")
          || state.startsWith("57P")
          || state.equals("40001")
          || sql instanceof java.sql.SQLTransientException
          || sql instanceof java.sql.SQLRecoverableException;
    }
    if (t instanceof IOException) {
      return !(t instanceof java.io.FileNotFoundException
          || t instanceof java.nio.file.NoSuchFileException
          || t instanceof java.nio.file.AccessDeniedException
          || t instanceof java.nio.file.FileAlreadyExistsException
          || t instanceof java.nio.charset.CharacterCodingException
          || t instanceof java.io.CharConversionException);
    }
    return t instanceof java.util.concurrent.TimeoutException || isA(t, TRANSIENT_CLASSES);
  }

  private static boolean isA(Throwable t, Set<String> names) {
    for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
      if (names.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }
}
