package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Delivered text cells of the traceability sources as typed Spark columns. */
final class TraceColumns {
  private TraceColumns() {}

  /** A bronze column, or null when no landed file had it. */
  static Column column(Dataset<Row> bronze, String name) {
    return Arrays.asList(bronze.columns()).contains(name)
        ? col("`" + name + "`")
        : lit(null).cast(DataTypes.StringType);
  }

  /** The cell trimmed (non-breaking spaces too); empty → null. */
  static Column text(Column cell) {
    Column t = trim(regexp_replace(cell.cast(DataTypes.StringType), "\\u00a0", " "));
    return when(t.notEqual(""), t);
  }

  private static final String DECIMAL = "^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$";

  /**
   * A decimal number as written ({@code 1,250.5}, {@code 12}); null when empty or not a number (NaN
   * and Infinity included, which a plain cast would accept).
   */
  static Column number(Column cell) {
    Column s = regexp_replace(text(cell), "[,\\s]", "");
    return when(s.rlike(DECIMAL), s.cast(DataTypes.DoubleType));
  }

  /** A date cell in one of the patterns ({@link DeliveredTimes#date}); null when not a date. */
  static Column date(Column cell, DeliveredTimes.DateStyle style) {
    UDF1<String, Date> f = s -> DeliveredTimes.date(s, style).map(Date::valueOf).orElse(null);
    return udf(f, DataTypes.DateType).withName("delivered_date").apply(text(cell));
  }

  /** A date cell in one of the patterns as the start of its day in UTC; null when not a date. */
  static Column startOfDay(Column cell, DeliveredTimes.DateStyle style) {
    UDF1<String, Timestamp> f =
        s ->
            DeliveredTimes.date(s, style)
                .map(d -> Timestamp.from(d.atStartOfDay(ZoneOffset.UTC).toInstant()))
                .orElse(null);
    return udf(f, DataTypes.TimestampType).withName("delivered_day_start").apply(text(cell));
  }

  /** The struct a time cell parses to: kind (INSTANT, NO_OFFSET, …), instant, offset. */
  static final StructType TIME =
      new StructType()
          .add("kind", DataTypes.StringType, false)
          .add("instant", DataTypes.TimestampType, true)
          .add("offset", DataTypes.StringType, true);

  /** A date-time cell parsed by {@link DeliveredTimes#time}, as {@link #TIME}. */
  static Column time(Column cell) {
    UDF1<String, Row> f =
        s -> {
          DeliveredTimes.DeliveredTime t = DeliveredTimes.time(s);
          return RowFactory.create(
              t.kind().name(),
              t.instant().map(Timestamp::from).orElse(null),
              t.offset().orElse(null));
        };
    return udf(f, TIME).withName("delivered_time").apply(text(cell));
  }
}
